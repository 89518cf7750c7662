"""The search filters every listing endpoint shares (``/api/search``, ``/api/stats/*``).

One FastAPI dependency parses them, so the endpoints cannot drift apart in what ``from`` means or
which filters they take: ``q`` (the query language, parsed here: a malformed query raises
``QueryError``, which the app turns into a 400 naming the position), ``from``/``to`` (a plain date
is a whole Asia/Jakarta day; ``to`` includes its day), ``outlet``, ``agency``, ``sentiment`` and
``agency_tone`` (``<agency id>:<tone>`` — articles whose tone *towards that agency* is that tone;
tone ``positive``, ``neutral``, ``negative`` or ``none``), each repeatable (values of one filter are
ORed, filters ANDed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import Depends, HTTPException, Query

from search_api.filters_core import AGENCY_TONE_FORMAT, parse_agency_tone
from search_api.query import Node, parse
from search_api.store.base import SearchRequest, Tone

# Dates without a time mean whole days in the office's timezone (DESIGN.md: Asia/Jakarta).
OFFICE_TZ = ZoneInfo("Asia/Jakarta")
Sentiment = Literal["positive", "neutral", "negative"]


def day_start(value: date | datetime, *, end: bool = False) -> datetime:
    """A ``from``/``to`` parameter as an aware datetime; a plain ``to`` date includes that whole
    day."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=OFFICE_TZ)
    day = value + timedelta(days=1) if end else value
    return datetime.combine(day, time.min, tzinfo=OFFICE_TZ)


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """The parsed filters; :meth:`request` makes the store request for one endpoint."""

    q: str
    query: Node | None
    date_from: datetime | None  # aware
    date_to: datetime | None  # aware, exclusive
    outlets: list[str]
    agencies: list[str]
    sentiments: list[str]
    agency_tones: list[tuple[str, Tone]]

    def request(self) -> SearchRequest:
        """A store request with these filters and the default paging; endpoints ``replace()``
        the rest (sort, page, size, facets)."""
        return SearchRequest(
            query=self.query,
            date_from=self.date_from,
            date_to=self.date_to,
            outlets=list(self.outlets),
            agencies=list(self.agencies),
            sentiments=list(self.sentiments),
            agency_tones=list(self.agency_tones),
        )


def search_filters(
    q: Annotated[str, Query(max_length=1000, description="boolean query, see README")] = "",
    date_from: Annotated[
        date | datetime | None, Query(alias="from", description="a day (Asia/Jakarta) or a time")
    ] = None,
    date_to: Annotated[
        date | datetime | None, Query(alias="to", description="a day (included) or a time")
    ] = None,
    outlet: Annotated[list[str] | None, Query()] = None,
    agency: Annotated[list[str] | None, Query()] = None,
    sentiment: Annotated[list[Sentiment] | None, Query()] = None,
    agency_tone: Annotated[
        list[str] | None,
        Query(description="<agency id>:<positive|neutral|negative|none>, the tone towards it"),
    ] = None,
) -> SearchFilters:
    start = day_start(date_from) if date_from is not None else None
    end = day_start(date_to, end=True) if date_to is not None else None
    if start is not None and end is not None and start >= end:
        raise HTTPException(400, "'from' must be before 'to'")
    pairs = []
    for value in agency_tone or []:
        pair = parse_agency_tone(value)
        if pair is None:
            raise HTTPException(400, f"agency_tone {value!r}: expected {AGENCY_TONE_FORMAT}")
        pairs.append(pair)
    return SearchFilters(
        q=q,
        query=parse(q),
        date_from=start,
        date_to=end,
        outlets=outlet or [],
        agencies=agency or [],
        sentiments=list(sentiment or []),
        agency_tones=pairs,
    )


SearchFiltersDep = Annotated[SearchFilters, Depends(search_filters)]
