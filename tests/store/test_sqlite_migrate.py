"""SQLite schema migrations: files of versions 1 and 2 are upgraded on opening."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from old_files import version_1_file, version_2_file
from store_samples import sample_articles
from test_contract_stats import toned_articles

from search_api.query import parse
from search_api.store.base import SearchRequest, ToneCounts
from search_api.store.sqlite import SQLiteStore, load_schema


def _version_1_file(path: Path) -> None:
    """A file as schema version 1 left it: version 2 without article_agencies.sentiment."""
    version_1_file(path, toned_articles())


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


def _contents(store: SQLiteStore) -> list[object]:
    """Everything a reader can see, in a comparable form."""
    with store._connection() as conn:
        agencies = conn.execute("SELECT * FROM article_agencies ORDER BY 1, 2").fetchall()
        rollups = [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
            for table in ("rollup_articles", "rollup_agencies", "rollup_agency_days")
        ]
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    searches = []
    for q in (None, "banjir", "bekasi -macet", '"wali kota"'):
        result = store.search(SearchRequest(query=parse(q) if q else None, size=50))
        searches.append(
            (result.total, [(h.article.id, h.snippet) for h in result.hits], result.facets)
        )
    articles = [store.get(a.id) for a in sample_articles()]
    return [agencies, rollups, searches, articles]


def test_version_2_file_is_rebuilt_like_a_new_one(tmp_path: Path) -> None:
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    version_2_file(old, sample_articles())
    with SQLiteStore(old) as migrated, SQLiteStore(new) as fresh:
        fresh.upsert(sample_articles())
        assert _contents(migrated) == _contents(fresh)
        with migrated._connection() as conn:
            keys = conn.execute("SELECT pk FROM articles ORDER BY pk").fetchall()
        with fresh._connection() as conn:
            assert conn.execute("SELECT pk FROM articles ORDER BY pk").fetchall() == keys
    with closing(sqlite3.connect(old)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        doc = conn.execute("SELECT doc FROM articles LIMIT 1").fetchone()[0]
    assert isinstance(doc, bytes)  # compressed, no longer JSON text
