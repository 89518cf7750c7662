"""What the saved-search pages share: the office database per request, posted form data, the
answers for an unknown id or an unavailable database, and the redirect after a POST.

The office database (``office.db`` in ``PANTAU_HOME``) is opened per request, as the JSON router
does; a file that cannot be opened is answered with a 503 page in the UI language, not with the
API's JSON error. Settings come from ``app.state.settings`` (``SettingsDep``); read: ``home``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import FormData

from search_api.app.deps import SettingsDep
from search_api.app.ui.rendering import Page
from search_api.digests.db import OfficeDBError, connect, office_db_path

# After a change, the list page names what was done (``?ok=…``); only these keys are shown.
NOTICES = ("created", "deleted", "subscribed", "paused", "resumed", "unsubscribed")


def get_office(settings: SettingsDep) -> Iterator[sqlite3.Connection | OfficeDBError]:
    """The open connection, or the reason it could not be opened (the page says so)."""
    try:
        conn = connect(office_db_path(settings))
    except OfficeDBError as exc:
        yield exc
        return
    try:
        yield conn
    finally:
        conn.close()


async def get_form(request: Request) -> FormData:
    # Read here, in an async dependency, so the handlers stay plain functions run in the
    # threadpool (the office database is synchronous SQLite).
    return await request.form()


OfficeDep = Annotated[sqlite3.Connection | OfficeDBError, Depends(get_office)]
FormDep = Annotated[FormData, Depends(get_form)]


def cross_site(request: Request) -> bool:
    """A POST sent by a page on another site (browsers name it in ``Origin``).

    The UI has no login, so a form elsewhere could otherwise delete a saved search through a
    visitor's browser. A request without ``Origin`` (curl, old browsers) is let through."""
    origin = request.headers.get("origin")
    if origin is None:
        return False
    return urlsplit(origin).netloc != request.headers.get("host", "")


def problem_page(page: Page, status: int, kind: str, **values: object) -> HTMLResponse:
    """A short page for ``kind`` in ``saved.problem.*``: ``not_found``, ``unavailable`` …"""
    return page.render("saved_problem.html", status, kind=kind, values=values)


def not_found(page: Page, search_id: int) -> HTMLResponse:
    return problem_page(page, 404, "not_found", id=search_id)


def unavailable(page: Page, error: Exception) -> HTMLResponse:
    return problem_page(page, 503, "unavailable", detail=str(error))


def forbidden(page: Page) -> HTMLResponse:
    return problem_page(page, 403, "cross_site")


def done(notice: str, search_id: int | None = None) -> RedirectResponse:
    """POST/redirect/GET: back to the list, naming what was done, at the changed search."""
    anchor = f"#saved-{search_id}" if search_id is not None else ""
    return RedirectResponse(f"/tersimpan?ok={notice}{anchor}", status_code=303)
