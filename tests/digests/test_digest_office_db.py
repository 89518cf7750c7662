"""The office database: created from schema.sql with its version, WAL, and refused when newer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pantau.settings import Settings
from search_api.digests.db import OfficeDBError, connect, load_schema, office_db_path, open_office


def test_new_file_gets_the_declared_version_and_wal(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    _, version = load_schema()
    assert version >= 1
    with open_office(settings) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"saved_searches", "subscriptions", "send_log"} <= tables
    assert office_db_path(settings) == tmp_path / "home" / "office.db"
    assert office_db_path(settings).is_file()


def test_reopening_keeps_the_rows(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    conn = connect(path)
    conn.execute(
        "INSERT INTO saved_searches (name, query, created_at) VALUES ('a', 'banjir', '2026-11-28')"
    )
    conn.close()
    conn = connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM saved_searches").fetchone()[0] == 1
    finally:
        conn.close()


def test_a_newer_schema_version_is_refused_with_both_versions(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    connect(path).close()
    _, version = load_schema()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {version + 1}")
    raw.close()
    with pytest.raises(OfficeDBError, match=rf"schema version {version + 1}.*only {version}"):
        connect(path)


def test_the_schema_is_one_versioned_file() -> None:
    sql, version = load_schema()
    assert f"PRAGMA user_version = {version};" in sql
    assert "CREATE TABLE IF NOT EXISTS send_log" in sql
