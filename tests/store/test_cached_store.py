"""The web server's remembered store answers (``search_api/store/cached.py``): the same answer
while nothing is written, a new one after any commit, by this process or another."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from store_samples import sample_articles

from pantau.models import Article
from search_api.query import parse
from search_api.store.base import SearchRequest, SearchResult
from search_api.store.cached import MAX_HITS, CachedStore, cached
from search_api.store.sqlite import SQLiteStore

BANJIR = SearchRequest(query=parse("banjir"), facets=True, sort="newest")


@pytest.fixture
def store(tmp_path: Path) -> CachedStore:
    inner = SQLiteStore(tmp_path / "pantau.db")
    inner.upsert(sample_articles())
    wrapped = cached(inner)
    assert isinstance(wrapped, CachedStore)
    return wrapped


def fresh(article_id: str) -> Article:
    """A new article about a flood, stored under ``article_id``."""
    url = f"https://koranbaru.co.id/berita/{article_id}"
    return replace(
        sample_articles()[0],
        id=article_id,
        cluster_id=article_id,
        url=url,
        canonical_url=url,
        title="Banjir baru di Bekasi",
    )


def ids(store: CachedStore, request: SearchRequest) -> list[str]:
    return [hit.article.id for hit in store.search(request).hits]


def test_the_same_question_is_answered_from_memory(store: CachedStore) -> None:
    with store:
        first = store.search(BANJIR)
        assert store.search(replace(BANJIR)) is first  # an equal request, not the same object
        assert (store.hits, store.misses) == (1, 1)
        timeline = store.timeline(BANJIR, "day")
        assert store.timeline(BANJIR, "day") is timeline
        assert store.timeline(BANJIR, "month") is not timeline  # another question
        tones = store.agency_tones(BANJIR, 5)
        assert store.agency_tones(BANJIR, 5) is tones
        assert store.agency_tones(BANJIR, 6) is not tones
        assert store.search(replace(BANJIR, page=2)) is not first
        assert first.total == store.inner.search(BANJIR).total > 0


def test_a_write_through_the_store_is_seen_at_once(store: CachedStore) -> None:
    with store:
        before = store.search(BANJIR)
        assert store.upsert([fresh("baru-1")]).created == 1
        after = store.search(BANJIR)
        assert after.total == before.total + 1
        assert "baru-1" in ids(store, BANJIR)


def test_a_write_by_another_process_is_seen_at_once(store: CachedStore, tmp_path: Path) -> None:
    """The crawler writes from its own process: its commit moves the file's data version."""
    with store:
        before = store.search(BANJIR).total
        script = (
            "import sys\n"
            "from search_api.store.sqlite import SQLiteStore\n"
            "from test_cached_store import fresh\n"
            "with SQLiteStore(sys.argv[1]) as s: assert s.upsert([fresh('lain-1')]).created == 1\n"
        )
        tests = Path(__file__).parent
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / "pantau.db")],
            check=True,
            env={"PYTHONPATH": f"{tests}:{':'.join(sys.path)}"},
        )
        assert store.search(BANJIR).total == before + 1


def test_large_answers_are_not_kept(store: CachedStore) -> None:
    with store:
        large = replace(BANJIR, size=MAX_HITS + 1)
        assert store.search(large) is not store.search(large)


def test_only_sqlite_files_are_wrapped(tmp_path: Path) -> None:
    with SQLiteStore(":memory:") as memory:
        assert cached(memory) is memory  # one connection: nothing to watch it with
    with SQLiteStore(tmp_path / "off.db") as off:
        assert cached(off, entries=0) is off  # api.result_cache = 0


def test_the_oldest_answer_is_forgotten_first(tmp_path: Path) -> None:
    inner = SQLiteStore(tmp_path / "small.db")
    inner.upsert(sample_articles())
    store = cached(inner, entries=2)
    assert isinstance(store, CachedStore)
    with store:
        a, b, c = (replace(BANJIR, page=n) for n in (1, 2, 3))
        first = store.search(a)
        store.search(b)
        assert store.search(a) is first  # a is now the newest kept
        store.search(c)  # forgets b
        store.search(b)
        assert store.misses == 4


class HeldStore(SQLiteStore):
    """A real SQLite store whose searches wait for ``release``: two requests overlap for sure."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.release = threading.Event()
        self.searches = 0

    def search(self, request: SearchRequest) -> SearchResult:
        self.searches += 1
        assert self.release.wait(timeout=30)
        return super().search(request)


def test_the_same_question_at_once_is_computed_once(tmp_path: Path) -> None:
    inner = HeldStore(tmp_path / "held.db")
    inner.upsert(sample_articles())
    store = cached(inner)
    assert isinstance(store, CachedStore)
    with store, ThreadPoolExecutor(2) as pool:
        first = pool.submit(store.search, BANJIR)
        deadline = time.monotonic() + 30
        while store.misses < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        second = pool.submit(store.search, replace(BANJIR))
        while store.waited < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        inner.release.set()
        assert first.result() is second.result()
        assert inner.searches == 1
        assert (store.misses, store.waited) == (1, 1)
