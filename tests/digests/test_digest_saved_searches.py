"""Saved searches and subscriptions: validated when saved, queries refused with the position."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from search_api.digests import searches
from search_api.digests.db import connect
from search_api.digests.searches import NotFound, SearchFields
from search_api.digests.validation import ValidationError, check_email
from search_api.query import QueryError


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = connect(tmp_path / "office.db")
    try:
        yield connection
    finally:
        connection.close()


def test_create_list_update_delete(conn: sqlite3.Connection) -> None:
    saved = searches.create_saved_search(
        conn,
        SearchFields(
            name="  Pemkot   Bekasi ",
            query=' "wali kota" bekasi ',
            agencies=["Kota-Bekasi/Pemkot"],
            sentiments=["negatif"],
        ),
    )
    assert saved.name == "Pemkot Bekasi"
    assert saved.query == '"wali kota" bekasi'
    assert saved.agencies == ["kota-bekasi/pemkot"]
    assert saved.sentiments == ["negative"]
    assert saved.created_at.tzinfo is not None
    assert [s.id for s in searches.list_saved_searches(conn)] == [saved.id]

    updated = searches.update_saved_search(
        conn, saved.id, SearchFields(name="Banjir", query="banjir OR genangan")
    )
    assert (updated.name, updated.query, updated.agencies) == ("Banjir", "banjir OR genangan", [])

    searches.delete_saved_search(conn, saved.id)
    with pytest.raises(NotFound):
        searches.get_saved_search(conn, saved.id)
    with pytest.raises(NotFound):
        searches.delete_saved_search(conn, saved.id)


@pytest.mark.parametrize(
    ("query", "position"),
    [('banjir "unclosed', 7), ("banjir AND", 10), ("(banjir", 0), ("judul:banjir", 0)],
)
def test_bad_query_is_refused_with_its_position(
    conn: sqlite3.Connection, query: str, position: int
) -> None:
    with pytest.raises(QueryError) as caught:
        searches.create_saved_search(conn, SearchFields(name="x", query=query))
    assert caught.value.position == position
    assert searches.list_saved_searches(conn) == []


def test_empty_query_needs_a_filter(conn: sqlite3.Connection) -> None:
    with pytest.raises(ValidationError, match="query or at least one filter"):
        searches.create_saved_search(conn, SearchFields(name="x", query="  "))
    saved = searches.create_saved_search(
        conn, SearchFields(name="Semua berita Pemkot", query="", agencies=["kota-bekasi/pemkot"])
    )
    assert saved.query == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (SearchFields(name=" ", query="banjir"), "name"),
        (SearchFields(name="x", query="banjir", sentiments=["marah"]), "sentiment"),
        (SearchFields(name="x", query="banjir", agencies=["kota bekasi"]), "agency"),
    ],
)
def test_bad_values_are_refused(
    conn: sqlite3.Connection, fields: SearchFields, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        searches.create_saved_search(conn, fields)


def test_subscriptions(conn: sqlite3.Connection) -> None:
    saved = searches.create_saved_search(conn, SearchFields(name="Banjir", query="banjir"))
    first = searches.subscribe(conn, saved.id, " Humas@BekasiKota.go.id ", "id")
    assert first.email == "Humas@bekasikota.go.id"
    assert (first.language, first.active) == ("id", True)
    paused = searches.update_subscription(conn, saved.id, first.id, active=False)
    assert paused.active is False
    # Subscribing again re-activates and takes the new language; still one subscription.
    again = searches.subscribe(conn, saved.id, "humas@bekasikota.go.id".replace("h", "H", 1), "en")
    assert (again.id, again.language, again.active) == (first.id, "en", True)
    assert len(searches.get_saved_search(conn, saved.id).subscriptions) == 1

    found = searches.find_subscription(conn, saved.id, "Humas@bekasikota.go.id")
    searches.unsubscribe(conn, saved.id, found.id)
    assert searches.get_saved_search(conn, saved.id).subscriptions == []
    with pytest.raises(NotFound):
        searches.subscribe(conn, 999, "a@b.id", "id")


@pytest.mark.parametrize(
    "address",
    ["humas@bekasi", "humas bekasi@kota.go.id", "Humas <humas@kota.go.id>", "@kota.go.id", ""],
)
def test_malformed_addresses_are_refused(address: str) -> None:
    with pytest.raises(ValidationError, match="not an e-mail address"):
        check_email(address)


def test_deleting_a_search_removes_its_subscriptions(conn: sqlite3.Connection) -> None:
    saved = searches.create_saved_search(conn, SearchFields(name="Banjir", query="banjir"))
    searches.subscribe(conn, saved.id, "humas@bekasikota.go.id", "id")
    searches.delete_saved_search(conn, saved.id)
    assert conn.execute("SELECT count(*) FROM subscriptions").fetchone()[0] == 0
