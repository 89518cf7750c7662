"""The office database: created from schema.sql with its version, WAL, migrated from version 1
(a file built from the first release's schema text), and refused when newer."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from pantau.settings import Settings
from search_api.digests import searches
from search_api.digests.db import OfficeDBError, connect, load_schema, office_db_path, open_office
from search_api.digests.migrate import STEPS
from search_api.digests.searches import SearchFields
from search_api.digests.sendlog import DigestKey, get_entry
from search_api.sqlite_files import migrate


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


# Migration ---------------------------------------------------------------------------------

# The office database as the first release created it: schema.sql at version 1, kept verbatim.
V1_SCHEMA = Path(__file__).with_name("office_schema_v1.sql")


def _v1_file(path: Path) -> None:
    """A version-1 office.db with a saved search, a subscription and a send-log row."""
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("PRAGMA foreign_keys = ON")
        raw.executescript(V1_SCHEMA.read_text(encoding="utf-8"))
        raw.execute(
            "INSERT INTO saved_searches (name, query, outlets, agencies, sentiments, created_at) "
            "VALUES ('Pemkot Bekasi', 'bekasi', '[\"kabarmasa.com\"]', "
            "'[\"kota-bekasi/pemkot\"]', '[\"negative\"]', '2026-11-01T00:00:00+00:00')"
        )
        raw.execute(
            "INSERT INTO subscriptions (saved_search_id, email, language, active, created_at) "
            "VALUES (1, 'humas@bekasikota.go.id', 'en', 0, '2026-11-01T00:00:00+00:00')"
        )
        raw.execute(
            "INSERT INTO send_log (saved_search_id, email, day, status, attempts, message_id, "
            "articles, updated_at) VALUES (1, 'humas@bekasikota.go.id', '2026-11-28', 'sent', 1, "
            "'<m1@bekasikota.go.id>', 4, '2026-11-29T00:00:05+00:00')"
        )
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        raw.close()


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, tuple[str, int, str | None]]:
    return {row[1]: (row[2], row[3], row[4]) for row in conn.execute(f"PRAGMA table_info({table})")}


def test_a_version_1_file_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    _v1_file(path)
    conn = connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == load_schema()[1] == 7
        [saved] = searches.list_saved_searches(conn)
        assert (saved.name, saved.query) == ("Pemkot Bekasi", "bekasi")
        assert (saved.outlets, saved.agencies, saved.sentiments) == (
            ["kabarmasa.com"],
            ["kota-bekasi/pemkot"],
            ["negative"],
        )
        assert saved.agency_tones == []  # no such filter before version 2
        [sub] = saved.subscriptions
        assert (sub.email, sub.language, sub.active) == ("humas@bekasikota.go.id", "en", False)
        entry = get_entry(conn, DigestKey(1, "humas@bekasikota.go.id", date(2026, 11, 28)))
        assert entry is not None
        assert (entry.status, entry.message_id, entry.articles) == (
            "sent",
            "<m1@bekasikota.go.id>",
            4,
        )

        # The new column works like a fresh file's: written, read back, checked as JSON.
        updated = searches.update_saved_search(
            conn,
            saved.id,
            SearchFields(
                name=saved.name, query=saved.query, agency_tones=["kota-bekasi/pemkot:negative"]
            ),
        )
        assert updated.agency_tones == ["kota-bekasi/pemkot:negative"]
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE saved_searches SET agency_tones = 'not json'")
        migrated = {table: _columns(conn, table) for table in ("saved_searches", "subscriptions")}
    finally:
        conn.close()

    fresh = connect(tmp_path / "fresh.db")
    try:
        assert {t: _columns(fresh, t) for t in migrated} == migrated
    finally:
        fresh.close()
    # Opening again finds the current version and changes nothing.
    connect(path).close()


def test_two_processes_migrating_at_once_migrate_once(tmp_path: Path) -> None:
    """Each step re-reads the version inside its write lock: the second opener, which saw
    version 1 before the first finished, finds version 2 and adds no column twice."""
    path = tmp_path / "office.db"
    _v1_file(path)
    first = sqlite3.connect(path, isolation_level=None)
    second = sqlite3.connect(path, isolation_level=None)
    try:
        seen = [c.execute("PRAGMA user_version").fetchone()[0] for c in (first, second)]
        assert seen == [1, 1]
        migrate(first, f"office database {path}", STEPS, 1, 2)
        migrate(
            second, f"office database {path}", STEPS, 1, 2
        )  # would fail with "duplicate column name" without the check
        assert second.execute("PRAGMA user_version").fetchone()[0] == 2
        assert list(_columns(second, "saved_searches")).count("agency_tones") == 1
    finally:
        first.close()
        second.close()


def test_a_failed_step_leaves_the_file_at_its_version(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    _v1_file(path)
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        # A column of that name already there (a hand edit): the step fails and is rolled back.
        raw.execute("ALTER TABLE saved_searches ADD COLUMN agency_tones TEXT")
    finally:
        raw.close()
    with pytest.raises(OfficeDBError, match="duplicate column"):
        connect(path)
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        assert raw.execute("SELECT count(*) FROM saved_searches").fetchone()[0] == 1
    finally:
        raw.close()


def test_a_migrated_file_takes_the_uncertain_status_and_still_refuses_others(
    tmp_path: Path,
) -> None:
    path = tmp_path / "office.db"
    _v1_file(path)
    conn = connect(path)
    try:
        conn.execute(
            "UPDATE send_log SET status = 'uncertain' WHERE email = 'humas@bekasikota.go.id'"
        )
        entry = get_entry(conn, DigestKey(1, "humas@bekasikota.go.id", date(2026, 11, 28)))
        assert entry is not None
        assert entry.status == "uncertain"
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE send_log SET status = 'lost'")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        declared = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'alert_outbox'"
        ).fetchone()[0]
        assert "'sent', 'uncertain')" in declared
    finally:
        conn.close()
    # A second connection (another process) sees the wider constraint as well.
    other = connect(path)
    try:
        other.execute("UPDATE send_log SET status = 'sent'")
        other.execute("UPDATE send_log SET status = 'uncertain'")
    finally:
        other.close()
