"""Saved searches and their subscriptions in the office database: plain records and their CRUD.

Every write validates first (:mod:`search_api.digests.validation`): a query that does not parse
raises :class:`~search_api.query.QueryError` with its position, anything else malformed raises
:class:`ValidationError`; a missing id raises :class:`NotFound`. The CLI and the API map those to
their own errors (exit 2, HTTP 400/404).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pantau.models import SentimentLabel
from search_api.digests.db import transaction
from search_api.digests.validation import (
    check_agency_tones,
    check_email,
    check_ids,
    check_known_outlets,
    check_name,
    check_query,
    check_sentiments,
)
from search_api.i18n import Language


class NotFound(LookupError):
    """No saved search (or subscription) with that id."""


@dataclass(kw_only=True, slots=True)
class Subscription:
    id: int
    saved_search_id: int
    email: str
    language: Language
    active: bool
    created_at: datetime


@dataclass(kw_only=True, slots=True)
class SavedSearch:
    id: int
    name: str
    query: str
    outlets: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    sentiments: list[SentimentLabel] = field(default_factory=list)
    # "<agency id>:<tone>": articles whose tone towards that agency is that tone.
    agency_tones: list[str] = field(default_factory=list)
    created_at: datetime
    subscriptions: list[Subscription] = field(default_factory=list)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _subscription(row: sqlite3.Row) -> Subscription:
    return Subscription(
        id=row["id"],
        saved_search_id=row["saved_search_id"],
        email=row["email"],
        language=row["language"],
        active=bool(row["active"]),
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def _saved_search(row: sqlite3.Row, subscriptions: list[Subscription]) -> SavedSearch:
    return SavedSearch(
        id=row["id"],
        name=row["name"],
        query=row["query"],
        outlets=json.loads(row["outlets"]),
        agencies=json.loads(row["agencies"]),
        sentiments=json.loads(row["sentiments"]),
        agency_tones=json.loads(row["agency_tones"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        subscriptions=subscriptions,
    )


def list_saved_searches(conn: sqlite3.Connection) -> list[SavedSearch]:
    subscriptions: dict[int, list[Subscription]] = {}
    for row in conn.execute("SELECT * FROM subscriptions ORDER BY id"):
        subscriptions.setdefault(row["saved_search_id"], []).append(_subscription(row))
    return [
        _saved_search(row, subscriptions.get(row["id"], []))
        for row in conn.execute("SELECT * FROM saved_searches ORDER BY id")
    ]


def get_saved_search(conn: sqlite3.Connection, search_id: int) -> SavedSearch:
    row = conn.execute("SELECT * FROM saved_searches WHERE id = ?", (search_id,)).fetchone()
    if row is None:
        raise NotFound(f"no saved search with id {search_id}")
    subscriptions = [
        _subscription(r)
        for r in conn.execute(
            "SELECT * FROM subscriptions WHERE saved_search_id = ? ORDER BY id", (search_id,)
        )
    ]
    return _saved_search(row, subscriptions)


@dataclass(kw_only=True, slots=True)
class SearchFields:
    """The editable fields of a saved search, validated together (the query may be empty only
    when a filter is set)."""

    name: str
    query: str
    outlets: Sequence[str] = ()
    agencies: Sequence[str] = ()
    sentiments: Sequence[str] = ()
    agency_tones: Sequence[str] = ()
    # The outlet ids the store has articles from; None skips the check (an office database
    # worked on without the article store, as in some tests).
    known_outlets: Collection[str] | None = None

    def validated(self) -> ValidFields:
        outlets = check_ids(self.outlets, "outlet")
        if self.known_outlets is not None:
            check_known_outlets(outlets, self.known_outlets)
        agencies = check_ids(self.agencies, "agency")
        sentiments = check_sentiments(self.sentiments)
        agency_tones = check_agency_tones(self.agency_tones)
        # The query before the name: the UI form checks the name on its own and reports this
        # method's first problem next to it.
        query = check_query(
            self.query, has_filters=bool(outlets or agencies or sentiments or agency_tones)
        )
        return ValidFields(
            name=check_name(self.name),
            query=query,
            outlets=outlets,
            agencies=agencies,
            sentiments=sentiments,
            agency_tones=agency_tones,
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class ValidFields:
    """:class:`SearchFields` after validation: cleaned, in the form they are stored."""

    name: str
    query: str
    outlets: list[str]
    agencies: list[str]
    sentiments: list[SentimentLabel]
    agency_tones: list[str]

    def columns(self) -> tuple[str, str, str, str, str, str]:
        """The values of (name, query, outlets, agencies, sentiments, agency_tones)."""
        return (
            self.name,
            self.query,
            json.dumps(self.outlets),
            json.dumps(self.agencies),
            json.dumps(self.sentiments),
            json.dumps(self.agency_tones),
        )


def create_saved_search(conn: sqlite3.Connection, fields: SearchFields) -> SavedSearch:
    valid = fields.validated()
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO saved_searches "
            "(name, query, outlets, agencies, sentiments, agency_tones, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*valid.columns(), _now()),
        )
    assert cursor.lastrowid is not None  # an INSERT into a rowid table always sets it
    return get_saved_search(conn, cursor.lastrowid)


def update_saved_search(
    conn: sqlite3.Connection, search_id: int, fields: SearchFields
) -> SavedSearch:
    """Replace the editable fields (the caller merges a partial update onto the current ones)."""
    valid = fields.validated()
    with transaction(conn):
        cursor = conn.execute(
            "UPDATE saved_searches SET name = ?, query = ?, outlets = ?, agencies = ?, "
            "sentiments = ?, agency_tones = ? WHERE id = ?",
            (*valid.columns(), search_id),
        )
    if cursor.rowcount == 0:
        raise NotFound(f"no saved search with id {search_id}")
    return get_saved_search(conn, search_id)


def delete_saved_search(conn: sqlite3.Connection, search_id: int) -> None:
    """Removes the search, its subscriptions and its send log (foreign keys cascade)."""
    with transaction(conn):
        cursor = conn.execute("DELETE FROM saved_searches WHERE id = ?", (search_id,))
    if cursor.rowcount == 0:
        raise NotFound(f"no saved search with id {search_id}")


def subscribe(
    conn: sqlite3.Connection, search_id: int, email: str, language: Language
) -> Subscription:
    """Subscribe ``email``; an existing subscription of that address is re-activated and takes
    the new language, so subscribing twice is harmless."""
    address = check_email(email)
    with transaction(conn):
        if (
            conn.execute("SELECT 1 FROM saved_searches WHERE id = ?", (search_id,)).fetchone()
            is None
        ):
            raise NotFound(f"no saved search with id {search_id}")
        conn.execute(
            "INSERT INTO subscriptions (saved_search_id, email, language, active, created_at) "
            "VALUES (?, ?, ?, 1, ?) ON CONFLICT (saved_search_id, email) "
            "DO UPDATE SET language = excluded.language, active = 1",
            (search_id, address, language, _now()),
        )
    row = conn.execute(
        "SELECT * FROM subscriptions WHERE saved_search_id = ? AND email = ?", (search_id, address)
    ).fetchone()
    return _subscription(row)


def get_subscription(
    conn: sqlite3.Connection, search_id: int, subscription_id: int
) -> Subscription:
    row = conn.execute(
        "SELECT * FROM subscriptions WHERE id = ? AND saved_search_id = ?",
        (subscription_id, search_id),
    ).fetchone()
    if row is None:
        raise NotFound(f"no subscription {subscription_id} on saved search {search_id}")
    return _subscription(row)


def update_subscription(
    conn: sqlite3.Connection,
    search_id: int,
    subscription_id: int,
    *,
    active: bool | None = None,
    language: Language | None = None,
) -> Subscription:
    current = get_subscription(conn, search_id, subscription_id)
    with transaction(conn):
        conn.execute(
            "UPDATE subscriptions SET active = ?, language = ? WHERE id = ?",
            (
                int(current.active if active is None else active),
                current.language if language is None else language,
                subscription_id,
            ),
        )
    return get_subscription(conn, search_id, subscription_id)


def unsubscribe(conn: sqlite3.Connection, search_id: int, subscription_id: int) -> None:
    with transaction(conn):
        cursor = conn.execute(
            "DELETE FROM subscriptions WHERE id = ? AND saved_search_id = ?",
            (subscription_id, search_id),
        )
    if cursor.rowcount == 0:
        raise NotFound(f"no subscription {subscription_id} on saved search {search_id}")


def find_subscription(conn: sqlite3.Connection, search_id: int, email: str) -> Subscription:
    """The subscription of ``email`` (as the CLI names it) on a saved search."""
    row = conn.execute(
        "SELECT * FROM subscriptions WHERE saved_search_id = ? AND email = ?",
        (search_id, check_email(email)),
    ).fetchone()
    if row is None:
        raise NotFound(f"{email} is not subscribed to saved search {search_id}")
    return _subscription(row)
