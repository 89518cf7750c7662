"""Press releases (:mod:`search_api.releases`): ``GET /api/releases`` (newest first),
``GET /api/releases/{id}`` (the release and its pickups), ``POST /api/releases`` (role staf, as
every change): pasted text with a title, or the URL of a page of the office's own site that the
crawl has stored (the API fetches nothing; ``pantau releases add --url`` does).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field, model_validator

from search_api.app.deps import OfficeDep, OfficeTzDep, RowId, StoreDep
from search_api.auth.guard import current_user
from search_api.releases.lookup import stored_page
from search_api.releases.pickups import find_pickups
from search_api.releases.registry import (
    MAX_TEXT,
    MAX_TITLE,
    ReleaseError,
    add_from_article,
    add_release,
    get_release,
    list_releases,
    own_outlets,
)
from search_api.releases.serialise import pickup_dict, release_dict
from search_api.store import StoreError

router = APIRouter(tags=["releases"])


class ReleaseIn(BaseModel):
    url: str | None = Field(
        default=None, max_length=2000, description="a page of the office's own site, crawled"
    )
    title: str | None = Field(default=None, max_length=MAX_TITLE)
    text: str | None = Field(default=None, max_length=MAX_TEXT)
    published_at: datetime | None = Field(
        default=None, description="with text: when it was released (default: now)"
    )

    @model_validator(mode="after")
    def _one_way(self) -> ReleaseIn:
        if (self.url is None) == (self.text is None):
            raise ValueError("give either url, or title and text")
        if self.text is not None and not self.title:
            raise ValueError("title: needed with text")
        return self


def _by(request: Request) -> str:
    user = current_user(request)
    return user.username if user is not None else "api"


@router.get("/api/releases")
def releases(office: OfficeDep) -> list[dict[str, Any]]:
    return [release_dict(r) for r in list_releases(office)]


@router.get("/api/releases/{release_id}")
def release(release_id: RowId, office: OfficeDep, store: StoreDep) -> dict[str, Any]:
    try:
        found = get_release(office, release_id)
    except ReleaseError as exc:
        raise HTTPException(404, str(exc)) from exc
    try:
        pickups = find_pickups(store, found, own_outlets(office))
    except StoreError as exc:
        raise HTTPException(503, f"article store: {exc}") from exc
    return {**release_dict(found, full_text=True), "pickups": [pickup_dict(p) for p in pickups]}


@router.post("/api/releases", status_code=201)
def add(
    body: ReleaseIn, request: Request, office: OfficeDep, store: StoreDep, tz: OfficeTzDep
) -> dict[str, Any]:
    try:
        if body.url is not None:
            page = stored_page(store, body.url)
            if page is None:
                raise HTTPException(
                    422,
                    f"{body.url}: this page has not been crawled; mark the office's site "
                    "own: true in sources.yaml, or run pantau releases add --url",
                )
            made, created = add_from_article(office, page, source="url", registered_by=_by(request))
        else:
            published = body.published_at or datetime.now(tz)
            if published.tzinfo is None:
                published = published.replace(tzinfo=tz)
            made, created = add_release(
                office,
                title=body.title or "",  # ReleaseIn requires both with text
                text=body.text or "",
                published_at=published,
                source="text",
                registered_by=_by(request),
            )
    except ReleaseError as exc:
        raise HTTPException(400, str(exc)) from exc
    except StoreError as exc:
        raise HTTPException(503, f"article store: {exc}") from exc
    return {"created": created, **release_dict(made)}
