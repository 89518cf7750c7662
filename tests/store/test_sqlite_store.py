"""SQLite-only behaviour: the file, its schema and pragmas, bad records, threads, closing."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import datetime
from importlib import resources
from pathlib import Path

import pytest
from store_samples import sample_articles

from pantau.models import Article, Sentiment
from search_api.query import parse
from search_api.store import open_store
from search_api.store.base import SearchRequest, Store, StoreError
from search_api.store.sqlite import SQLiteStore, load_schema
from search_api.store.sqlite_connections import CACHE_KIB, MMAP_BYTES


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


def test_creates_parent_directories_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "pantau.db"
    with SQLiteStore(path) as store:
        assert store.count() == 0
    assert path.exists()
    with closing(raw(path)) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"articles", "article_agencies", "articles_fts"} <= names


def test_wal_mode_and_schema_version(sqlite_store: SQLiteStore) -> None:
    with closing(raw(sqlite_store.path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == load_schema()[1] == 7


def test_connection_pragmas(sqlite_store: SQLiteStore) -> None:
    with sqlite_store._connection() as conn:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        # A page cache and a memory map larger than SQLite's 2 MB default (sqlite_connections.py).
        assert conn.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB
        assert conn.execute("PRAGMA mmap_size").fetchone()[0] == MMAP_BYTES


def test_schema_comes_from_the_packaged_file() -> None:
    sql, version = load_schema()
    packaged = resources.files("search_api.store").joinpath("schema.sql").read_text("utf-8")
    assert sql == packaged
    assert f"PRAGMA user_version = {version};" in sql
    assert "remove_diacritics 2" in sql


def test_reopening_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "pantau.db"
    with SQLiteStore(path) as store:
        store.upsert(sample_articles())
    with SQLiteStore(path) as again:
        assert again.count() == 10
        assert again.get("a4") == sample_articles()[3]
        assert again.search(SearchRequest(query=parse("banjir"))).total == 4
        assert again.upsert(sample_articles()[:1]).updated == 1


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pantau.db"
    SQLiteStore(path).close()
    with closing(raw(path)) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="schema version 99"):
        SQLiteStore(path)


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        SQLiteStore(path)


def test_open_store_url(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    assert isinstance(store, SQLiteStore)
    store.close()


def test_bad_records_are_counted_and_the_rest_stored(sqlite_store: SQLiteStore) -> None:
    good = sample_articles()
    naive = dataclasses.replace(good[0], id="naive", canonical_url="https://x/naive")
    naive.published_at = datetime(2025, 3, 1, 8, 0)
    bad_label = dataclasses.replace(good[1], id="label", canonical_url="https://x/label")
    bad_label.sentiment = Sentiment(label="angry", score=0.1)  # type: ignore[arg-type]
    same_url = dataclasses.replace(good[2], id="other-id")  # canonical URL already stored as a3
    batch: list[object] = [*good[:5], naive, bad_label, "not an article", *good[5:], same_url]
    report = sqlite_store.upsert(batch)  # type: ignore[arg-type]
    assert (report.created, report.updated, report.failed) == (10, 0, 4)
    assert len(report.errors) == 4
    assert report.errors[0].startswith("naive: published_at must be timezone-aware")
    assert report.errors[1].startswith("label: ")
    assert "expected an Article" in report.errors[2]
    assert report.errors[3].startswith("other-id: ")
    assert sqlite_store.count() == 10
    assert sqlite_store.existing(["naive", "label", "other-id"]) == set()


def test_fts_index_stays_consistent_after_updates(sqlite_store: SQLiteStore) -> None:
    sqlite_store.upsert(sample_articles())
    sqlite_store.upsert(sample_articles()[::2])
    with sqlite_store._connection() as conn:
        # raises SQLITE_CORRUPT_VTAB if the external-content index and the table disagree
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        agencies = conn.execute("SELECT count(*) FROM article_agencies").fetchone()[0]
    assert agencies == sum(len(a.agencies) for a in sample_articles())


def test_naive_date_filter_is_rejected(sqlite_store: SQLiteStore) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        sqlite_store.search(SearchRequest(date_from=datetime(2025, 3, 1)))


def test_usable_from_worker_threads(sqlite_store: SQLiteStore) -> None:
    sqlite_store.upsert(sample_articles())

    def work(i: int) -> int:
        if i % 5 == 0:
            sqlite_store.upsert(sample_articles()[:2])
        return sqlite_store.search(SearchRequest(query=parse("banjir OR kota"))).total

    with ThreadPoolExecutor(max_workers=8) as pool:
        totals = list(pool.map(work, range(40)))
    assert set(totals) == {8}


def test_closed_store(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "pantau.db")
    assert store.ping() is True
    store.close()
    store.close()  # idempotent
    assert store.ping() is False
    with pytest.raises(StoreError, match="closed"):
        store.count()


def test_satisfies_the_store_protocol(sqlite_store: SQLiteStore) -> None:
    store: Store = sqlite_store  # checked by mypy
    assert store.ping()


def test_lead_that_starts_the_text_is_indexed_once(tmp_path: Path) -> None:
    text = "Pemkot Bekasi membuka pasar murah.\n\nWarga antre sejak pagi."
    article = Article(
        id="lead1",
        url="https://a.com/1",
        canonical_url="https://a.com/1",
        outlet="a.com",
        title="Pasar murah",
        text=text,
        lead="Pemkot Bekasi membuka pasar murah.",
    )
    with SQLiteStore(tmp_path / "lead.db") as store:
        store.upsert([article])
        (hit,) = store.search(SearchRequest(query=parse("pasar"))).hits
    assert hit.snippet.count("membuka") == 1


def test_threads_search_side_by_side_with_their_own_connections(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "t.db")
    try:
        store.upsert(sample_articles())
        expected = store.search(SearchRequest(query=parse("bekasi"), size=50)).total
        connections: set[int] = set()
        together = threading.Barrier(6)  # six threads at once, so six connections

        def work() -> list[int]:
            together.wait(timeout=10)
            with store._connection() as conn:
                connections.add(id(conn))
            return [store.search(SearchRequest(query=parse("bekasi"))).total for _ in range(20)]

        with ThreadPoolExecutor(max_workers=6) as pool:
            totals = [
                total
                for future in [pool.submit(work) for _ in range(6)]
                for total in future.result()
            ]
        assert totals == [expected] * 120
        assert len(connections) == 6  # one per thread
    finally:
        store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count()


def test_an_in_memory_store_keeps_one_connection() -> None:
    store = SQLiteStore(":memory:")
    try:
        store.upsert(sample_articles())
        counts: list[int] = []
        thread = threading.Thread(target=lambda: counts.append(store.count()))
        thread.start()
        thread.join()
        assert counts == [store.count()]
        assert counts[0] > 0
    finally:
        store.close()
