"""``/api/saved-searches``: saved searches, their e-mail subscriptions and a digest preview.

The rows live in the office database (``office.db`` in ``PANTAU_HOME``), opened per request: a
connection is cheap, and the API's lifespan then needs nothing new. A query that does not parse is
answered 400 with ``{"detail": {"message", "position", "query"}}`` like ``/api/search``; other
invalid values 400 with a message (an ``agency_tones`` entry that is not ``<agency id>:<tone>``
names the expected form); an unknown id 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response

from search_api.app.deps import AgencyNamesDep, OfficeDep, RowId, SettingsDep, StoreDep
from search_api.app.saved_schemas import (
    DigestOut,
    LanguageIn,
    SavedSearchIn,
    SavedSearchOut,
    SavedSearchPatch,
    SubscriptionIn,
    SubscriptionOut,
    SubscriptionPatch,
)
from search_api.app.schemas import ErrorOut
from search_api.auth.guard import require_subscriber
from search_api.digests import searches
from search_api.digests.preview import preview_digest
from search_api.digests.searches import NotFound, SearchFields
from search_api.digests.validation import ValidationError, check_email
from search_api.query import QueryError
from search_api.store import StoreError
from search_api.store.overview import known_outlets

router = APIRouter(prefix="/api/saved-searches", tags=["saved searches"])

# Typed as FastAPI's ``responses`` parameter wants them.
_QUERY_ERROR: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "malformed query or value"}
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no saved search (or subscription) with that id"}
}


@contextmanager
def _answers(query: str = "") -> Iterator[None]:
    """Our domain errors as HTTP answers: bad query → 400 with the position, bad value → 400,
    unknown id → 404."""
    try:
        yield
    except QueryError as exc:
        detail = {"message": exc.message, "position": exc.position, "query": query}
        raise HTTPException(400, detail) from exc
    except ValidationError as exc:
        raise HTTPException(400, str(exc)) from exc
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("", response_model=list[SavedSearchOut])
def list_saved(office: OfficeDep) -> list[SavedSearchOut]:
    return [SavedSearchOut.of(s) for s in searches.list_saved_searches(office)]


@router.post("", status_code=201, response_model=SavedSearchOut, responses=_QUERY_ERROR)
def create_saved(
    request: Request,
    body: SavedSearchIn,
    office: OfficeDep,
    store: StoreDep,
    settings: SettingsDep,
) -> SavedSearchOut:
    fields = SearchFields(
        name=body.name,
        query=body.query,
        outlets=body.outlets,
        agencies=body.agencies,
        sentiments=body.sentiments,
        agency_tones=body.agency_tones,
        known_outlets=known_outlets(store),
    )
    with _answers(body.query):
        # Every address checked before anything is written, so a typo creates nothing.
        for subscription in body.subscriptions:
            check_email(subscription.email)
            require_subscriber(request, settings, subscription.email)
        saved = searches.create_saved_search(office, fields)
        for subscription in body.subscriptions:
            searches.subscribe(office, saved.id, subscription.email, subscription.language)
        return SavedSearchOut.of(searches.get_saved_search(office, saved.id))


@router.get("/{search_id}", response_model=SavedSearchOut, responses=_NOT_FOUND)
def get_saved(search_id: RowId, office: OfficeDep) -> SavedSearchOut:
    with _answers():
        return SavedSearchOut.of(searches.get_saved_search(office, search_id))


@router.patch(
    "/{search_id}", response_model=SavedSearchOut, responses={**_QUERY_ERROR, **_NOT_FOUND}
)
def update_saved(
    search_id: RowId, body: SavedSearchPatch, office: OfficeDep, store: StoreDep
) -> SavedSearchOut:
    with _answers(body.query or ""):
        current = searches.get_saved_search(office, search_id)
        fields = SearchFields(
            name=current.name if body.name is None else body.name,
            query=current.query if body.query is None else body.query,
            outlets=current.outlets if body.outlets is None else body.outlets,
            agencies=current.agencies if body.agencies is None else body.agencies,
            sentiments=current.sentiments if body.sentiments is None else body.sentiments,
            agency_tones=current.agency_tones if body.agency_tones is None else body.agency_tones,
            known_outlets=known_outlets(store) if body.outlets is not None else None,
        )
        return SavedSearchOut.of(searches.update_saved_search(office, search_id, fields))


@router.delete("/{search_id}", status_code=204, response_class=Response, responses=_NOT_FOUND)
def delete_saved(search_id: RowId, office: OfficeDep) -> Response:
    with _answers():
        searches.delete_saved_search(office, search_id)
    return Response(status_code=204)


@router.post(
    "/{search_id}/subscriptions",
    status_code=201,
    response_model=SubscriptionOut,
    responses={**_QUERY_ERROR, **_NOT_FOUND},
)
def subscribe(
    request: Request,
    search_id: RowId,
    body: SubscriptionIn,
    office: OfficeDep,
    settings: SettingsDep,
) -> SubscriptionOut:
    require_subscriber(request, settings, body.email)
    with _answers():
        return SubscriptionOut.of(searches.subscribe(office, search_id, body.email, body.language))


@router.patch(
    "/{search_id}/subscriptions/{subscription_id}",
    response_model=SubscriptionOut,
    responses=_NOT_FOUND,
)
def update_subscription(
    search_id: RowId, subscription_id: RowId, body: SubscriptionPatch, office: OfficeDep
) -> SubscriptionOut:
    with _answers():
        return SubscriptionOut.of(
            searches.update_subscription(
                office, search_id, subscription_id, active=body.active, language=body.language
            )
        )


@router.delete(
    "/{search_id}/subscriptions/{subscription_id}",
    status_code=204,
    response_class=Response,
    responses=_NOT_FOUND,
)
def unsubscribe(search_id: RowId, subscription_id: RowId, office: OfficeDep) -> Response:
    with _answers():
        searches.unsubscribe(office, search_id, subscription_id)
    return Response(status_code=204)


@router.get(
    "/{search_id}/digest",
    response_model=DigestOut,
    responses={**_NOT_FOUND, 503: {"description": "the article store did not answer"}},
)
def digest_preview(
    search_id: RowId,
    office: OfficeDep,
    store: StoreDep,
    settings: SettingsDep,
    agency_names: AgencyNamesDep,
    day: Annotated[
        date | None, Query(description="YYYY-MM-DD in office time; default: yesterday")
    ] = None,
    lang: LanguageIn = "id",
) -> DigestOut:
    """The digest this saved search would send for ``day``, rendered, without sending it."""
    with _answers():
        saved = searches.get_saved_search(office, search_id)
    try:
        preview = preview_digest(settings, store, saved, names=agency_names, day=day, language=lang)
    except StoreError as exc:
        raise HTTPException(503, f"article store: {exc}") from exc
    return DigestOut.of(preview.digest, preview.rendered)
