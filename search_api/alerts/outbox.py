"""The alert sent-log and outbox: found once, delivered until delivered, every attempt on record.

* :func:`record` writes, in one transaction, the alert (its frozen payload), one sent-log row per
  article (``alert_articles``, primary key (subscription, article): an article alerts once per
  subscription, even when two runs find it at once) and one outbox row per channel. Quiet hours
  only set the outbox row's ``next_attempt_at`` (and ``held_until``): held, not dropped.
* :func:`claim_due` takes the due rows for sending (``sending``) in a write transaction, so the
  scheduler's job and a run after a crawl never send the same row both; a claim older than
  :data:`STALE_CLAIM` is a crashed run's and is taken again (the alert may then arrive twice,
  never zero times; a webhook receiver can drop the copy by ``X-Pantau-Delivery``).
* :func:`finish` records the attempt in ``alert_attempts`` and marks the row ``sent`` or puts it
  back to ``pending`` with a backoff: ``alerts.retry_base_seconds`` doubled per attempt, at most
  ``alerts.retry_max_seconds``. There is no giving up: an alert matters most when it is late.
* An e-mail sent whole whose acknowledgement never came (:class:`~search_api.digests.mail.
  MailUncertain`) is ``uncertain``: it may have arrived, so it is not retried by itself; a person
  decides with :func:`resolve_uncertain` (``pantau alerts resolve``): arrived (``sent``) or send
  again (``pending`` now, same Message-ID).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from search_api.alerts.match import Found
from search_api.digests.db import transaction
from search_api.i18n import Language

Channel = Literal["email", "webhook"]
# Far longer than an SMTP conversation or a webhook call (timeouts of seconds): a claim this old
# belongs to a run that crashed.
STALE_CLAIM = timedelta(minutes=10)


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def seen(conn: sqlite3.Connection, subscription_id: int, article_ids: Collection[str]) -> set[str]:
    """Which of ``article_ids`` already alerted for the subscription."""
    ids = list(article_ids)
    found: set[str] = set()
    for start in range(0, len(ids), 500):  # stay below SQLite's limit of bound parameters
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            row[0]
            for row in conn.execute(
                f"SELECT article_id FROM alert_articles WHERE subscription_id = ? "
                f"AND article_id IN ({marks})",
                (subscription_id, *chunk),
            )
        )
    return found


@dataclass(frozen=True, kw_only=True, slots=True)
class Target:
    channel: Channel
    address: str  # the e-mail address or the webhook URL


def record(
    conn: sqlite3.Connection,
    subscription_id: int,
    found: Found,
    data: dict[str, Any],
    targets: list[Target],
    *,
    now: datetime,
    deliver_at: datetime,
    held_until: datetime | None,
) -> int | None:
    """Store one alert and its deliveries; None when another run logged one of its articles
    first (the caller's next run looks again)."""
    with transaction(conn):
        if seen(conn, subscription_id, [a.id for a in found.articles]):
            return None
        cursor = conn.execute(
            "INSERT INTO alerts (subscription_id, kind, payload, created_at) VALUES (?, ?, ?, ?)",
            (subscription_id, found.kind, json.dumps(data, ensure_ascii=False), _iso(now)),
        )
        alert_id = cursor.lastrowid
        assert alert_id is not None  # an INSERT into a rowid table always sets it
        conn.executemany(
            "INSERT INTO alert_articles (subscription_id, article_id, alert_id) VALUES (?, ?, ?)",
            [(subscription_id, a.id, alert_id) for a in found.articles],
        )
        held = _iso(held_until) if held_until is not None else None
        conn.executemany(
            "INSERT INTO alert_outbox (alert_id, channel, target, status, next_attempt_at, "
            "held_until, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?)",
            [(alert_id, t.channel, t.address, _iso(deliver_at), held, _iso(now)) for t in targets],
        )
    return alert_id


@dataclass(kw_only=True, slots=True)
class Delivery:
    """One claimed outbox row with what sending it needs."""

    id: int
    alert_id: int
    channel: Channel
    target: str
    attempts: int  # including the one now claimed
    language: Language
    email: str  # the subscription's address (named in the footer)
    payload: dict[str, Any]


_DUE = (
    "SELECT o.id FROM alert_outbox o WHERE (o.status = 'pending' AND o.next_attempt_at <= ?) "
    "OR (o.status = 'sending' AND o.updated_at < ?) ORDER BY o.next_attempt_at, o.id"
)
_DELIVERY = (
    "SELECT o.id, o.alert_id, o.channel, o.target, o.attempts, a.payload, s.language, s.email "
    "FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id "
    "JOIN subscriptions s ON s.id = a.subscription_id WHERE o.id = ?"
)


def claim_due(conn: sqlite3.Connection, now: datetime) -> list[Delivery]:
    """Take every delivery due at ``now`` (and stale claims) for this run."""
    with transaction(conn):
        ids = [row[0] for row in conn.execute(_DUE, (_iso(now), _iso(now - STALE_CLAIM)))]
        conn.executemany(
            "UPDATE alert_outbox SET status = 'sending', attempts = attempts + 1, "
            "updated_at = ? WHERE id = ?",
            [(_iso(now), i) for i in ids],
        )
    claimed = []
    for outbox_id in ids:
        row = conn.execute(_DELIVERY, (outbox_id,)).fetchone()
        claimed.append(
            Delivery(
                id=row["id"],
                alert_id=row["alert_id"],
                channel=row["channel"],
                target=row["target"],
                attempts=row["attempts"],
                language=row["language"],
                email=row["email"],
                payload=json.loads(row["payload"]),
            )
        )
    return claimed


def backoff(attempts: int, base_seconds: int, max_seconds: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: base, 2 × base, 4 × base … capped."""
    return timedelta(seconds=min(max_seconds, base_seconds * 2 ** min(attempts - 1, 30)))


def finish(
    conn: sqlite3.Connection,
    delivery: Delivery,
    *,
    now: datetime,
    ok: bool,
    detail: str | None,
    retry_at: datetime | None = None,
    uncertain: bool = False,
) -> None:
    """Record an attempt: ``ok`` → sent; ``uncertain`` → held for a person; otherwise pending
    again from ``retry_at``."""
    with transaction(conn):
        conn.execute(
            "INSERT INTO alert_attempts (outbox_id, attempt, at, ok, detail) "
            "VALUES (?, ?, ?, ?, ?)",
            (delivery.id, delivery.attempts, _iso(now), int(ok), detail),
        )
        if ok:
            conn.execute(
                "UPDATE alert_outbox SET status = 'sent', sent_at = ?, last_error = NULL, "
                "updated_at = ? WHERE id = ?",
                (_iso(now), _iso(now), delivery.id),
            )
        elif uncertain:
            conn.execute(
                "UPDATE alert_outbox SET status = 'uncertain', last_error = ?, updated_at = ? "
                "WHERE id = ?",
                (detail, _iso(now), delivery.id),
            )
        else:
            conn.execute(
                "UPDATE alert_outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, "
                "updated_at = ? WHERE id = ?",
                (_iso(retry_at or now), detail, _iso(now), delivery.id),
            )


class NotUncertainError(ValueError):
    """The delivery named is not waiting for a decision; the message says what it is."""


def resolve_uncertain(
    conn: sqlite3.Connection, outbox_id: int, *, resend: bool, now: datetime
) -> None:
    """A person's decision on an uncertain delivery: ``resend`` makes it due now (the next run
    sends it again with the same Message-ID); otherwise it is recorded as ``sent``."""
    with transaction(conn):
        row = conn.execute("SELECT status FROM alert_outbox WHERE id = ?", (outbox_id,)).fetchone()
        if row is None or row["status"] != "uncertain":
            found = "no such delivery" if row is None else f"its status is {row['status']}"
            raise NotUncertainError(f"delivery #{outbox_id} is not uncertain: {found}")
        if resend:
            conn.execute(
                "UPDATE alert_outbox SET status = 'pending', next_attempt_at = ?, updated_at = ? "
                "WHERE id = ?",
                (_iso(now), _iso(now), outbox_id),
            )
        else:
            conn.execute(
                "UPDATE alert_outbox SET status = 'sent', sent_at = ?, updated_at = ? WHERE id = ?",
                (_iso(now), _iso(now), outbox_id),
            )


def status_counts(conn: sqlite3.Connection) -> dict[str, int]:
    counts = {"pending": 0, "sending": 0, "sent": 0, "uncertain": 0}
    for row in conn.execute("SELECT status, count(*) FROM alert_outbox GROUP BY status"):
        counts[row[0]] = row[1]
    return counts


def list_deliveries(
    conn: sqlite3.Connection, *, status: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """The newest outbox rows (for ``pantau alerts list`` and ``/api/alerts/deliveries``)."""
    where = "WHERE o.status = ?" if status else ""
    rows = conn.execute(
        "SELECT o.*, a.subscription_id, a.kind, json_array_length(a.payload, '$.articles') "
        f"AS articles FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id {where} "
        "ORDER BY o.id DESC LIMIT ?",
        (*([status] if status else []), limit),
    ).fetchall()
    return [
        {
            key: row[key]
            for key in (
                "id",
                "alert_id",
                "subscription_id",
                "kind",
                "articles",
                "channel",
                "target",
                "status",
                "attempts",
                "next_attempt_at",
                "held_until",
                "last_error",
                "sent_at",
            )
        }
        for row in rows
    ]
