"""The releases table of the office database (``office.db`` version 6).

A release is registered three ways (``source``): pasted text (``text``), the URL of a page on the
office's own site (``url``; the caller fetches and extracts it) or the office's own feed during a
crawl (``feed``; a source marked ``own: true``). A URL or an article is registered once: adding it
again returns the release already there.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, get_args

from pantau.models import SENTIMENT_LABELS, Article, SentimentLabel
from search_api.digests.db import transaction

ReleaseSource = Literal["text", "url", "feed"]
RELEASE_SOURCES: tuple[ReleaseSource, ...] = get_args(ReleaseSource)
MAX_TITLE = 500
MAX_TEXT = 100_000
# Release dates accepted: wide, yet far from datetime's limits (a pickup window is a date ± days).
FIRST_YEAR = 1990
LAST_YEAR = 2100
# Shorter than this a text has too few shingles to tell a pickup from a coincidence.
MIN_WORDS = 30


class ReleaseError(ValueError):
    """A release that cannot be registered or is not there; the message says why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Release:
    id: int
    title: str
    text: str
    published_at: datetime
    source: ReleaseSource
    url: str | None
    article_id: str | None
    outlet: str | None  # the office's own outlet, when registered from its site
    sentiment: SentimentLabel | None
    registered_by: str
    created_at: datetime


_COLUMNS = (
    "id, title, text, published_at, source, url, article_id, outlet, sentiment, registered_by, "
    "created_at"
)


def _release(row: sqlite3.Row) -> Release:
    return Release(
        id=row["id"],
        title=row["title"],
        text=row["text"],
        published_at=datetime.fromisoformat(row["published_at"]),
        source=row["source"],
        url=row["url"],
        article_id=row["article_id"],
        outlet=row["outlet"],
        sentiment=row["sentiment"],
        registered_by=row["registered_by"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def _check(title: str, text: str, published_at: datetime, source: str, by: str) -> None:
    if not title.strip():
        raise ReleaseError("title: must not be empty")
    if len(title) > MAX_TITLE:
        raise ReleaseError(f"title: at most {MAX_TITLE} characters")
    if len(text.split()) < MIN_WORDS:
        raise ReleaseError(f"text: at least {MIN_WORDS} words (got {len(text.split())})")
    if len(text) > MAX_TEXT:
        raise ReleaseError(f"text: at most {MAX_TEXT} characters")
    if published_at.utcoffset() is None:
        raise ReleaseError("published_at: must carry a timezone")
    if not FIRST_YEAR <= published_at.year <= LAST_YEAR:
        raise ReleaseError(f"published_at: a year from {FIRST_YEAR} to {LAST_YEAR}")
    if source not in RELEASE_SOURCES:
        raise ReleaseError(f"source: one of {', '.join(RELEASE_SOURCES)}")
    if not by.strip():
        raise ReleaseError("registered_by: must not be empty")


def add_release(
    conn: sqlite3.Connection,
    *,
    title: str,
    text: str,
    published_at: datetime,
    source: ReleaseSource,
    registered_by: str,
    url: str | None = None,
    article_id: str | None = None,
    outlet: str | None = None,
    sentiment: SentimentLabel | None = None,
    now: datetime | None = None,
) -> tuple[Release, bool]:
    """Register a release: ``(release, created)``; a URL or article seen before is not re-added."""
    _check(title, text, published_at, source, registered_by)
    if sentiment is not None and sentiment not in SENTIMENT_LABELS:
        raise ReleaseError(f"sentiment: one of {', '.join(SENTIMENT_LABELS)}")
    created_at = (now or datetime.now(UTC)).isoformat()
    with transaction(conn):
        existing = _existing(conn, url, article_id)
        if existing is not None:
            return existing, False
        cursor = conn.execute(
            "INSERT INTO releases (title, text, published_at, source, url, article_id, outlet, "
            "sentiment, registered_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                title.strip(),
                text.strip(),
                published_at.astimezone(UTC).isoformat(),  # sorts as text
                source,
                url,
                article_id,
                outlet,
                sentiment,
                registered_by.strip(),
                created_at,
            ),
        )
        release_id = cursor.lastrowid
    assert release_id is not None
    return get_release(conn, release_id), True


def add_from_article(
    conn: sqlite3.Connection, article: Article, *, source: ReleaseSource, registered_by: str
) -> tuple[Release, bool]:
    """Register a page of the office's own site (fetched by URL or crawled from its feed)."""
    published = article.published_at or article.crawled_at
    if published is None:
        raise ReleaseError(f"{article.url}: the page has no publication date")
    return add_release(
        conn,
        title=article.title,
        text=article.text,
        published_at=published,
        source=source,
        registered_by=registered_by,
        url=article.url,
        article_id=article.id,
        outlet=article.outlet,
        sentiment=article.sentiment.label if article.sentiment is not None else None,
    )


def _existing(conn: sqlite3.Connection, url: str | None, article_id: str | None) -> Release | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM releases WHERE (url IS NOT NULL AND url = ?) "
        "OR (article_id IS NOT NULL AND article_id = ?) ORDER BY id LIMIT 1",
        (url, article_id),
    ).fetchone()
    return _release(row) if row is not None else None


def get_release(conn: sqlite3.Connection, release_id: int) -> Release:
    row = conn.execute(f"SELECT {_COLUMNS} FROM releases WHERE id = ?", (release_id,)).fetchone()
    if row is None:
        raise ReleaseError(f"no release {release_id}")
    return _release(row)


def own_outlets(conn: sqlite3.Connection) -> set[str]:
    """The office's own outlets: those its releases were registered from (by URL or feed)."""
    rows = conn.execute("SELECT DISTINCT lower(outlet) FROM releases WHERE outlet IS NOT NULL")
    return {row[0] for row in rows}


def list_releases(conn: sqlite3.Connection, *, limit: int = 1000) -> list[Release]:
    """The newest releases first."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM releases ORDER BY published_at DESC, id DESC LIMIT ?", (limit,)
    )
    return [_release(row) for row in rows]
