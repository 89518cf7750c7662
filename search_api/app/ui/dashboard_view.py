"""The overview page's numbers as things a template shows: counts, shares, bar sizes and links.

Every count links to the search page showing exactly the articles counted: the page's own query
and filters, plus a tone (``sentiment``), a bucket's days (``from``/``to``), an outlet or agency,
or the tone towards an agency (``agency_tone``). A filter of the same kind already set would be
OR-ed with the new value, so then the outlet or agency is added to the query instead
(``outlet:…``/``agency:…``), which is AND-ed. Articles without a tone of their own have no search
filter, so their counts are not links.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from babel.dates import format_date

from search_api.app.ui.search_form import FilterName, SearchForm
from search_api.i18n import Language
from search_api.store.base import TONES, Interval, Timeline, ToneCounts
from search_api.store.overview import ShareOfVoice, StatsQuery
from search_api.store.stats import bucket_end

_BUCKET_PATTERN = {"day": "EEE d MMM", "week": "d MMM", "month": "MMM y"}


@dataclass(frozen=True, slots=True)
class ToneCell:
    tone: str
    count: int
    share: float  # of the row's total, 0–1
    url: str | None


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # the bucket's first day (or month), short
    first: date
    last: date
    total: int
    url: str | None
    height: float  # percent of the tallest bar
    cells: list[ToneCell]


@dataclass(frozen=True, slots=True)
class ShareRow:
    value: str
    label: str
    count: int
    share: float
    url: str
    cells: list[ToneCell]  # per-agency tone; empty for outlets


@dataclass(frozen=True, slots=True)
class Overview:
    total: int
    stories: int
    total_url: str
    tones: list[ToneCell]
    interval: Interval
    bars: list[Bar]
    undated: int
    agencies: list[ShareRow]
    outlets: list[ShareRow]
    total_is_exact: bool = True  # False: "10.000+"
    sample: int | None = None  # tones and shares counted from this many newest matches


def _and(query: str, term: str) -> str:
    return f"({query}) {term}" if query else term


def with_outlet(form: SearchForm, outlet: str) -> SearchForm:
    if not form.outlet or form.outlet == (outlet,):
        return replace(form, outlet=(outlet,))
    return replace(form, q=_and(form.q, f"outlet:{outlet}"))


def with_agency(form: SearchForm, agency: str) -> SearchForm:
    if not form.agency or form.agency == (agency,):
        return replace(form, agency=(agency,))
    return replace(form, q=_and(form.q, f"agency:{agency}"))


def _cells(
    tones: ToneCounts, link: SearchForm | None, linker: str, agency: str | None = None
) -> list[ToneCell]:
    """The four tone counts of one row; ``linker`` says which filter a tone becomes."""
    cells = []
    for tone in TONES:
        count = tones.get(tone)
        url = None
        if link is not None and count:
            if linker == "agency_tone":
                url = replace(link, agency_tone=(f"{agency}:{tone}",)).url()
            elif tone != "none":
                url = replace(link, sentiment=(tone,)).url()
        share = count / tones.total if tones.total else 0.0
        cells.append(ToneCell(tone=tone, count=count, share=share, url=url))
    return cells


def _bars(
    timeline: Timeline, link: SearchForm, first: date | None, last: date | None, language: Language
) -> list[Bar]:
    tallest = max((bucket.counts.total for bucket in timeline.buckets), default=0)
    bars = []
    for bucket in timeline.buckets:
        # The bucket's days, cut to the range asked for: its link counts what the bar counts.
        start = max(bucket.start, first) if first else bucket.start
        end = bucket_end(bucket.start, timeline.interval)
        end = min(end, last) if last else end
        days = replace(link, date_from=start.isoformat(), date_to=end.isoformat())
        counts = bucket.counts
        bars.append(
            Bar(
                label=format_date(
                    bucket.start, _BUCKET_PATTERN[timeline.interval], locale=language
                ),
                first=start,
                last=end,
                total=counts.total,
                url=days.url() if counts.total else None,
                height=100 * counts.total / tallest if tallest else 0,
                cells=_cells(counts, days, "sentiment"),
            )
        )
    return bars


def overview(
    form: SearchForm,
    query: StatsQuery,
    facets: ShareOfVoice,
    timeline: Timeline,
    names: Mapping[FilterName, dict[str, str]],
    language: Language,
) -> Overview:
    """``names``: display names of outlets and agencies by id (else the id is shown)."""
    link = replace(form, page=1, sort="")
    agencies = [
        ShareRow(
            value=row.value,
            label=names["agency"].get(row.value, row.value),
            count=row.count,
            share=row.share,
            url=with_agency(link, row.value).url(),
            cells=_cells(row.tones, link, "agency_tone", row.value),
        )
        for row in facets.agencies
    ]
    outlets = [
        ShareRow(
            value=row.value,
            label=names["outlet"].get(row.value, row.value),
            count=row.count,
            share=row.share,
            url=with_outlet(link, row.value).url(),
            cells=[],
        )
        for row in facets.outlets
    ]
    return Overview(
        total=facets.total,
        stories=facets.stories,
        total_url=link.url(),
        tones=_cells(facets.sentiment, link, "sentiment"),
        interval=timeline.interval,
        bars=_bars(timeline, link, query.first_day, query.last_day, language),
        undated=timeline.undated,
        agencies=agencies,
        outlets=outlets,
        total_is_exact=facets.total_is_exact,
        sample=facets.sample,
    )
