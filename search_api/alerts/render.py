"""What an alert says: the payload frozen when it is found, and its subject and text.

:func:`payload` is built once, when a run finds the alert, and stored in ``alerts.payload``: a
delivery retried hours later sends exactly what was found and needs no article store.
:func:`render` turns it into the subject and plain-text body in the subscription's language (texts
in ``search_api/locales/alerts.yaml``); :func:`webhook_body` is the JSON a webhook receives, the
payload plus the rendered text, ready for a WhatsApp or Telegram gateway to forward.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pantau.models import Article
from search_api.alerts.match import Found
from search_api.digests.searches import SavedSearch
from search_api.i18n import Language, Messages, format_datetime, sentiment_name

# Bumped when a field of the webhook body changes meaning or goes away (adding one does not).
WEBHOOK_VERSION = 1


def _article(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "outlet_name": article.outlet_name,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "sentiment": article.sentiment.label if article.sentiment else None,
        "agencies": [
            {"id": a.id, "name": a.name, "sentiment": a.sentiment} for a in article.agencies
        ],
    }


def payload(
    found: Found,
    *,
    saved: SavedSearch,
    subscription_id: int,
    watched: list[str],
    spike_window_minutes: int,
    now: datetime,
) -> dict[str, Any]:
    """The alert as stored and sent; ``watched``: the saved search's agencies."""
    names = {a.id: a.name for article in found.articles for a in article.agencies}
    spike = None
    if found.kind == "spike":
        spike = {
            "articles": len(found.articles),
            "window_minutes": spike_window_minutes,
            "first_published_at": _article(found.articles[0])["published_at"],
            "last_published_at": _article(found.articles[-1])["published_at"],
        }
    return {
        "kind": found.kind,
        "found_at": now.isoformat(timespec="seconds"),
        "saved_search": {"id": saved.id, "name": saved.name, "query": saved.query},
        "subscription_id": subscription_id,
        "agencies": [{"id": a, "name": names.get(a, a)} for a in watched],
        "spike": spike,
        "articles": [_article(a) for a in found.articles],
    }


@dataclass(frozen=True, kw_only=True, slots=True)
class RenderedAlert:
    language: Language
    subject: str
    text: str


def _count(_: Messages, n: int) -> str:
    return _("count.one" if n == 1 else "count.other", count=n)


def _agency_label(data: dict[str, Any]) -> str:
    return ", ".join(a["name"] for a in data["agencies"]) or "-"


def _article_lines(
    _: Messages, item: dict[str, Any], watched: set[str], language: Language, tz: str
) -> list[str]:
    tone = item["sentiment"]
    tone_text = sentiment_name(tone, language) if tone else _("tone.none")
    when = datetime.fromisoformat(item["published_at"]) if item["published_at"] else None
    lines = [f"- [{tone_text}] {item['title']}"]
    where = item["outlet_name"] or item["outlet"]
    lines.append(
        f"  {where} · {format_datetime(when, language, tz, short=True)}" if when else f"  {where}"
    )
    for agency in item["agencies"]:
        if agency["id"] in watched:
            towards = (
                sentiment_name(agency["sentiment"], language)
                if agency["sentiment"]
                else _("tone.none")
            )
            lines.append("  " + _("tone.towards", agency=agency["name"], tone=towards))
    lines.append(f"  {item['url']}")
    return lines


def render(
    data: dict[str, Any], language: Language, *, email: str, tz: str, max_listed: int
) -> RenderedAlert:
    """Subject and plain text of a stored alert ``data`` (a :func:`payload`)."""
    _ = Messages("alerts", language)
    saved = data["saved_search"]
    articles = data["articles"]
    values: dict[str, Any] = {
        "articles": _count(_, len(articles)),
        "name": saved["name"],
        "agency": _agency_label(data),
    }
    if data["kind"] == "spike":
        spike = data["spike"]
        values["minutes"] = spike["window_minutes"]
        values["first"] = format_datetime(
            datetime.fromisoformat(spike["first_published_at"]), language, tz, short=True
        )
        values["last"] = format_datetime(
            datetime.fromisoformat(spike["last_published_at"]), language, tz, short=True
        )
    subject = _(f"subject.{data['kind']}", **values)
    lines = [_(f"intro.{data['kind']}", **values)]
    if saved["query"]:
        lines.append(f"{_('query')}: {saved['query']}")
    watched = {a["id"] for a in data["agencies"]}
    for item in articles[:max_listed]:
        lines.append("")
        lines.extend(_article_lines(_, item, watched, language, tz))
    if len(articles) > max_listed:
        lines.extend(["", _("more", count=len(articles) - max_listed)])
    lines.extend(["", "-- ", _("footer", search_id=saved["id"], email=email)])
    return RenderedAlert(language=language, subject=subject, text="\n".join(lines) + "\n")


def webhook_body(
    data: dict[str, Any], rendered: RenderedAlert, *, alert_id: int, delivery_id: int
) -> bytes:
    """The webhook's JSON body (UTF-8): the stored payload, the ids and the rendered text."""
    body = {
        "event": "pantau.alert",
        "version": WEBHOOK_VERSION,
        "alert_id": alert_id,
        "delivery_id": delivery_id,
        "language": rendered.language,
        "subject": rendered.subject,
        "text": rendered.text,
        **data,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
