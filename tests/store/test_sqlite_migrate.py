"""SQLite schema migrations: a version-1 file (no per-agency tone) is upgraded on opening."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from test_contract_stats import toned_articles

from search_api.store.base import SearchRequest, ToneCounts
from search_api.store.sqlite import SQLiteStore, load_schema


def _version_1_file(path: Path) -> None:
    """A file as schema version 1 left it: the same tables without article_agencies.sentiment."""
    with SQLiteStore(path) as store:
        store.upsert(toned_articles())
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("ALTER TABLE article_agencies DROP COLUMN sentiment")
        _drop_cluster_column(conn)
        conn.execute("PRAGMA user_version = 1")
        conn.commit()


def _drop_cluster_column(conn: sqlite3.Connection) -> None:
    """What version 3 added: the cluster column, and the cluster in the JSON (written before)."""
    conn.execute("DROP INDEX articles_cluster")
    conn.execute("ALTER TABLE articles DROP COLUMN cluster_id")
    conn.execute("UPDATE articles SET doc = json_remove(doc, '$.cluster_id')")


def test_version_2_file_gets_a_cluster_per_article(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    with SQLiteStore(path) as store:
        store.upsert(toned_articles())
    with closing(sqlite3.connect(path)) as conn:
        _drop_cluster_column(conn)
        conn.execute("PRAGMA user_version = 2")
        conn.commit()
    with SQLiteStore(path) as store:
        stories = store.search(SearchRequest(size=100, collapse=True))
        assert (stories.total, stories.articles) == (10, 10)
        first = stories.hits[0].article
        assert store.search(SearchRequest(clusters=[first.id])).total == 1
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == load_schema()[1]
        unset = conn.execute("SELECT count(*) FROM articles WHERE cluster_id IS NULL").fetchone()
        assert unset[0] == 0


def test_version_1_file_is_migrated_and_backfilled(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_1_file(path)
    with SQLiteStore(path) as store:
        tones = {row.agency: row.tones for row in store.agency_tones(SearchRequest(), 100)}
        assert store.count() == 10
    assert tones["kota-bekasi/pemkot"] == ToneCounts(positive=1, negative=1)
    assert tones["prov-jabar/bpbd"] == ToneCounts(none=1)
    # A repeated agency keeps its first entry's tone, as new writes do.
    assert tones["kota-bekasi/diskominfo"] == ToneCounts(positive=1)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == load_schema()[1]


def test_migrated_file_matches_a_new_one(tmp_path: Path) -> None:
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    _version_1_file(old)
    with SQLiteStore(new) as fresh:
        fresh.upsert(toned_articles())
    rows = []
    for path in (old, new):
        SQLiteStore(path).close()
        with closing(sqlite3.connect(path)) as conn:
            rows.append(conn.execute("SELECT * FROM article_agencies ORDER BY 1, 2").fetchall())
    assert rows[0] == rows[1]
