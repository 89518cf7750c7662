"""A :class:`~search_api.digests.build.Digest` rendered as a subject, a text and an HTML body.

Jinja2 templates in ``templates/`` (``digest.txt``, ``digest.html``; autoescaping on for HTML
only), texts from ``locales/digest.yaml`` and ``locales/common.yaml``, dates through
:mod:`search_api.i18n` in the digest's timezone ("Sabtu, 28 November 2026", "09.30 WIB").
Indonesian unless the subscription asks for English. The view is computed here, so the templates
hold layout only and the two bodies cannot disagree on a figure.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel.dates import format_date as babel_format_date
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from pantau.models import SentimentLabel
from search_api.digests.build import SENTIMENT_LABELS, Digest, DigestArticle
from search_api.digests.links import UNSUBSCRIBE_MARKER, results_url
from search_api.filters_core import parse_agency_tone
from search_api.i18n import (
    Language,
    Messages,
    format_date,
    format_datetime,
    sentiment_name,
    zone_abbreviation,
)

_MARK = re.compile(r"(<mark>|</mark>)")
# Colours readable on white in every mail client (inline styles: clients drop <style> blocks).
TONE_COLOURS = {"negative": "#b42318", "neutral": "#475467", "positive": "#067647"}
_UNTAGGED_COLOUR = "#667085"


@dataclass(frozen=True, slots=True)
class RenderedDigest:
    language: Language
    subject: str
    text: str
    html: str


@cache
def _environment() -> Environment:
    # Cached because building the loader walks the package; the environment holds no state that
    # changes between renders.
    return Environment(
        loader=PackageLoader("search_api.digests", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def snippet_text(snippet: str) -> str:
    """The store's snippet (escaped HTML with ``<mark>``) as plain text."""
    return html.unescape(_MARK.sub("", snippet))


def snippet_html(snippet: str) -> Markup:
    """The snippet re-escaped part by part, matches in bold (mail clients ignore ``<mark>``)."""
    out: list[str] = []
    open_mark = False
    for part in _MARK.split(snippet):
        if part == "<mark>" and not open_mark:
            out.append("<b>")
            open_mark = True
        elif part == "</mark>" and open_mark:
            out.append("</b>")
            open_mark = False
        elif part not in ("<mark>", "</mark>"):
            out.append(str(escape(html.unescape(part))))
    if open_mark:
        out.append("</b>")
    return Markup("".join(out))


def count_articles(count: int, language: Language) -> str:
    _ = Messages("digest", language)
    return _("count.one" if count == 1 else "count.other", count=count)


def subject(digest: Digest, language: Language) -> str:
    """``Pantau — Ringkasan berita 28 November 2026: 12 berita (3 negatif) · Pemkot Bekasi``."""
    _ = Messages("digest", language)
    day = str(babel_format_date(digest.day, "d MMMM y", locale=language))
    values: dict[str, Any] = {"date": day, "name": digest.name}
    if digest.total == 0:
        return _("subject.empty", **values)
    values["articles"] = count_articles(digest.total, language)
    if digest.alarming:
        return _("subject.counts", negative=digest.alarming, **values)
    return _("subject.no_negative", **values)


def _tone_parts(counts: Mapping[SentimentLabel, int], language: Language) -> list[dict[str, Any]]:
    return [
        {
            "label": label,
            "count": counts.get(label, 0),
            "name": sentiment_name(label, language).lower(),
            "colour": TONE_COLOURS[label],
        }
        for label in SENTIMENT_LABELS
        if counts.get(label, 0)
    ]


def _article_view(item: DigestArticle, digest: Digest, language: Language) -> dict[str, Any]:
    _ = Messages("digest", language)
    when = (
        format_datetime(item.published_at, language, digest.timezone, short=True)
        if item.published_at
        else _("articles.undated")
    )
    return {
        "title": item.title,
        "url": item.url,
        "outlet": item.outlet_name or item.outlet,
        "when": when,
        "snippet_text": snippet_text(item.snippet),
        "snippet_html": snippet_html(item.snippet),
        "tone": sentiment_name(item.sentiment, language)
        if item.sentiment
        else _("articles.untagged"),
        "colour": TONE_COLOURS[item.sentiment] if item.sentiment else _UNTAGGED_COLOUR,
        "reasons": item.reasons,
    }


def _filter_value(digest: Digest, key: str, value: str, language: Language) -> str:
    """One filter value as the digest shows it: an agency tone as "Pemkot Bekasi (Negatif)"."""
    if key != "agency_tone":
        return value
    pair = parse_agency_tone(value)
    if pair is None:  # build_digest refuses these; shown as stored rather than hidden
        return value
    agency, tone = pair
    name = digest.agency_names.get(agency, agency)
    tone_name = (
        Messages("digest", language)("articles.untagged")
        if tone == "none"
        else sentiment_name(tone, language)
    )
    return f"{name} ({tone_name})"


def _view(digest: Digest, language: Language, base_url: str | None) -> dict[str, Any]:
    _ = Messages("digest", language)
    filters = [
        f"{_('filter.' + key)}: "
        + ", ".join(_filter_value(digest, key, value, language) for value in values)
        for key, values in digest.filters.items()
    ]
    agencies = [
        {
            "name": digest.agency_names.get(row.agency, row.agency),
            "id": row.agency,
            "articles": count_articles(row.articles, language),
            "tones": _tone_parts(
                {label: row.tones.get(label) for label in SENTIMENT_LABELS}, language
            ),
        }
        for row in digest.agencies
    ]
    return {
        "_": _,
        "reasons_label": Messages("common", language)("sentiment.reasons"),
        "language": language,
        "digest": digest,
        "subject": subject(digest, language),
        "filters": "; ".join(filters),
        "period": _(
            "period.day",
            date=format_date(digest.day, language),
            zone=zone_abbreviation(digest.timezone),
        ),
        "total": count_articles(digest.total, language),
        "stories": (
            _("count.stories", count=digest.stories) if digest.stories < digest.total else None
        ),
        "tones": _tone_parts(digest.sentiments, language),
        "untagged": digest.untagged,
        "agencies": agencies,
        "articles": [_article_view(item, digest, language) for item in digest.articles],
        "more": max(0, digest.total - len(digest.articles)),
        "partial_scan": digest.scanned < digest.total,
        "results_url": (
            results_url(base_url, digest.query, digest.filters, digest.day) if base_url else None
        ),
        # Each recipient's own link, filled in by mail.compose.
        "unsubscribe_url": UNSUBSCRIBE_MARKER if base_url else None,
    }


def render_digest(
    digest: Digest, language: Language, base_url: str | None = None
) -> RenderedDigest:
    """The subject and bodies; with ``base_url`` (``api.public_url``) they link back to Pantau and
    carry a place for the recipient's unsubscribe link."""
    view = _view(digest, language, base_url)
    env = _environment()
    return RenderedDigest(
        language=language,
        subject=view["subject"],
        text=env.get_template("digest.txt").render(view),
        html=env.get_template("digest.html").render(view),
    )
