"""What Pantau's two SQLite files — the article store and the office database — share.

Both keep their schema in one versioned ``schema.sql`` inside their package (the ``PRAGMA
user_version = N;`` line declares the version) and open every connection the same way: WAL, so the
API reads while a crawl or a digest run writes; ``synchronous = NORMAL``, which with WAL survives
application crashes (a power cut may lose the last commits, which the next crawl or run redoes;
FULL would fsync on every commit); foreign keys on; and a busy timeout, so a second writer waits
instead of failing at once. Both migrate an older file when they open it (:func:`ensure_schema`).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path

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


class SchemaVersionError(ValueError):
    """A file of a schema version this code cannot open (newer, or no migration path)."""


# steps[n]: the statements that bring a file of version n to version n + 1; a callable runs in the
# same transaction, for a change SQL alone cannot make (widen_check below).
Migration = str | Callable[[sqlite3.Connection], None]
Migrations = Mapping[int, Sequence[Migration]]


def migrate(
    conn: sqlite3.Connection, what: str, steps: Migrations, current: int, target: int
) -> None:
    """Run the steps from ``current`` to ``target``, each in its own write transaction.

    Each step re-reads the version once it holds the write lock: a second process that saw the
    old version before the first one finished finds the new one and runs nothing twice. A failed
    step is rolled back, so the file stays at the last version reached. ``conn`` must be in
    autocommit mode (``isolation_level=None``), as both files' connections are.
    """
    for version in range(current, target):
        statements = steps[version]
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = conn.execute("PRAGMA user_version").fetchone()[0]
            if found == version:  # another process may have migrated while we waited
                for statement in statements:
                    if isinstance(statement, str):
                        conn.execute(statement)
                    else:
                        statement(conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        logger.info("migrated %s to schema version %s", what, version + 1)


def ensure_schema(
    conn: sqlite3.Connection, path: Path, package: str, steps: Migrations, what: str
) -> None:
    """Create the schema in a new file, migrate an older one, refuse a newer one.

    Raises :class:`SchemaVersionError` naming ``path`` when the file's version is newer than the
    code's or no chain of steps leads from it to the code's.
    """
    sql, expected = load_versioned_schema(package)
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current == 0:
        conn.executescript(sql)
        logger.info("created %s (schema version %s)", what, expected)
    elif 0 < current < expected and all(v in steps for v in range(current, expected)):
        migrate(conn, what, steps, current, expected)
    elif current != expected:
        raise SchemaVersionError(
            f"{path} has schema version {current}; this code knows only {expected}"
        )


def widen_check(table: str, old: str, new: str) -> Callable[[sqlite3.Connection], None]:
    """A migration step that replaces ``old`` by ``new`` in ``table``'s declaration, for letting a
    CHECK constraint accept one more value (every existing row still satisfies it, so nothing on
    disk changes). SQLite cannot alter a constraint, and rebuilding the table would drop and copy
    the office's rows (and cascade to tables that reference it); this is the procedure SQLite
    documents for such changes (https://sqlite.org/lang_altertable.html#otheralter): edit the
    stored declaration and bump ``schema_version`` so every connection re-reads it."""

    def step(conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema = ON")
        try:
            changed = conn.execute(
                "UPDATE sqlite_master SET sql = replace(sql, ?, ?) "
                "WHERE type = 'table' AND name = ? AND instr(sql, ?) > 0",
                (old, new, table, old),
            ).rowcount
            if changed != 1:
                raise sqlite3.DatabaseError(f"table {table} does not declare {old!r}")
            conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
        finally:
            conn.execute("PRAGMA writable_schema = OFF")

    return step
