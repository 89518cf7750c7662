"""The capture ledger: which WARC record holds which article's response, and what changed since.

A small SQLite file of its own (``PANTAU_HOME/warc/captures.db``), opened like Pantau's other
SQLite files (WAL, busy timeout; :mod:`search_api.sqlite_files`), so a crawl writes while the API
reads. An article's *first* capture is the evidence a report cites; a re-check adds captures and
flags, never replaces the first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

from search_api.sqlite_files import configure_connection, ensure_schema

LEDGER_NAME = "captures.db"
FlagKind = Literal["changed", "gone"]
Origin = Literal["crawl", "recheck"]
_COLUMNS = (
    "id, article_id, url, status, sha256, text_sha256, warc_file, warc_offset, warc_length, "
    "fetched_at, origin"
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Capture:
    """One archived response: where its WARC record is and what it held."""

    id: int
    article_id: str
    url: str
    status: int
    sha256: str
    text_sha256: str | None
    warc_file: str
    warc_offset: int
    warc_length: int
    fetched_at: datetime
    origin: Origin

    @property
    def reference(self) -> str:
        """``file#offset``: the record's address, as reports print it."""
        return f"{self.warc_file}#{self.warc_offset}"


@dataclass(frozen=True, kw_only=True, slots=True)
class Flag:
    article_id: str
    kind: FlagKind
    capture_id: int
    detected_at: datetime


@dataclass(frozen=True, kw_only=True, slots=True)
class NewCapture:
    """What a writer knows about a capture before the ledger gives it an id."""

    article_id: str
    url: str
    status: int
    sha256: str
    text_sha256: str | None
    warc_file: str
    warc_offset: int
    warc_length: int
    fetched_at: datetime
    origin: Origin


def _capture(row: sqlite3.Row) -> Capture:
    return Capture(
        id=row["id"],
        article_id=row["article_id"],
        url=row["url"],
        status=row["status"],
        sha256=row["sha256"],
        text_sha256=row["text_sha256"],
        warc_file=row["warc_file"],
        warc_offset=row["warc_offset"],
        warc_length=row["warc_length"],
        fetched_at=datetime.fromisoformat(row["fetched_at"]),
        origin=row["origin"],
    )


class Ledger:
    """The captures and flags of one warc directory. Use as a context manager or ``close()``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        configure_connection(self._conn, str(path))
        ensure_schema(self._conn, path, "search_api.archive", {}, "the capture ledger")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def add(self, new: NewCapture) -> Capture:
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO captures (article_id, url, status, sha256, text_sha256, warc_file,"
                " warc_offset, warc_length, fetched_at, origin)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new.article_id,
                    new.url,
                    new.status,
                    new.sha256,
                    new.text_sha256,
                    new.warc_file,
                    new.warc_offset,
                    new.warc_length,
                    new.fetched_at.isoformat(),
                    new.origin,
                ),
            )
            capture_id = cursor.lastrowid
        if capture_id is None:  # sqlite3 always sets it after an INSERT; mypy cannot know
            raise RuntimeError("the ledger gave no id to a new capture")
        return self.get(capture_id)

    def get(self, capture_id: int) -> Capture:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM captures WHERE id = ?", (capture_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no capture {capture_id}")
        return _capture(row)

    def captures(self, article_id: str) -> list[Capture]:
        """Every capture of an article, oldest first."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM captures WHERE article_id = ? ORDER BY id", (article_id,)
        ).fetchall()
        return [_capture(row) for row in rows]

    def first(self, article_id: str) -> Capture | None:
        """The evidence: the article's first successful (2xx) capture."""
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM captures WHERE article_id = ? AND status BETWEEN 200 AND 299"
            " ORDER BY id LIMIT 1",
            (article_id,),
        ).fetchone()
        return None if row is None else _capture(row)

    def last(self, article_id: str) -> Capture | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM captures WHERE article_id = ? ORDER BY id DESC LIMIT 1",
            (article_id,),
        ).fetchone()
        return None if row is None else _capture(row)

    def firsts(self, article_ids: Iterable[str]) -> dict[str, Capture]:
        """:meth:`first` of many articles at once (the reports look up a month's items)."""
        found: dict[str, Capture] = {}
        for article_id in dict.fromkeys(article_ids):
            capture = self.first(article_id)
            if capture is not None:
                found[article_id] = capture
        return found

    def archived_ids(self) -> list[str]:
        """Every article with a successful capture, in the order they were first archived."""
        rows = self._conn.execute(
            "SELECT article_id FROM captures WHERE status BETWEEN 200 AND 299"
            " GROUP BY article_id ORDER BY MIN(id)"
        ).fetchall()
        return [row[0] for row in rows]

    def flag(self, article_id: str, kind: FlagKind, capture_id: int, when: datetime) -> bool:
        """Record a finding; False when the article already had one of this kind (kept)."""
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO flags (article_id, kind, capture_id, detected_at)"
                " VALUES (?, ?, ?, ?)",
                (article_id, kind, capture_id, when.isoformat()),
            )
            return cursor.rowcount == 1

    def flags(self, article_ids: Sequence[str]) -> dict[str, list[Flag]]:
        """The flags of the given articles (absent: none)."""
        found: dict[str, list[Flag]] = {}
        for article_id in dict.fromkeys(article_ids):
            rows = self._conn.execute(
                "SELECT article_id, kind, capture_id, detected_at FROM flags"
                " WHERE article_id = ? ORDER BY detected_at",
                (article_id,),
            ).fetchall()
            for row in rows:
                found.setdefault(article_id, []).append(
                    Flag(
                        article_id=row["article_id"],
                        kind=row["kind"],
                        capture_id=row["capture_id"],
                        detected_at=datetime.fromisoformat(row["detected_at"]),
                    )
                )
        return found

    def stats(self) -> dict[str, int]:
        row = self._conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT article_id), COALESCE(SUM(warc_length), 0)"
            " FROM captures"
        ).fetchone()
        return {"captures": row[0], "articles": row[1], "warc_bytes": row[2]}
