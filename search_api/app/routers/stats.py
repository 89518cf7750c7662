"""``GET /api/stats/timeline`` and ``GET /api/stats/facets``: tone over time and share of voice.

Both take the search's query language and filters (:mod:`search_api.app.filters`: ``q``,
``from``, ``to``, ``outlet``, ``agency``, ``sentiment``, ``agency_tone``) and count the same
matches ``/api/search`` would list. Days are office days (``schedule.timezone``). The numbers
come from :mod:`search_api.store.overview`; this router only shapes them as JSON. A malformed
query is a 400 naming the position (the app's ``QueryError`` handler), as for ``/api/search``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from search_api.app.deps import StoreDep
from search_api.app.filters import SearchFiltersDep
from search_api.app.schemas import ErrorOut
from search_api.app.stats_schemas import BucketOut, FacetsOut, TimelineOut
from search_api.store.overview import (
    StatsQuery,
    share_of_voice,
    timeline_totals,
    tone_timeline,
)
from search_api.store.stats import bucket_end

router = APIRouter(prefix="/api/stats", tags=["stats"])
# Ten agencies or outlets fill a dashboard panel; a hundred is the most one request may list.
DEFAULT_TOP = 10
MAX_TOP = 100
_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorOut, "description": "malformed query, with the error position"}
}


def stats_query(filters: SearchFiltersDep) -> StatsQuery:
    return StatsQuery.of(filters.q, replace(filters.request, size=1), filters.tz)


StatsQueryDep = Annotated[StatsQuery, Depends(stats_query)]


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
    buckets = [
        BucketOut.model_validate(
            {
                "start": bucket.start,
                "end": bucket_end(bucket.start, result.interval),
                "tones": bucket.counts,
            }
        )
        for bucket in result.buckets
    ]
    return TimelineOut.model_validate(
        {
            "query": query.q,
            "date_from": query.first_day,
            "date_to": query.last_day,
            "interval": result.interval,
            "buckets": buckets,
            "totals": timeline_totals(result),
            "undated": result.undated,
        }
    )


@router.get("/facets", response_model=FacetsOut, responses=_ERRORS)
def facets(
    store: StoreDep,
    query: StatsQueryDep,
    size: Annotated[int, Query(ge=1, le=MAX_TOP, description="how many outlets/agencies")] = (
        DEFAULT_TOP
    ),
) -> FacetsOut:
    shares = share_of_voice(store, query.request, size)
    return FacetsOut.of(query, shares)
