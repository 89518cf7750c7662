"""``/berhenti``: the unsubscribe link of every digest (:mod:`search_api.digests.links`).

``GET`` asks to confirm (a link preview or a mail scanner must not unsubscribe anybody); ``POST``
pauses the subscription — from the page's button, or straight from the mail client's own
unsubscribe button (RFC 8058 one-click: the link's query with ``List-Unsubscribe=One-Click`` in
the body). The subscription is paused, not deleted, so the office can resume it. A link whose
signature does not match (altered, or for an address since changed) changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from search_api.app.deps import OfficeDep, SettingsDep
from search_api.app.ui.rendering import Page, PageDep
from search_api.app.ui.saved_common import FormDep
from search_api.app.ui.saved_pages import parse_id
from search_api.digests import searches
from search_api.digests.links import UNSUBSCRIBE_PATH, token_matches, unsubscribe_key
from search_api.digests.searches import NotFound, SavedSearch, Subscription

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Link:
    search_id: int
    subscription_id: int
    token: str


def _link(values: dict[str, str]) -> Link | None:
    search_id, subscription_id = parse_id(values.get("p", "")), parse_id(values.get("s", ""))
    token = values.get("t", "")
    if search_id is None or subscription_id is None or not token.isalnum():
        return None
    return Link(search_id, subscription_id, token)


def _find(
    office: OfficeDep, settings: SettingsDep, link: Link | None
) -> tuple[SavedSearch, Subscription] | None:
    """The saved search and subscription the link signs, or None for a link that does not."""
    if link is None:
        return None
    try:
        saved = searches.get_saved_search(office, link.search_id)
        subscription = searches.get_subscription(office, link.search_id, link.subscription_id)
    except NotFound:
        return None
    key = unsubscribe_key(settings.home)
    if not token_matches(key, saved.id, subscription.id, subscription.email, link.token):
        return None
    return saved, subscription


def _invalid(page: Page) -> HTMLResponse:
    return page.render("unsubscribe.html", 404, state="invalid", saved=None, subscription=None)


@router.get(UNSUBSCRIBE_PATH, response_class=HTMLResponse, name="ui_unsubscribe")
def confirm(
    request: Request, office: OfficeDep, settings: SettingsDep, page: PageDep
) -> HTMLResponse:
    link = _link(dict(request.query_params))
    found = _find(office, settings, link)
    if found is None:
        return _invalid(page)
    saved, subscription = found
    return page.render(
        "unsubscribe.html", state="confirm", saved=saved, subscription=subscription, link=link
    )


@router.post(UNSUBSCRIBE_PATH, response_class=HTMLResponse)
def unsubscribe(
    request: Request, data: FormDep, office: OfficeDep, settings: SettingsDep, page: PageDep
) -> HTMLResponse:
    values = {k: v for k, v in data.items() if isinstance(v, str)}
    link = _link({**dict(request.query_params), **values})
    found = _find(office, settings, link)
    if found is None or link is None:
        return _invalid(page)
    saved, subscription = found
    searches.update_subscription(office, saved.id, subscription.id, active=False)
    return page.render("unsubscribe.html", state="done", saved=saved, subscription=subscription)
