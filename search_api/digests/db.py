"""The office database: one SQLite file, ``office.db`` in ``PANTAU_HOME`` (``schema.sql``).

Saved searches, subscriptions and the send log are the office's own records. They live apart from
the article store because the store may be Elasticsearch (and can be rebuilt by crawling again),
while these rows cannot be recreated.

* **Schema.** ``schema.sql`` is the only copy, loaded with importlib.resources and run on a file
  whose ``PRAGMA user_version`` is 0. A file of an older version is migrated in place
  (:mod:`search_api.digests.migrate`, one transaction per version step, safe when two processes
  open it at once); a newer one is refused with :class:`OfficeDBError` naming both versions, since
  a newer file must not be written by older code.
* **Connections.** One short-lived connection per unit of work (a CLI command, an API request, a
  digest run), in autocommit mode; writes that must not interleave run in :func:`transaction`
  (``BEGIN IMMEDIATE``). WAL lets the API read while the scheduler writes the send log, and
  ``busy_timeout`` makes a writer wait instead of failing.

Settings read: ``home``.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pantau.settings import Settings
from search_api.digests.migrate import STEPS
from search_api.sqlite_files import (
    SchemaVersionError,
    configure_connection,
    ensure_schema,
    load_versioned_schema,
)

logger = logging.getLogger(__name__)

SCHEMA_RESOURCE = "schema.sql"
OFFICE_DB_NAME = "office.db"


class OfficeDBError(Exception):
    """The office database cannot be opened or used; the message names the file."""


def office_db_path(settings: Settings) -> Path:
    return settings.home / OFFICE_DB_NAME


def load_schema() -> tuple[str, int]:
    """The schema script and the version it declares (its ``PRAGMA user_version`` line)."""
    return load_versioned_schema("search_api.digests", SCHEMA_RESOURCE)


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    try:
        ensure_schema(conn, path, "search_api.digests", STEPS, f"office database {path}")
    except SchemaVersionError as exc:
        raise OfficeDBError(str(exc)) from exc


def connect(path: Path) -> sqlite3.Connection:
    """An open, configured connection to the office database at ``path`` (created if missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        configure_connection(conn, f"office database {path}")
        _ensure_schema(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise OfficeDBError(f"cannot open office database {path}: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def open_office(settings: Settings) -> Iterator[sqlite3.Connection]:
    """``with open_office(settings) as conn:`` — the office database, closed when the block ends."""
    conn = connect(office_db_path(settings))
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction that takes the lock up front, so a read-then-write cannot race."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
