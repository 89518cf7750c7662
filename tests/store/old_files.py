"""Store files as older schema versions left them, written with the old schema script and the
old row layout (uncompressed JSON, text columns, FTS triggers), for the migration tests."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from pantau.models import Article
from search_api.store.sqlite_rows import article_row

SCHEMA_V2 = Path(__file__).with_name("schema_v2.sql")
_COLUMNS = (
    "id, canonical_url, outlet, published_ts, published_day, sentiment, "
    "title, body, author, location, doc"
)


def version_2_file(path: Path, articles: Iterable[Article]) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.executescript(SCHEMA_V2.read_text(encoding="utf-8"))
        conn.execute("BEGIN")
        for article in articles:
            row = article_row(article)
            title, body, author, location, *_hidden = row.fts
            doc = json.dumps(row.document, ensure_ascii=False)
            conn.execute(
                f"INSERT INTO articles ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row.id, row.canonical_url, row.outlet, row.published_ts, row.published_day,
                 row.sentiment, title, body, author, location, doc),
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO article_agencies (article_id, agency_id, sentiment) VALUES (?, ?, ?)",
                [(row.id, agency, tone) for agency, tone in row.agencies],
            )
        conn.execute("COMMIT")


def version_1_file(path: Path, articles: Iterable[Article]) -> None:
    """Version 2 without article_agencies.sentiment."""
    version_2_file(path, articles)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("ALTER TABLE article_agencies DROP COLUMN sentiment")
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
