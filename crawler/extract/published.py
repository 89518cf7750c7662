"""The publication date of a page: which of its date sources wins, or why there is none.

Sources by priority: JSON-LD ``datePublished`` (or ``dateCreated``), meta tags, ``<time
datetime>``, date text next to the headline and in date-classed elements (:mod:`.metadata`), the
URL's ``/YYYY/MM/DD/``. The first source that parses wins, with one exception: a **date without
a time of day** (an ISO day, "9 November 2023", a URL; any value at local midnight, which is how
a day without a time is stored) gives way to a later source naming the
same local day *with* a time, since the time is what a humas office sorts coverage by, and a
missing time is not evidence of midnight. A later source on another day never overrides the
first.

No source, no date: the value is left empty, never guessed, and the reason is logged (the
``Article`` has no field for it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, time

from crawler.extract.dates import date_from_url, find_indonesian_date, parse_iso_date, zone
from crawler.extract.metadata import PageMeta
from pantau.models import DateSource

logger = logging.getLogger(__name__)

Candidate = tuple[datetime, DateSource, bool]


def _candidates(
    meta: PageMeta, url: str, tz: str, now: datetime, near_title: str
) -> Iterator[Candidate]:
    """Every parsed date of the page in priority order, with whether it has a time of day."""
    jsonld: list[tuple[str, DateSource]] = (
        [(meta.jsonld_published, "json-ld")] if meta.jsonld_published else []
    )
    iso: list[tuple[str, DateSource]] = [
        *jsonld,
        *((raw, "meta") for raw in meta.meta_published),
        *((raw, "time") for raw in meta.time_values),
    ]
    for raw, source in iso:
        value = parse_iso_date(raw, tz, now=now)
        if value is not None:
            # A value at local midnight is a day without a time ("2023-11-09"), however written.
            yield value, source, value.astimezone(zone(tz)).time() != time(0)
    for raw in [near_title, *meta.date_texts]:
        found = find_indonesian_date(raw, tz, now=now)
        if found is not None:
            yield found.value, "text", found.has_time
    value = date_from_url(url, tz, now=now)
    if value is not None:
        yield value, "url", False


def published(
    meta: PageMeta, url: str, tz: str, now: datetime, near_title: str
) -> tuple[datetime | None, DateSource | None]:
    """The publication date and its source, by the rules of the module docstring."""
    first: Candidate | None = None
    for candidate in _candidates(meta, url, tz, now, near_title):
        value, source, has_time = candidate
        if first is None:
            if has_time:
                return value, source
            first = candidate
        elif has_time and _day(value, tz) == _day(first[0], tz):
            return value, source
    if first is not None:
        return first[0], first[1]
    logger.info("no publication date for %s: %s", url, _no_date_reason(meta))
    return None, None


def _day(value: datetime, tz: str) -> tuple[int, int, int]:
    local = value.astimezone(zone(tz))
    return local.year, local.month, local.day


def _no_date_reason(meta: PageMeta) -> str:
    """Why no date was found: what the page had that did not parse, or that it had nothing."""
    raws = [meta.jsonld_published or "", *meta.meta_published, *meta.time_values]
    unparsed = [raw for raw in raws if raw]
    if unparsed:
        return f"unparseable or future date values {unparsed[:3]}"
    if meta.date_texts:
        return f"no date in {len(meta.date_texts)} date-classed texts, none in the URL"
    return "no date in JSON-LD, meta, <time>, the header, date-classed elements or the URL"
