"""``GET /api/stats/timeline`` and ``GET /api/stats/facets``: tone over time and share of voice.

Both take the search's query language and filters (:mod:`search_api.app.filters`: ``q``,
``from``, ``to``, ``outlet``, ``agency``, ``sentiment``, ``agency_tone``) and count the same
matches ``/api/search`` would list. Days are Asia/Jakarta calendar days. A malformed query is a
400 naming the position (the app's ``QueryError`` handler), as for ``/api/search``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from search_api.app.deps import StoreDep
from search_api.app.filters import OFFICE_TZ, SearchFiltersDep
from search_api.app.schemas import QueryErrorOut
from search_api.app.stats_schemas import (
    AgencyShareOut,
    BucketOut,
    FacetsOut,
    ShareOut,
    TimelineOut,
    TonesOut,
)
from search_api.store.base import (
    Interval,
    SearchRequest,
    SearchResult,
    Store,
    Timeline,
    ToneCounts,
)
from search_api.store.stats import bucket_end, choose_interval, filled, rolled_up

router = APIRouter(prefix="/api/stats", tags=["stats"])
# Ten agencies or outlets fill a dashboard panel; a hundred is the most one request may list.
DEFAULT_TOP = 10
MAX_TOP = 100
_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": QueryErrorOut, "description": "malformed query, with the error position"}
}


@dataclass(frozen=True, slots=True)
class StatsQuery:
    """The search parameters the stats endpoints share, parsed into a store request."""

    q: str
    first_day: date | None
    last_day: date | None
    request: SearchRequest

    @classmethod
    def of(cls, q: str, request: SearchRequest) -> StatsQuery:
        """The days a request's (aware, end-exclusive) date range covers, in Asia/Jakarta."""
        start, end = request.date_from, request.date_to
        first = start.astimezone(OFFICE_TZ).date() if start is not None else None
        # ``end`` is exclusive: the last day is the one before it (a moment before, for a time).
        last = (end - timedelta(microseconds=1)).astimezone(OFFICE_TZ).date() if end else None
        return cls(q=q, first_day=first, last_day=last, request=request)


def stats_query(filters: SearchFiltersDep) -> StatsQuery:
    return StatsQuery.of(filters.q, replace(filters.request(), size=1))


StatsQueryDep = Annotated[StatsQuery, Depends(stats_query)]


def tone_timeline(
    store: Store, query: StatsQuery, interval: Interval | Literal["auto"]
) -> Timeline:
    """The timeline with ``auto`` resolved and every bucket of the range present.

    ``auto`` picks by the asked range; with an open end, by the span of the matches (read per
    day, then summed into weeks or months: the same counts as asking the store for those).
    """
    first, last = query.first_day, query.last_day
    if interval == "auto" and first is not None and last is not None:
        interval = choose_interval(first, last)
    if interval != "auto":
        return filled(store.timeline(query.request, interval), first, last)
    daily = store.timeline(query.request, "day")
    if not daily.buckets:
        return filled(daily, first, last)
    span = choose_interval(first or daily.buckets[0].start, last or daily.buckets[-1].start)
    timeline = daily if span == "day" else rolled_up(daily, span)
    return filled(timeline, first, last)


@router.get("/timeline", response_model=TimelineOut, responses=_ERRORS)
def timeline(
    store: StoreDep,
    query: StatsQueryDep,
    interval: Annotated[
        Literal["day", "week", "month", "auto"],
        Query(description="bucket size; auto: days up to 2 months, weeks up to a year, months"),
    ] = "auto",
) -> TimelineOut:
    result = tone_timeline(store, query, interval)
    totals = ToneCounts()
    for bucket in result.buckets:
        for tone in ("positive", "neutral", "negative", "none"):
            totals.add(tone, bucket.counts.get(tone))
    buckets = [
        BucketOut(
            start=bucket.start,
            end=bucket_end(bucket.start, result.interval),
            tones=TonesOut.of(bucket.counts),
        )
        for bucket in result.buckets
    ]
    return TimelineOut(
        query=query.q,
        date_from=query.first_day,
        date_to=query.last_day,
        interval=result.interval,
        buckets=buckets,
        totals=TonesOut.of(totals),
        undated=result.undated,
    )


@router.get("/facets", response_model=FacetsOut, responses=_ERRORS)
def facets(
    store: StoreDep,
    query: StatsQueryDep,
    size: Annotated[int, Query(ge=1, le=MAX_TOP, description="how many outlets/agencies")] = (
        DEFAULT_TOP
    ),
) -> FacetsOut:
    return share_of_voice(store, query, size)


def facet_request(request: SearchRequest, size: int) -> SearchRequest:
    """The search whose facets :func:`share_of_voice` reads, listing ``size`` outlets."""
    # The sentiment facet obeys facet_size too, and must list all three labels.
    return replace(request, facets=True, facet_size=max(size, 3))


def share_of_voice(
    store: Store, query: StatsQuery, size: int, result: SearchResult | None = None
) -> FacetsOut:
    """Totals by tone, top outlets and top agencies with their shares and tones.

    ``result``: the search of :func:`facet_request`, when the caller has already run it.
    """
    request = query.request
    if result is None:
        result = store.search(facet_request(request, size))
    total = result.total
    tones = ToneCounts()
    for facet in result.facets.get("sentiment", []):
        tones.add(facet.value, facet.count)
    tones.add("none", total - tones.total)  # the sentiment facet lists only labelled articles

    def share(count: int) -> float:
        return count / total if total else 0.0

    outlets = [
        ShareOut(value=f.value, count=f.count, share=share(f.count))
        for f in result.facets.get("outlet", [])[:size]
    ]
    agencies = [
        AgencyShareOut(
            value=row.agency,
            count=row.articles,
            share=share(row.articles),
            tones=TonesOut.of(row.tones),
        )
        for row in store.agency_tones(request, size)
    ]
    return FacetsOut(
        query=query.q,
        date_from=query.first_day,
        date_to=query.last_day,
        total=total,
        sentiment=TonesOut.of(tones),
        outlets=outlets,
        agencies=agencies,
    )
