"""What the saved-search pages share: posted form data, the answer for an unknown id, the short
problem pages, and the redirect after a POST.

The office database comes from the app's ``OfficeDep`` (one connection per request); a file that
cannot be opened is answered by the app's handler with a 503 page in the UI language
(``search_api/app/errors.py``), and a form posted from another site with a 403 page
(``same_origin.py``), so the handlers here only do their own work.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import FormData

from search_api.app.ui.rendering import Page

# After a change, the list page names what was done (``?ok=…``); only these keys are shown.
NOTICES = (
    "created",
    "updated",
    "deleted",
    "subscribed",
    "paused",
    "resumed",
    "unsubscribed",
    "alert_set",
    "alert_off",
)


async def get_form(request: Request) -> FormData:
    # Read here, in an async dependency, so the handlers stay plain functions run in the
    # threadpool (the office database is synchronous SQLite).
    return await request.form()


FormDep = Annotated[FormData, Depends(get_form)]


def problem_page(page: Page, status: int, kind: str, **values: object) -> HTMLResponse:
    """A short page for ``kind`` in ``saved.problem.*``: ``not_found``, ``unavailable`` …"""
    return page.render("saved_problem.html", status, kind=kind, values=values)


def not_found(page: Page, search_id: int) -> HTMLResponse:
    return problem_page(page, 404, "not_found", id=search_id)


def done(notice: str, search_id: int | None = None) -> RedirectResponse:
    """POST/redirect/GET: back to the list, naming what was done, at the changed search."""
    anchor = f"#saved-{search_id}" if search_id is not None else ""
    return RedirectResponse(f"/tersimpan?ok={notice}{anchor}", status_code=303)
