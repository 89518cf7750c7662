"""The connection settings and schema versions both SQLite files share."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from search_api.sqlite_files import (
    BUSY_TIMEOUT_MS,
    SchemaFileError,
    SchemaVersionError,
    configure_connection,
    ensure_schema,
    load_versioned_schema,
)


@pytest.mark.parametrize("package", ["search_api.store", "search_api.digests"])
def test_both_schemas_declare_their_version(package: str) -> None:
    sql, version = load_versioned_schema(package)
    assert version >= 1
    assert f"PRAGMA user_version = {version};" in sql


def test_a_schema_without_a_version_is_refused() -> None:
    # The locales package holds YAML, not a schema: any text without the version line is refused.
    with pytest.raises(SchemaFileError, match="declares no PRAGMA user_version"):
        load_versioned_schema("search_api.locales", "common.yaml")


def test_connection_settings(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db")
    try:
        configure_connection(conn, "test file")
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    finally:
        conn.close()


def test_in_memory_database_warns_about_its_journal(caplog: pytest.LogCaptureFixture) -> None:
    conn = sqlite3.connect(":memory:")
    try:
        configure_connection(conn, "memory")
    finally:
        conn.close()
    assert "memory: journal mode is memory, not wal" in caplog.text


def test_ensure_schema_creates_migrates_and_refuses(tmp_path: Path) -> None:
    sql, version = load_versioned_schema("search_api.digests")
    path = tmp_path / "office.db"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        ensure_schema(conn, path, "search_api.digests", {}, "office database")
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        # Newer than the code: refused, naming the file and both versions.
        conn.execute(f"PRAGMA user_version = {version + 1}")
        with pytest.raises(
            SchemaVersionError, match=rf"office.db has schema version {version + 1}"
        ):
            ensure_schema(conn, path, "search_api.digests", {}, "office database")
        # Older with no step from it: refused too, never half-opened.
        conn.execute(f"PRAGMA user_version = {version - 1}")
        with pytest.raises(SchemaVersionError, match="this code knows only"):
            ensure_schema(conn, path, "search_api.digests", {}, "office database")
        # Older with a step: migrated.
        steps = {version - 1: ["CREATE TABLE extra (x)"]}
        ensure_schema(conn, path, "search_api.digests", steps, "office database")
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert conn.execute("SELECT count(*) FROM extra").fetchone()[0] == 0
        assert sql
    finally:
        conn.close()
