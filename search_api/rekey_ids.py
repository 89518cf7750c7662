"""``pantau store rekey``: bring a store written with the old article ids, and the office database
that refers to them, to the current ids (``search_api.store.rekey`` explains the change).

SQLite re-keys itself when it is opened (schema migration 2 → 3) and keeps the old → new pairs in
``article_aliases``; Elasticsearch is re-keyed here. Then the office database's corrections and
alert sent-log follow the pairs (``search_api.digests.rekey``). Safe to run again: a store already
re-keyed has nothing to do, and an office database already following changes nothing.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from search_api.digests.db import connect
from search_api.digests.rekey import rekey_office
from search_api.store import open_store


def sqlite_aliases(path: Path) -> dict[str, str]:
    """The old → new id pairs a SQLite store kept when it was re-keyed."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return dict(conn.execute("SELECT old_id, new_id FROM article_aliases").fetchall())


def rekey_all(store_url: str, office_db: Path) -> dict[str, int]:
    """Re-key the store at ``store_url`` and the office database at ``office_db`` (if any)."""
    from search_api.store.elastic import ElasticStore
    from search_api.store.sqlite import SQLiteStore

    store = open_store(store_url)  # a SQLite file is re-keyed by this opening
    try:
        if isinstance(store, ElasticStore):
            from search_api.store.elastic_rekey import rekey

            aliases = rekey(store)
        elif isinstance(store, SQLiteStore):
            aliases = sqlite_aliases(store.path)
        else:  # pragma: no cover - open_store returns one of the two
            raise TypeError(f"unknown store {type(store).__name__}")
    finally:
        store.close()
    moved = {"corrections": 0, "alert_articles": 0}
    if office_db.is_file():
        conn = connect(office_db)
        try:
            moved = rekey_office(conn, aliases)
        finally:
            conn.close()
    return {"aliases": len(aliases), **moved}
