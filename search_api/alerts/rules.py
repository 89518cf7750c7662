"""Alert rules: which subscriptions of a saved search also want instant alerts, and how.

A rule belongs to one subscription (``alert_rules``, keyed by subscription id), so it shares the
subscription's address, language and ``active`` switch: pausing a subscription pauses its digest
and its alerts, unsubscribing removes both. A rule adds the mode (``every``, ``negative``,
``spike``), the channels (e-mail to the subscription's address and/or a webhook URL) and
``since``: only articles crawled from then on alert, so switching alerts on does not fire on the
backlog already in the store.

Every write validates first and raises :class:`~search_api.digests.validation.ValidationError`
(HTTP 400, exit 2) or :class:`~search_api.digests.searches.NotFound` (404, exit 1), like the saved
searches it extends.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, get_args
from urllib.parse import urlsplit

from search_api.digests.db import transaction
from search_api.digests.searches import NotFound, SavedSearch, get_subscription
from search_api.digests.validation import ValidationError
from search_api.filters_core import parse_agency_tone
from search_api.i18n import Language

Mode = Literal["every", "negative", "spike"]
MODES: tuple[Mode, ...] = get_args(Mode)
MAX_URL_LENGTH = 2000


@dataclass(kw_only=True, slots=True)
class AlertRule:
    subscription_id: int
    saved_search_id: int
    email: str
    language: Language
    active: bool  # the subscription's switch
    mode: Mode
    spike_threshold: int | None  # None: the alerts.spike_threshold setting
    by_email: bool
    webhook_url: str | None
    since: datetime
    last_checked_at: datetime | None
    created_at: datetime


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def _rule(row: sqlite3.Row) -> AlertRule:
    # Both columns are NOT NULL.
    since = datetime.fromisoformat(row["since"])
    created = datetime.fromisoformat(row["created_at"])
    return AlertRule(
        subscription_id=row["subscription_id"],
        saved_search_id=row["saved_search_id"],
        email=row["email"],
        language=row["language"],
        active=bool(row["active"]),
        mode=row["mode"],
        spike_threshold=row["spike_threshold"],
        by_email=bool(row["by_email"]),
        webhook_url=row["webhook_url"],
        since=since,
        last_checked_at=_time(row["last_checked_at"]),
        created_at=created,
    )


_SELECT = (
    "SELECT r.*, s.saved_search_id, s.email, s.language, s.active FROM alert_rules r "
    "JOIN subscriptions s ON s.id = r.subscription_id"
)


def watched_agencies(saved: SavedSearch) -> list[str]:
    """The saved search's agencies: its agency filter and the agencies of its agency-tone filter.
    ``negative`` mode alerts on articles negative towards one of these."""
    found = list(saved.agencies)
    for value in saved.agency_tones:
        pair = parse_agency_tone(value)
        if pair is not None and pair[0] not in found:
            found.append(pair[0])
    return found


def check_mode(mode: str) -> Mode:
    for known in MODES:
        if mode == known:
            return known
    raise ValidationError(f"alert mode {mode!r}: expected one of {', '.join(MODES)}")


def check_webhook_url(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > MAX_URL_LENGTH:
        raise ValidationError(f"webhook URL {url!r}: expected an http(s) URL")
    return url


@dataclass(frozen=True, kw_only=True, slots=True)
class RuleFields:
    """What a caller sets on a rule; validated together by :func:`set_rule`."""

    mode: str
    spike_threshold: int | None = None
    by_email: bool = True
    webhook_url: str | None = None


def check_rule_fields(
    fields: RuleFields, saved: SavedSearch
) -> tuple[Mode, int | None, str | None]:
    mode = check_mode(fields.mode)
    webhook = check_webhook_url(fields.webhook_url)
    if not fields.by_email and webhook is None:
        raise ValidationError("an alert needs a channel: e-mail, a webhook URL, or both")
    if fields.spike_threshold is not None and fields.spike_threshold < 2:
        raise ValidationError("spike threshold must be at least 2 articles")
    if mode == "negative" and not watched_agencies(saved):
        # Negative towards whom? Without an agency the mode has no meaning; refuse it now
        # rather than alert on nothing.
        raise ValidationError(
            f"alert mode 'negative' needs a saved search with an agency; "
            f"saved search {saved.id} has none"
        )
    return mode, fields.spike_threshold if mode == "spike" else None, webhook


def set_rule(
    conn: sqlite3.Connection,
    saved: SavedSearch,
    subscription_id: int,
    fields: RuleFields,
    *,
    now: datetime | None = None,
) -> AlertRule:
    """Create or replace the alert rule of a subscription of ``saved``. Replacing keeps ``since``
    and the sent-log, so changing the mode does not re-alert what was already alerted."""
    get_subscription(conn, saved.id, subscription_id)  # NotFound for a stranger's subscription
    mode, threshold, webhook = check_rule_fields(fields, saved)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    with transaction(conn):
        conn.execute(
            "INSERT INTO alert_rules (subscription_id, mode, spike_threshold, by_email, "
            "webhook_url, since, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (subscription_id) DO UPDATE SET mode = excluded.mode, "
            "spike_threshold = excluded.spike_threshold, by_email = excluded.by_email, "
            "webhook_url = excluded.webhook_url",
            (subscription_id, mode, threshold, int(fields.by_email), webhook, stamp, stamp),
        )
    return get_rule(conn, saved.id, subscription_id)


def get_rule(conn: sqlite3.Connection, search_id: int, subscription_id: int) -> AlertRule:
    row = conn.execute(
        f"{_SELECT} WHERE r.subscription_id = ? AND s.saved_search_id = ?",
        (subscription_id, search_id),
    ).fetchone()
    if row is None:
        raise NotFound(f"no alert on subscription {subscription_id} of saved search {search_id}")
    return _rule(row)


def delete_rule(conn: sqlite3.Connection, search_id: int, subscription_id: int) -> None:
    """Switch alerts off; alerts already found are still delivered (the outbox keeps them)."""
    get_rule(conn, search_id, subscription_id)
    with transaction(conn):
        conn.execute("DELETE FROM alert_rules WHERE subscription_id = ?", (subscription_id,))


def list_rules(conn: sqlite3.Connection, *, active_only: bool = False) -> list[AlertRule]:
    where = " WHERE s.active = 1" if active_only else ""
    return [
        _rule(row)
        for row in conn.execute(f"{_SELECT}{where} ORDER BY s.saved_search_id, r.subscription_id")
    ]


def mark_checked(conn: sqlite3.Connection, subscription_id: int, at: datetime) -> None:
    """Remember a successful check: the next one searches from here (less the lookback)."""
    conn.execute(
        "UPDATE alert_rules SET last_checked_at = ? WHERE subscription_id = ?",
        (at.isoformat(timespec="seconds"), subscription_id),
    )
