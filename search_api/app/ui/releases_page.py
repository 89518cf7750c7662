"""``/rilis``: the office's press releases and the outlets that carried them.

``GET /rilis`` lists the releases, newest first, with the form to register one (pasted text, or
the URL of a crawled page of the office's site); ``POST /rilis`` registers it (role staf, as every
change) and opens its page. ``GET /rilis/{id}`` shows the release and, per pickup, the outlet,
how much of the release it reused, what it added (quotes, sentences), its tone and the delay.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from search_api.app.deps import OfficeDep, OfficeTzDep, RowId, StoreDep
from search_api.app.ui.rendering import Page, PageDep
from search_api.app.ui.saved_common import FormDep
from search_api.auth.guard import current_user
from search_api.releases.lookup import stored_page
from search_api.releases.pickups import find_pickups
from search_api.releases.registry import (
    ReleaseError,
    add_from_article,
    add_release,
    get_release,
    list_releases,
    own_outlets,
)
from search_api.releases.serialise import delay_text

router = APIRouter(include_in_schema=False)


def _list(page: Page, office: OfficeDep, status: int = 200, **form: object) -> HTMLResponse:
    values: dict[str, object] = {
        "problem": None,
        "title": "",
        "text": "",
        "url": "",
        "published": "",
    }
    values.update(form)
    return page.render("releases.html", status, releases=list_releases(office), form=values)


@router.get("/rilis", response_class=HTMLResponse, name="ui_releases")
def releases_page(office: OfficeDep, page: PageDep) -> HTMLResponse:
    return _list(page, office)


@router.post("/rilis", response_class=HTMLResponse)
def register(
    request: Request,
    data: FormDep,
    office: OfficeDep,
    store: StoreDep,
    tz: OfficeTzDep,
    page: PageDep,
) -> Response:
    values = {k: v.strip() for k, v in data.items() if isinstance(v, str)}
    user = current_user(request)
    by = user.username if user is not None else "ui"
    url, title, text = values.get("url", ""), values.get("title", ""), values.get("text", "")
    try:
        if url:
            found = stored_page(store, url)
            if found is None:
                problem = page.messages("release.problem.not_crawled", url=url)
                return _list(page, office, 400, problem=problem, **values)
            made, _ = add_from_article(office, found, source="url", registered_by=by)
        else:
            when = values.get("published", "")
            published = datetime.fromisoformat(when) if when else datetime.now(tz)
            if published.tzinfo is None:
                published = published.replace(tzinfo=tz)
            made, _ = add_release(
                office,
                title=title,
                text=text,
                published_at=published,
                source="text",
                registered_by=by,
            )
    except ValueError as exc:  # ReleaseError, or a date the browser let through malformed
        detail = str(exc) if isinstance(exc, ReleaseError) else values.get("published", "")
        problem = page.messages("release.problem.invalid", detail=detail)
        return _list(page, office, 400, problem=problem, **values)
    return RedirectResponse(f"/rilis/{made.id}", status_code=303)


@router.get("/rilis/{release_id}", response_class=HTMLResponse, name="ui_release")
def release_page(
    release_id: RowId, office: OfficeDep, store: StoreDep, page: PageDep
) -> HTMLResponse:
    try:
        release = get_release(office, release_id)
    except ReleaseError:
        return page.render("not_found.html", 404, article_id=str(release_id))
    pickups = find_pickups(store, release, own_outlets(office))
    return page.render(
        "release.html",
        release=release,
        pickups=pickups,
        delay_text=delay_text,
        outlets=len({p.outlet for p in pickups}),
    )
