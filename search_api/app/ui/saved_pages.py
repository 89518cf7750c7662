"""Saved searches in the web UI: ``/tersimpan`` (the list with subscribers), deleting, and the
subscription forms; the create and edit forms are in ``saved_editor.py``.

Every change is a plain HTML form posted here and answered with a 303 redirect to the list
(POST/redirect/GET), so a reload never repeats it and no JavaScript is needed. A form with a
problem (a query that does not parse, an empty name, a malformed address) comes back with the
values as entered, the message in the page's language and status 400; an unknown id is a 404
page. The records and every check are the digests package's (:mod:`search_api.digests.searches`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from search_api.alerts import rules
from search_api.app.deps import OfficeDep, SettingsDep
from search_api.app.ui.rendering import Page, PageDep
from search_api.app.ui.saved_common import NOTICES, FormDep, done, not_found
from search_api.app.ui.saved_form import explain, language_or
from search_api.app.ui.search_form import SearchForm
from search_api.auth.guard import require_subscriber
from search_api.digests import searches
from search_api.digests.searches import NotFound, SavedSearch
from search_api.digests.validation import ValidationError
from search_api.i18n import LANGUAGES

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class SavedView:
    saved: SavedSearch
    results_url: str  # the search page with this query and these filters

    @classmethod
    def of(cls, saved: SavedSearch) -> SavedView:
        form = SearchForm(
            q=saved.query,
            outlet=tuple(saved.outlets),
            agency=tuple(saved.agencies),
            sentiment=tuple(saved.sentiments),
            agency_tone=tuple(saved.agency_tones),
        )
        return cls(saved=saved, results_url=form.url())


@dataclass(frozen=True, slots=True)
class SubscribeProblem:
    """A subscribe form that came back: which search, what was typed, what is wrong."""

    search_id: int
    email: str
    language: str
    message: str


def parse_id(raw: str) -> int | None:
    """An id from the path; anything but a positive number is simply not found."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


# List ----------------------------------------------------------------------------------------


@router.get("/tersimpan", response_class=HTMLResponse, name="ui_saved_list")
def saved_list(request: Request, office: OfficeDep, page: PageDep) -> HTMLResponse:
    notice = request.query_params.get("ok")
    return _list(page, office, notice=notice if notice in NOTICES else None)


def _list(
    page: Page,
    office: sqlite3.Connection,
    *,
    status: int = 200,
    notice: str | None = None,
    subscribe_problem: SubscribeProblem | None = None,
) -> HTMLResponse:
    return page.render(
        "saved_list.html",
        status,
        saved_searches=[SavedView.of(s) for s in searches.list_saved_searches(office)],
        notice=notice,
        subscribe_problem=subscribe_problem,
        languages=LANGUAGES,
        alert_rules={rule.subscription_id: rule for rule in rules.list_rules(office)},
    )


# Delete --------------------------------------------------------------------------------------


@router.get("/tersimpan/{search_id}/hapus", response_class=HTMLResponse, name="ui_saved_delete")
def saved_delete_confirm(search_id: str, office: OfficeDep, page: PageDep) -> HTMLResponse:
    number = parse_id(search_id)
    try:
        saved = searches.get_saved_search(office, number if number is not None else 0)
    except NotFound:
        return not_found(page, number or 0)
    return page.render("saved_delete.html", view=SavedView.of(saved))


@router.post("/tersimpan/{search_id}/hapus", response_class=HTMLResponse)
def saved_delete(search_id: str, office: OfficeDep, page: PageDep) -> Response:
    number = parse_id(search_id) or 0
    try:
        searches.delete_saved_search(office, number)
    except NotFound:
        return not_found(page, number)
    return done("deleted")


# Subscriptions -------------------------------------------------------------------------------


@router.post("/tersimpan/{search_id}/langganan", response_class=HTMLResponse)
def subscribe(
    request: Request,
    search_id: str,
    data: FormDep,
    office: OfficeDep,
    settings: SettingsDep,
    page: PageDep,
) -> Response:
    number = parse_id(search_id) or 0
    email = str(data.get("email", "")).strip()
    require_subscriber(request, settings, email)
    language = language_or(str(data.get("language", "")), page.language)
    try:
        searches.subscribe(office, number, email, language)
    except NotFound:
        return not_found(page, number)
    except ValidationError as exc:
        problem = SubscribeProblem(number, email, language, explain(exc, page.messages)[1])
        return _list(page, office, status=400, subscribe_problem=problem)
    return done("subscribed", number)


@router.post(
    "/tersimpan/{search_id}/langganan/{subscription_id}/{action}", response_class=HTMLResponse
)
def change_subscription(
    search_id: str, subscription_id: str, action: str, office: OfficeDep, page: PageDep
) -> Response:
    """``jeda`` pauses (the address is kept), ``aktifkan`` resumes, ``hapus`` unsubscribes."""
    number = parse_id(search_id) or 0
    sub_id = parse_id(subscription_id) or 0
    try:
        if action == "jeda":
            searches.update_subscription(office, number, sub_id, active=False)
            return done("paused", number)
        if action == "aktifkan":
            searches.update_subscription(office, number, sub_id, active=True)
            return done("resumed", number)
        if action == "hapus":
            searches.unsubscribe(office, number, sub_id)
            return done("unsubscribed", number)
    except NotFound:
        pass
    return not_found(page, number)
