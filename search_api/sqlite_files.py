"""What Pantau's two SQLite files — the article store and the office database — share.

Both keep their schema in one versioned ``schema.sql`` inside their package (the ``PRAGMA
user_version = N;`` line declares the version) and open every connection the same way: WAL, so the
API reads while a crawl or a digest run writes; ``synchronous = NORMAL``, which with WAL survives
application crashes (a power cut may lose the last commits, which the next crawl or run redoes;
FULL would fsync on every commit); foreign keys on; and a busy timeout, so a second writer waits
instead of failing at once.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from importlib import resources

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_VERSION_LINE = re.compile(r"^PRAGMA user_version = (\d+);", re.MULTILINE)


class SchemaFileError(ValueError):
    """A packaged schema file declares no version."""


def load_versioned_schema(package: str, resource: str = "schema.sql") -> tuple[str, int]:
    """The schema script of ``package`` and the version its ``PRAGMA user_version`` declares."""
    sql = resources.files(package).joinpath(resource).read_text(encoding="utf-8")
    match = _VERSION_LINE.search(sql)
    if match is None:
        raise SchemaFileError(f"{package}/{resource} declares no PRAGMA user_version")
    return sql, int(match.group(1))


def configure_connection(conn: sqlite3.Connection, what: str) -> None:
    """The connection settings both files use (see the module docstring); ``what`` names the file
    in the warning an unexpected journal mode gets (an in-memory database cannot use WAL)."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode != "wal":
        logger.warning("%s: journal mode is %s, not wal", what, mode)
    conn.execute("PRAGMA synchronous = NORMAL")
