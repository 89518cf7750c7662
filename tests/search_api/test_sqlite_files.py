"""The connection settings and schema versions both SQLite files share."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from search_api.sqlite_files import (
    BUSY_TIMEOUT_MS,
    SchemaFileError,
    configure_connection,
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
