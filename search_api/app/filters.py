"""The search filters every listing endpoint shares (``/api/search``, ``/api/stats/*``).

One FastAPI dependency reads them from the URL and hands them to the one request builder
(:func:`search_api.filters_core.build_request`), so the endpoints cannot drift apart in what
``from`` means or which filters they take: ``q`` (the query language: a malformed query raises
``QueryError``, which the app turns into a 400 naming the position), ``from``/``to`` (a plain date
is a whole day in the office's timezone; ``to`` includes its day), ``outlet``, ``agency``,
``sentiment`` and ``agency_tone`` (``<agency id>:<tone>`` — articles whose tone *towards that
agency* is that tone), each repeatable (values of one filter are ORed, filters ANDed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, HTTPException, Query

from search_api.app.deps import SettingsDep
from search_api.filters_core import (
    AGENCY_TONE_FORMAT,
    FilterError,
    Filters,
    build_request,
    office_timezone,
)
from search_api.store.base import SearchRequest


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """The filters as given and the store request built from them (default paging); endpoints
    ``replace()`` the rest (sort, page, size, facets)."""

    q: str
    tz: ZoneInfo
    filters: Filters  # as given, for what names the search (exports)
    request: SearchRequest


def search_filters(
    settings: SettingsDep,
    q: Annotated[str, Query(max_length=1000, description="boolean query, see README")] = "",
    date_from: Annotated[
        date | datetime | None, Query(alias="from", description="a day (office time) or a time")
    ] = None,
    date_to: Annotated[
        date | datetime | None, Query(alias="to", description="a day (included) or a time")
    ] = None,
    outlet: Annotated[list[str] | None, Query()] = None,
    agency: Annotated[list[str] | None, Query()] = None,
    sentiment: Annotated[
        list[str] | None,
        Query(description="positive|neutral|negative (or negatif …)"),
    ] = None,
    agency_tone: Annotated[
        list[str] | None,
        Query(description=f"{AGENCY_TONE_FORMAT}, the tone towards that agency"),
    ] = None,
) -> SearchFilters:
    filters = Filters(
        q=q,
        date_from=date_from,
        date_to=date_to,
        outlets=outlet or (),
        agencies=agency or (),
        sentiments=sentiment or (),
        agency_tones=agency_tone or (),
    )
    tz = office_timezone(settings)
    try:
        request = build_request(filters, tz)
    except FilterError as exc:
        raise HTTPException(400, str(exc)) from None
    return SearchFilters(q=q, tz=tz, filters=filters, request=request)


SearchFiltersDep = Annotated[SearchFilters, Depends(search_filters)]
