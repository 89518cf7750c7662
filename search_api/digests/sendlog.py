"""The send log: one row per (saved search, recipient, day), so a digest goes out once.

A run *claims* a row (status ``sending``) in a write transaction before it talks to the mail
server, then marks it ``sent`` or ``failed``. Two runs at once (the scheduler and a hand-run
``pantau digest send``) cannot both claim the same digest. A failed row is claimed again by later
runs until it is sent or is older than ``digest.retry_days``; then it becomes ``abandoned`` with a
warning, still on record. A claim left by a run that crashed mid-send goes stale after
:data:`STALE_CLAIM` and is retried: a crash right after the server accepted a message can then
send it twice, which beats never sending it.

A digest whose whole message reached the server without an answer (``smtp.timeout`` ran out
after the final ``.``, or the connection dropped there) is ``uncertain``: the server may have
delivered it. It is neither retried nor abandoned by later runs, because a second copy is what
the office complained of; a person looks (``pantau digest uncertain``) and either confirms it
arrived (``sent``) or sends it again (back to ``failed``, so the next run retries it with the same
Message-ID, which lets mail systems that de-duplicate drop a copy).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from search_api.digests.db import transaction

logger = logging.getLogger(__name__)

Status = Literal["sending", "sent", "failed", "skipped", "abandoned", "uncertain"]
# Far longer than any SMTP conversation (smtp.timeout is seconds): a claim this old is a crashed
# run.
STALE_CLAIM = timedelta(hours=1)
# Never claimed again by a run; "uncertain" waits for a person (resolve_uncertain).
_FINAL: frozenset[str] = frozenset({"sent", "skipped", "abandoned", "uncertain"})


@dataclass(frozen=True, slots=True)
class DigestKey:
    saved_search_id: int
    email: str
    day: date


@dataclass(kw_only=True, slots=True)
class LogEntry:
    key: DigestKey
    status: Status
    attempts: int
    error: str | None
    message_id: str | None
    articles: int | None
    updated_at: datetime


def _entry(row: sqlite3.Row) -> LogEntry:
    return LogEntry(
        key=DigestKey(row["saved_search_id"], row["email"], date.fromisoformat(row["day"])),
        status=row["status"],
        attempts=row["attempts"],
        error=row["error"],
        message_id=row["message_id"],
        articles=row["articles"],
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


def _key_params(key: DigestKey) -> tuple[int, str, str]:
    return key.saved_search_id, key.email, key.day.isoformat()


def get_entry(conn: sqlite3.Connection, key: DigestKey) -> LogEntry | None:
    row = conn.execute(
        "SELECT * FROM send_log WHERE saved_search_id = ? AND email = ? AND day = ?",
        _key_params(key),
    ).fetchone()
    return _entry(row) if row is not None else None


def claim(conn: sqlite3.Connection, key: DigestKey, now: datetime) -> bool:
    """Take the digest ``key`` for sending; False when it is already done or another run has it."""
    with transaction(conn):
        entry = get_entry(conn, key)
        if entry is not None:
            if entry.status in _FINAL:
                return False
            if entry.status == "sending" and now - entry.updated_at < STALE_CLAIM:
                return False
        conn.execute(
            "INSERT INTO send_log (saved_search_id, email, day, status, attempts, updated_at) "
            "VALUES (?, ?, ?, 'sending', 1, ?) ON CONFLICT (saved_search_id, email, day) "
            "DO UPDATE SET status = 'sending', attempts = attempts + 1, "
            "updated_at = excluded.updated_at",
            (*_key_params(key), now.isoformat()),
        )
    return True


def finish(
    conn: sqlite3.Connection,
    key: DigestKey,
    status: Status,
    *,
    error: str | None = None,
    message_id: str | None = None,
    articles: int | None = None,
) -> None:
    """Record how a claimed digest ended: ``sent``, ``failed`` (with ``error``), ``uncertain``
    (with ``error`` and the ``message_id`` that may have arrived) or ``skipped``."""
    with transaction(conn):
        conn.execute(
            "UPDATE send_log SET status = ?, error = ?, message_id = ?, articles = ?, "
            "updated_at = ? WHERE saved_search_id = ? AND email = ? AND day = ?",
            (
                status,
                error,
                message_id,
                articles,
                datetime.now(UTC).isoformat(),
                *_key_params(key),
            ),
        )


def retry_due(conn: sqlite3.Connection, since: date, before: date) -> list[DigestKey]:
    """Failed (or stale) digests of days in ``[since, before)`` whose subscription is still
    active: the earlier days a run tries again besides its own day."""
    rows = conn.execute(
        "SELECT l.* FROM send_log l JOIN subscriptions s "
        "ON s.saved_search_id = l.saved_search_id AND s.email = l.email AND s.active = 1 "
        "WHERE l.status IN ('failed', 'sending') AND l.day >= ? AND l.day < ? "
        "ORDER BY l.day, l.saved_search_id, l.email",
        (since.isoformat(), before.isoformat()),
    ).fetchall()
    return [_entry(row).key for row in rows]


def abandon_older_than(conn: sqlite3.Connection, oldest: date) -> list[LogEntry]:
    """Stop retrying failures (and stale claims) of days before ``oldest``; returns them, each
    logged as a warning."""
    with transaction(conn):
        rows = conn.execute(
            "SELECT * FROM send_log WHERE status IN ('failed', 'sending') AND day < ?",
            (oldest.isoformat(),),
        ).fetchall()
        conn.execute(
            "UPDATE send_log SET status = 'abandoned', updated_at = ? "
            "WHERE status IN ('failed', 'sending') AND day < ?",
            (datetime.now(UTC).isoformat(), oldest.isoformat()),
        )
    entries = [_entry(row) for row in rows]
    for entry in entries:
        logger.warning(
            "digest for saved search %s to %s of %s abandoned after %s attempts: %s",
            entry.key.saved_search_id,
            entry.key.email,
            entry.key.day,
            entry.attempts,
            entry.error,
        )
    return entries


def list_uncertain(conn: sqlite3.Connection) -> list[LogEntry]:
    """Digests that may or may not have arrived, oldest first: each waits for a person."""
    rows = conn.execute(
        "SELECT * FROM send_log WHERE status = 'uncertain' ORDER BY day, saved_search_id, email"
    ).fetchall()
    return [_entry(row) for row in rows]


class NotUncertainError(ValueError):
    """The digest named is not waiting for a decision; the message says what it is."""


def resolve_uncertain(conn: sqlite3.Connection, key: DigestKey, *, resend: bool) -> LogEntry:
    """A person's decision on an uncertain digest: ``resend`` puts it back to ``failed`` (the next
    run within ``digest.retry_days`` sends it again, same Message-ID); otherwise it is ``sent``."""
    with transaction(conn):
        entry = get_entry(conn, key)
        if entry is None or entry.status != "uncertain":
            found = "no such digest" if entry is None else f"its status is {entry.status}"
            raise NotUncertainError(
                f"digest {key.saved_search_id} to {key.email} for {key.day} is not uncertain: "
                f"{found}"
            )
        conn.execute(
            "UPDATE send_log SET status = ?, updated_at = ? "
            "WHERE saved_search_id = ? AND email = ? AND day = ?",
            (
                "failed" if resend else "sent",
                datetime.now(UTC).isoformat(),
                *_key_params(key),
            ),
        )
        updated = get_entry(conn, key)
    assert updated is not None  # updated inside the same transaction
    return updated
