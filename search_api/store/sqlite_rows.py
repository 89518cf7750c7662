"""Articles to SQLite rows and back, and HTML-safe snippets (used by ``sqlite.py``; the
Elasticsearch store shares the snippet helpers and marks so both stores' snippets look alike)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import timedelta, timezone
from typing import Any

from pantau.models import SENTIMENT_LABELS, Article
from search_api.store import sqlite_grams
from search_api.store.base import HIGHLIGHT_END, HIGHLIGHT_START
from search_api.store.marks import MARK_END as MARK_END
from search_api.store.marks import MARK_START as MARK_START

# Facet days are calendar days where the readers are: Asia/Jakarta (WIB). WIB has been UTC+7 without
# daylight saving since 1964, so a fixed offset is exact and needs no tzdata in slim images.
JAKARTA = timezone(timedelta(hours=7), "WIB")
ELLIPSIS = "…"
SNIPPET_WORDS = 30


# title, body, author, location, keys, grams, titles (sqlite_docs.FTS_COLUMNS)
FtsFields = tuple[str, str, str | None, str | None, str, str, str]


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """The column values of one ``articles`` row, its full-text fields and ``(agency id, tone)``
    rows. ``document`` is what ``doc`` stores (compressed by ``sqlite_docs.pack``)."""

    id: str
    canonical_url: str
    outlet: str
    published_ts: int | None
    published_day: str | None
    sentiment: str | None
    document: dict[str, Any]
    fts: FtsFields  # title, body, author, location, keys, grams, titles
    cluster_id: str
    agencies: tuple[tuple[str, str | None], ...]


def _strip_marks(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


# Agency ids as full-text tokens of the hidden ``keys`` column: "0ag" then the id with its
# punctuation spelled in letters, so the tokenizer keeps one id as one token ("kota-bekasi/dinkes"
# → "0agkotazabekasizbdinkes"). The spelling keeps prefixes ("kota-bekasi/" → a prefix of every
# Kota Bekasi agency's token), so `agency:kota-bekasi/*` is an FTS5 prefix query.
AGENCY_TOKEN_MARK = "0ag"
_SPELLED = {"z": "zz", "-": "za", "/": "zb", "_": "zc", ".": "zd"}


def agency_token(agency_id: str) -> str:
    """The ``keys`` token of an agency id (or of the start of one, for a prefix)."""
    spelled = []
    for char in agency_id.lower():
        if char in _SPELLED:
            spelled.append(_SPELLED[char])
        elif char.isascii() and char.isalnum():
            spelled.append(char)
        else:  # any other character as its code point, closed by "z": still one token
            spelled.append(f"ze{ord(char):x}z")
    return AGENCY_TOKEN_MARK + "".join(spelled)


def fts_fields(document: dict[str, Any]) -> FtsFields:
    """What the full-text index holds of an article (``Article.to_dict()``): title, body (the
    lead, when it is not the text's start, then the text), author, location, ``keys`` — the
    tokens of its agencies (:func:`agency_token`), so a text query filtered by agency is one
    FTS5 expression — and the ``grams`` and ``titles`` tokens of ``sqlite_grams.py``; snippet
    marks removed so an article cannot forge them. Writes and the
    ``articles_text`` view both use it, so the index and its content always agree."""
    text: str = document["text"]
    lead: str | None = document.get("lead")
    # The lead is usually the text's first paragraph; index it twice and snippets repeat it.
    lead = lead if lead and not text.startswith(lead) else None
    body = "\n\n".join(part for part in (lead, text) if part)
    agencies = sorted({str(agency["id"]).lower() for agency in document.get("agencies") or []})
    title, body = _strip_marks(document["title"]), _strip_marks(body)
    return (
        title,
        body,
        document.get("author"),
        document.get("location"),
        " ".join(agency_token(agency) for agency in agencies),
        sqlite_grams.grams(title, body),
        sqlite_grams.titles(title),
    )


def article_row(article: Article) -> ArticleRow:
    """Raises ``TypeError``/``ValueError`` for a record that cannot be stored (counted failed)."""
    if not isinstance(article, Article):
        raise TypeError(f"expected an Article, got {type(article).__name__}")
    if not article.id or not article.canonical_url or not article.outlet:
        raise ValueError("id, canonical_url and outlet must not be empty")
    published_ts = published_day = None
    if article.published_at is not None:
        if article.published_at.utcoffset() is None:
            raise ValueError("published_at must be timezone-aware")
        published_ts = int(article.published_at.timestamp())
        published_day = article.published_at.astimezone(JAKARTA).date().isoformat()
    label = article.sentiment.label if article.sentiment is not None else None
    if label is not None and label not in SENTIMENT_LABELS:
        raise ValueError(f"unknown sentiment label {label!r}")
    document = _clustered(article.to_dict())
    return ArticleRow(
        id=article.id,
        canonical_url=article.canonical_url,
        outlet=article.outlet.lower(),
        published_ts=published_ts,
        published_day=published_day,
        sentiment=label,
        document=document,
        fts=fts_fields(document),
        cluster_id=document["cluster_id"],
        agencies=agency_tones(article),
    )


def agency_tones(article: Article) -> tuple[tuple[str, str | None], ...]:
    """Each agency id once, with the tone towards it; a repeated id keeps its first entry's tone.

    Ids are lower-case by definition (DESIGN.md); the query language lower-cases values too.
    Both stores derive their per-agency rows from this function.
    """
    tones: dict[str, str | None] = {}
    for agency in article.agencies:
        tones.setdefault(agency.id.lower(), agency.sentiment)
    return tuple(sorted(tones.items()))


def article_from_document(document: dict[str, Any]) -> Article:
    return Article.from_dict(document)


def marked_snippet(raw: str) -> str:
    """An FTS5 snippet with private-use marks → escaped HTML with ``<mark>`` highlights."""
    escaped = html.escape(" ".join(raw.split()))  # the lead/text paragraph break reads as a space
    return escaped.replace(MARK_START, HIGHLIGHT_START).replace(MARK_END, HIGHLIGHT_END)


def lead_snippet(article: Article) -> str:
    """The start of the lead (or text) when there is nothing to highlight, escaped."""
    words = (article.lead or article.text).split()
    text = " ".join(words[:SNIPPET_WORDS])
    if len(words) > SNIPPET_WORDS:
        text += ELLIPSIS
    return html.escape(text)


def _clustered(doc: dict[str, Any]) -> dict[str, Any]:
    """Every stored article has a cluster (base.Store.upsert): its own when it came without one."""
    if not doc.get("cluster_id"):
        doc["cluster_id"] = doc["id"]
    return doc
