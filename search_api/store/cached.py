"""A SQLite store's answers remembered until the store changes: the web UI's repeated questions.

The officers of one office open the same pages: this week's overview, the latest articles, the
searches they saved. Each answer costs the store 10-600 ms at a million articles, and ten users
on two cores queue behind each other (``docs/scale.md``, serving). Asked again before anything
was written, the store would compute the same answer, so the server keeps the last
:data:`ENTRIES` answers of ``search``, ``timeline`` and ``agency_tones`` per process.

Exact, not a time-to-live: ``PRAGMA data_version`` on a connection of the cache's own changes
with every commit by any other connection, in any process (the crawler's, another server
worker's, this store's own pool), and an answer is used only while that number is still the one
read before the answer was computed. Reading it costs a few microseconds.

Callers share the remembered objects: they must not change what they get back (no page does).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from pantau.models import Article
from search_api.store.base import (
    AgencyTone,
    ClosingStore,
    Interval,
    SearchRequest,
    SearchResult,
    Shares,
    Store,
    StoreError,
    Timeline,
    WriteReport,
)

# Per server process. A page of 20 hits is some 100 KB in memory; the largest answers are not kept.
ENTRIES = 256
# Searches asking for more hits than this (the copies of a whole page, exports) are not kept.
MAX_HITS = 100

T = TypeVar("T")


class DataVersion:
    """The number SQLite changes whenever another connection commits to the file."""

    def __init__(self, path: Path) -> None:
        try:
            self._conn = sqlite3.connect(
                f"file:{quote(str(path.resolve()))}?mode=ro",
                uri=True,
                check_same_thread=False,
                isolation_level=None,
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot watch SQLite store {path} for changes: {exc}") from exc
        self._lock = threading.Lock()  # one connection, asked from the server's threads

    def __call__(self) -> int:
        with self._lock:
            try:
                return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the SQLite store's data version: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class CachedStore(ClosingStore):
    """``inner`` with its read answers remembered while ``version()`` stays the same."""

    def __init__(self, inner: Store, version: DataVersion, entries: int = ENTRIES) -> None:
        if entries < 1:
            raise ValueError(f"entries must be at least 1, got {entries}")
        self.inner = inner
        self._version = version
        self._entries = entries
        self._kept: OrderedDict[tuple[str, ...], tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._running: dict[tuple[int, tuple[str, ...]], Future[Any]] = {}
        self.hits = 0  # answers served from memory, for the tests and the benchmarks
        self.misses = 0  # answers computed
        self.waited = 0  # answers shared with a request computing the same one at that moment

    def _remember(self, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        version = self._version()  # before computing: a commit meanwhile makes the answer stale
        mine: Future[Any] = Future()
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] == version:
                self._kept.move_to_end(key)
                self.hits += 1
                answer: T = kept[1]
                return answer
            # The same question asked by several people at once (the overview after a crawl's
            # commit) is computed once; the others wait for that answer.
            running = self._running.setdefault((version, key), mine)
            if running is mine:
                self.misses += 1
            else:
                self.waited += 1
        if running is not mine:
            shared: T = running.result()
            return shared
        try:
            answer = compute()
        except BaseException as exc:
            with self._lock:
                del self._running[(version, key)]
            mine.set_exception(exc)
            raise
        with self._lock:
            del self._running[(version, key)]
            self._kept[key] = (version, answer)
            self._kept.move_to_end(key)
            while len(self._kept) > self._entries:
                self._kept.popitem(last=False)
        mine.set_result(answer)
        return answer

    def search(self, request: SearchRequest) -> SearchResult:
        if request.size > MAX_HITS:
            return self.inner.search(request)
        return self._remember(("search", repr(request)), lambda: self.inner.search(request))

    def timeline(self, request: SearchRequest, interval: Interval) -> Timeline:
        return self._remember(
            ("timeline", interval, repr(request)), lambda: self.inner.timeline(request, interval)
        )

    def agency_tones(self, request: SearchRequest, size: int) -> list[AgencyTone]:
        return self._remember(
            ("agency_tones", str(size), repr(request)),
            lambda: self.inner.agency_tones(request, size),
        )

    def shares(self, request: SearchRequest, size: int) -> Shares:
        if request.size > MAX_HITS:
            return self.inner.shares(request, size)
        return self._remember(
            ("shares", str(size), repr(request)), lambda: self.inner.shares(request, size)
        )

    def upsert(self, articles: Iterable[Article]) -> WriteReport:
        return self.inner.upsert(articles)  # the pool's connection commits: the version moves

    def get(self, article_id: str) -> Article | None:
        return self.inner.get(article_id)

    def existing(self, article_ids: Iterable[str]) -> set[str]:
        return self.inner.existing(article_ids)

    def count(self) -> int:
        return self.inner.count()

    def maintain(self) -> dict[str, Any]:
        return self.inner.maintain()

    def ping(self) -> bool:
        return self.inner.ping()

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            self._version.close()


def cached(store: Store, entries: int = ENTRIES) -> Store:
    """``store`` answering repeated questions from memory when it is a SQLite file; any other
    store (Elasticsearch, which caches itself; SQLite in memory, one connection only) as it is."""
    from search_api.store.sqlite import SQLiteStore

    if entries < 1 or not isinstance(store, SQLiteStore) or str(store.path) == ":memory:":
        return store
    return CachedStore(store, DataVersion(store.path), entries)
