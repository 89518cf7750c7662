"""Instant alerts in the web UI: a small form under each recipient on ``/tersimpan``.

The form posts to ``/tersimpan/{id}/langganan/{sub_id}/peringatan`` with ``mode`` (``off``,
``every``, ``negative``, ``spike``), ``spike_threshold``, ``by_email`` and ``webhook_url``; the
answer is a 303 back to the list (POST/redirect/GET), an invalid rule a short 400 page in the
page's language, an unknown id the 404 page. Rules and their checks are
:mod:`search_api.alerts.rules`'; matching and delivery never run here (docs/alerts.md).
"""

from __future__ import annotations

import sqlite3

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from search_api.alerts import rules
from search_api.alerts.rules import RuleFields
from search_api.app.deps import OfficeDep
from search_api.app.ui.rendering import Page, PageDep
from search_api.app.ui.saved_common import FormDep, done, not_found, problem_page
from search_api.digests import searches
from search_api.digests.searches import NotFound
from search_api.digests.validation import ValidationError
from search_api.i18n import Messages

router = APIRouter(include_in_schema=False)

# The rules' (English) validation messages → the page's wording, by a phrase each contains.
_EXPLAINED = (
    ("needs a channel", "saved.alert.error.channel"),
    ("expected an http", "saved.alert.error.webhook"),
    ("needs a saved search with an agency", "saved.alert.error.negative"),
    ("at least 2", "saved.alert.error.spike"),
    ("alert mode", "saved.alert.error.mode"),
)


def _id(raw: str) -> int:
    """An id from the path; anything but a positive number is simply not found (id 0)."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else 0


def _threshold(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 6 else None


def _fields(data: FormData, mode: str) -> RuleFields:
    return RuleFields(
        mode=mode,
        spike_threshold=_threshold(str(data.get("spike_threshold", ""))),
        by_email=data.get("by_email") == "1",
        webhook_url=str(data.get("webhook_url", "")).strip() or None,
    )


def explain(error: ValidationError, messages: Messages) -> str:
    text = str(error)
    for phrase, key in _EXPLAINED:
        if phrase in text:
            return messages(key)
    return text


def _switch_off(office: sqlite3.Connection, search_id: int, sub_id: int) -> None:
    searches.get_subscription(office, search_id, sub_id)  # NotFound for an unknown recipient
    try:
        rules.delete_rule(office, search_id, sub_id)
    except NotFound:
        return  # it was off already: off is what was asked


@router.post("/tersimpan/{search_id}/langganan/{subscription_id}/peringatan")
def set_alert(
    search_id: str, subscription_id: str, data: FormDep, office: OfficeDep, page: PageDep
) -> Response:
    number, sub_id = _id(search_id), _id(subscription_id)
    mode = str(data.get("mode", "off"))
    try:
        if mode == "off":
            _switch_off(office, number, sub_id)
            return done("alert_off", number)
        saved = searches.get_saved_search(office, number)
        rules.set_rule(office, saved, sub_id, _fields(data, mode))
    except NotFound:
        return not_found(page, number)
    except ValidationError as exc:
        return _problem(page, explain(exc, page.messages))
    return done("alert_set", number)


def _problem(page: Page, detail: str) -> HTMLResponse:
    return problem_page(page, 400, "alert", detail=detail)
