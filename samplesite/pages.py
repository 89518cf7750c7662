"""What every outlet renderer shares: the served page record and small HTML/date helpers."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from samplesite.model import SampleArticle


@dataclass(frozen=True, slots=True)
class Page:
    """One response: body bytes as sent, the exact Content-Type header, status and redirect."""

    body: bytes
    content_type: str
    status: int = 200
    location: str | None = None


# Routing table: a path (optionally with its query string) to the page served there.
Routes = dict[str, Page]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def absolute(base: str, path: str) -> str:
    """``base`` is the live home URL ("http://127.0.0.1:PORT/"); ``path`` starts with "/"."""
    return base.rstrip("/") + path


def html_page(markup: str) -> Page:
    return Page(markup.encode("utf-8"), "text/html; charset=UTF-8")


def xml_page(markup: str, content_type: str = "application/xml; charset=UTF-8") -> Page:
    return Page(markup.encode("utf-8"), content_type)


def text_page(text: str) -> Page:
    return Page(text.encode("utf-8"), "text/plain; charset=utf-8")


def redirect(location: str) -> Page:
    return Page(b"", "text/html; charset=UTF-8", status=301, location=location)


def related(
    articles: Sequence[SampleArticle], article: SampleArticle, count: int
) -> list[SampleArticle]:
    """Deterministic "other" articles of the same outlet (for Baca juga and related lists)."""
    others = [a for a in articles if a.path != article.path and a.expect == "article"]
    if not others:
        return []
    start = articles.index(article) % len(others)
    rotated = others[start:] + others[:start]
    return rotated[:count]


def rfc822(when: datetime, *, utc: bool) -> str:
    """RSS pubDate: "Thu, 09 Nov 2023 07:30:00 +0000" (WordPress) or with the local offset."""
    moment = when.astimezone(UTC) if utc else when
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    offset = moment.strftime("%z") or "+0000"
    return (
        f"{days[moment.weekday()]}, {moment.day:02d} {months[moment.month - 1]} "
        f"{moment:%Y %H:%M:%S} {offset}"
    )


def excerpt(text: str, words: int = 40) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" [&#8230;]" if len(parts) > words else "")
