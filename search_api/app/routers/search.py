"""``GET /api/search``: the query language plus separate filters, with snippets and facets."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Query

from search_api.app.deps import SettingsDep, StoreDep
from search_api.app.schemas import QueryErrorOut, SearchOut
from search_api.query import parse
from search_api.store.base import MAX_RESULT_WINDOW, SearchRequest

router = APIRouter(prefix="/api", tags=["search"])
# Dates without a time mean whole days in the office's timezone (DESIGN.md: Asia/Jakarta).
OFFICE_TZ = ZoneInfo("Asia/Jakarta")


def day_start(value: date | datetime, *, end: bool = False) -> datetime:
    """A ``from``/``to`` parameter as an aware datetime; a plain ``to`` date includes that whole
    day."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=OFFICE_TZ)
    day = value + timedelta(days=1) if end else value
    return datetime.combine(day, time.min, tzinfo=OFFICE_TZ)


@router.get(
    "/search",
    response_model=SearchOut,
    responses={
        400: {"model": QueryErrorOut, "description": "malformed query, with the error position"}
    },
)
def search(
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[str, Query(max_length=1000, description="boolean query, see README")] = "",
    date_from: Annotated[date | datetime | None, Query(alias="from")] = None,
    date_to: Annotated[date | datetime | None, Query(alias="to")] = None,
    outlet: Annotated[list[str] | None, Query()] = None,
    agency: Annotated[list[str] | None, Query()] = None,
    sentiment: Annotated[list[Literal["positive", "neutral", "negative"]] | None, Query()] = None,
    sort: Literal["relevance", "newest", "oldest"] = "relevance",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    size: Annotated[int, Query(ge=1)] = 20,
) -> SearchOut:
    if size > settings.api.max_page_size:
        raise HTTPException(400, f"size must be at most {settings.api.max_page_size}")
    if page * size > MAX_RESULT_WINDOW:
        raise HTTPException(
            400, f"page × size must be at most {MAX_RESULT_WINDOW}: refine the query"
        )
    start = day_start(date_from) if date_from is not None else None
    end = day_start(date_to, end=True) if date_to is not None else None
    if start is not None and end is not None and start >= end:
        raise HTTPException(400, "'from' must be before 'to'")
    request = SearchRequest(
        query=parse(q),
        date_from=start,
        date_to=end,
        outlets=outlet or [],
        agencies=agency or [],
        sentiments=list(sentiment or []),
        sort=sort,
        page=page,
        size=size,
    )
    return SearchOut.of(q, page, size, store.search(request))
