"""``GET /api/search``: the query language plus separate filters, with snippets and facets."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query

from search_api.app.deps import SettingsDep, StoreDep
from search_api.app.filters import SearchFiltersDep
from search_api.app.schemas import ErrorOut, SearchOut
from search_api.store.base import MAX_RESULT_WINDOW
from search_api.store.copies import copies_of

router = APIRouter(prefix="/api", tags=["search"])


@router.get(
    "/search",
    response_model=SearchOut,
    responses={400: {"model": ErrorOut, "description": "malformed query, with the error position"}},
)
def search(
    store: StoreDep,
    settings: SettingsDep,
    filters: SearchFiltersDep,
    sort: Literal["relevance", "newest", "oldest"] = "relevance",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    size: Annotated[int, Query(ge=1)] = 20,
    collapse: Annotated[
        bool,
        Query(description="one hit per story, with its copies on other outlets (+N media lain)"),
    ] = False,
) -> SearchOut:
    if size > settings.api.max_page_size:
        raise HTTPException(400, f"size must be at most {settings.api.max_page_size}")
    if page * size > MAX_RESULT_WINDOW:
        raise HTTPException(
            400, f"page × size must be at most {MAX_RESULT_WINDOW}: refine the query"
        )
    request = replace(filters.request, sort=sort, page=page, size=size, collapse=collapse)
    result = store.search(request)
    copies = copies_of(store, request, result.hits) if collapse else None
    return SearchOut.of(filters.q, page, size, result, copies)
