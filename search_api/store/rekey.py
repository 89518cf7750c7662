"""Re-keying stored articles to the identity of ``pantau.models.article_id`` (outlet + path).

Ids used to be a hash of the whole canonical URL, host and port included, so one article fetched
from two hosts or ports of its outlet (the sample site on another port, ``m.`` and ``www.``) was
stored twice. A store written that way is re-keyed once: every article gets the new id (and its
canonical URL the current normalisation), copies that now share an id are merged — the newest
crawl is kept, then the longer text — and the old id → new id pairs are returned or kept as
aliases, so the office database (corrections, alerts) can follow (``search_api.digests.rekey``).

The SQLite store does this in its schema migration 2 → 3 (``sqlite_migrate.py``, with the SQL
functions registered here); Elasticsearch with :func:`search_api.store.elastic_rekey.rekey`
(``pantau store rekey``).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from pantau.models import Article, article_id
from pantau.urls import canonicalize_url

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def new_id(outlet: str, canonical_url: str) -> str:
    """The id an article stored with ``outlet`` and ``canonical_url`` has now."""
    return article_id(outlet, canonicalize_url(canonical_url))


def rekeyed(article: Article) -> Article:
    """``article`` under its current id and canonical URL (the same object, changed)."""
    article.canonical_url = canonicalize_url(article.canonical_url)
    article.id = article_id(article.outlet, article.canonical_url)
    return article


def rank(article: Article) -> tuple[datetime, int]:
    """Which of two copies to keep: the higher rank (newest crawl, then the longer text)."""
    return (article.crawled_at or _EPOCH, len(article.text))


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the SQLite migration 2 → 3 calls (deterministic, so usable anywhere)."""
    conn.create_function("pantau_article_id", 2, new_id, deterministic=True)
    conn.create_function("pantau_canonical_url", 1, canonicalize_url, deterministic=True)
