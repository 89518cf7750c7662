"""office.db version 3: the alert tables, created new or migrated from version 2 keeping rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from search_api.digests import searches
from search_api.digests.db import connect, load_schema

# The office database as version 2 created it: schema.sql at version 2, kept verbatim.
V2_SCHEMA = Path(__file__).with_name("office_schema_v2.sql")
ALERT_TABLES = ("alert_rules", "alerts", "alert_articles", "alert_outbox", "alert_attempts")


def _schema(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every table's columns and every index's columns, as SQLite reports them."""
    found: dict[str, list[tuple[object, ...]]] = {}
    for kind, name in conn.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ):
        pragma = "table_xinfo" if kind == "table" else "index_xinfo"
        found[f"{kind} {name}"] = [tuple(r) for r in conn.execute(f"PRAGMA {pragma}({name})")]
    return found


def _v2_file(path: Path) -> None:
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.executescript(V2_SCHEMA.read_text(encoding="utf-8"))
        raw.execute(
            "INSERT INTO saved_searches (name, query, agencies, agency_tones, created_at) VALUES "
            "('Pemkot Bekasi', 'bekasi', '[\"kota-bekasi/pemkot\"]', "
            "'[\"kota-bekasi/pemkot:negative\"]', '2026-11-01T00:00:00+00:00')"
        )
        raw.execute(
            "INSERT INTO subscriptions (saved_search_id, email, language, created_at) "
            "VALUES (1, 'humas@bekasikota.go.id', 'en', '2026-11-01T00:00:00+00:00')"
        )
        raw.execute(
            "INSERT INTO send_log (saved_search_id, email, day, status, attempts, updated_at) "
            "VALUES (1, 'humas@bekasikota.go.id', '2026-11-28', 'sent', 1, '2026-11-29')"
        )
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 2
    finally:
        raw.close()


def test_the_alert_tables_are_declared() -> None:
    sql, version = load_schema()
    assert version >= 3
    for table in ALERT_TABLES:
        assert f"CREATE TABLE IF NOT EXISTS {table} (" in sql


def test_a_version_2_file_is_migrated_keeping_rows_and_matches_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    _v2_file(path)
    conn = connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == load_schema()[1]
        [saved] = searches.list_saved_searches(conn)
        assert (saved.name, saved.agency_tones) == (
            "Pemkot Bekasi",
            ["kota-bekasi/pemkot:negative"],
        )
        assert [(s.email, s.language) for s in saved.subscriptions] == [
            ("humas@bekasikota.go.id", "en")
        ]
        assert conn.execute("SELECT status FROM send_log").fetchall()[0][0] == "sent"
        for table in ALERT_TABLES:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        migrated = _schema(conn)
    finally:
        conn.close()
    fresh = connect(tmp_path / "fresh.db")
    try:
        assert _schema(fresh) == migrated
    finally:
        fresh.close()


def test_alert_rows_follow_their_subscription(tmp_path: Path) -> None:
    """Unsubscribing removes the rule, the alerts, their sent-log and outbox rows (cascade); a
    rule needs a channel."""
    conn = connect(tmp_path / "office.db")
    try:
        saved = searches.create_saved_search(
            conn, searches.SearchFields(name="Bekasi", query="bekasi")
        )
        sub = searches.subscribe(conn, saved.id, "humas@bekasikota.go.id", "id")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO alert_rules (subscription_id, mode, by_email, since, created_at) "
                "VALUES (?, 'every', 0, 'x', 'x')",
                (sub.id,),
            )
        conn.execute(
            "INSERT INTO alert_rules (subscription_id, mode, since, created_at) "
            "VALUES (?, 'every', 'x', 'x')",
            (sub.id,),
        )
        conn.execute(
            "INSERT INTO alerts (id, subscription_id, kind, payload, created_at) "
            "VALUES (1, ?, 'match', '{}', 'x')",
            (sub.id,),
        )
        conn.execute("INSERT INTO alert_articles VALUES (?, 'a1', 1)", (sub.id,))
        conn.execute(
            "INSERT INTO alert_outbox (alert_id, channel, target, status, next_attempt_at, "
            "updated_at) VALUES (1, 'email', 'humas@bekasikota.go.id', 'pending', 'x', 'x')"
        )
        searches.unsubscribe(conn, saved.id, sub.id)
        for table in ALERT_TABLES:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    finally:
        conn.close()
