"""The SQLite store's connections: one per thread, so searches run side by side.

One connection behind one lock made the server answer one request at a time (about 1.5 requests a
second from 1 to 50 clients). In WAL mode readers never block each other or the writer, so each
thread (the API's worker threads, the crawler's) gets its own connection, opened on its first use
and closed with the store; writers still take SQLite's write lock in turn (``BEGIN IMMEDIATE``
with a busy timeout). Temporary tables (a search's materialised matches) are per connection, so
threads cannot see each other's. An in-memory database exists only in its one connection: it keeps
a single connection behind a lock.

Memory: every connection has its own page cache (:data:`CACHE_KIB`), and all share the file's
memory map (:data:`MMAP_BYTES`, pages held once by the operating system).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from search_api.sqlite_files import configure_connection
from search_api.store.base import StoreError

logger = logging.getLogger(__name__)

# Per connection; with the memory map the cache mostly holds the pages of the search at hand.
# SQLite's 2 MB default re-read the same pages through system calls on every search (system CPU
# equalled user CPU in bench/search.py).
CACHE_KIB = 64 * 1024
MMAP_BYTES = 1024 * 1024 * 1024
MEMORY = ":memory:"


class ConnectionPool:
    def __init__(
        self,
        path: Path,
        prepare: Callable[[sqlite3.Connection], None],
        setup: Callable[[sqlite3.Connection], None] | None = None,
    ) -> None:
        """``prepare`` runs once, on the first connection (the schema check and migration);
        ``setup`` on every connection as it opens (the store's SQL functions)."""
        self.path = path
        self._setup = setup
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._guard = threading.Lock()  # for _opened, and the whole connection in memory
        self._closed = False
        first = self._open()
        try:
            prepare(first)
        except sqlite3.Error as exc:
            first.close()
            raise StoreError(f"cannot open SQLite store {self.path}: {exc}") from exc
        except BaseException:
            first.close()
            raise
        self._local.conn = first
        self._opened.append(first)

    @property
    def shared(self) -> bool:
        return str(self.path) == MEMORY

    def _open(self) -> sqlite3.Connection:
        if not self.shared:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        try:
            configure_connection(conn, f"SQLite store {self.path}")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            if self._setup is not None:
                self._setup(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"cannot open SQLite store {self.path}: {exc}") from exc
        return conn

    def _mine(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            with self._guard:
                if self._closed:
                    conn.close()
                    raise StoreError(f"SQLite store {self.path} is closed")
                self._opened.append(conn)
            self._local.conn = conn
        return conn

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection; SQLite errors surface as :class:`StoreError`."""
        if self._closed:
            raise StoreError(f"SQLite store {self.path} is closed")
        try:
            if self.shared:
                with self._guard:
                    yield self._opened[0]
            else:
                yield self._mine()
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite store {self.path}: {exc}") from exc

    def close(self) -> None:
        with self._guard:
            if self._closed:
                return
            self._closed = True
            opened, self._opened = self._opened, []
        for index, conn in enumerate(opened):
            if index == 0:
                try:
                    # SQLite's advice for long-lived connections: refresh planner statistics.
                    conn.execute("PRAGMA optimize")
                except sqlite3.Error as exc:
                    logger.warning("PRAGMA optimize failed on %s: %s", self.path, exc)
            conn.close()
