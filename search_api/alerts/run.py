"""One alert run: check every active rule against the store, then deliver what is due.

``run_alerts`` is what ``pantau alerts run`` does and what runs after each crawl (``pantau
crawl``); the scheduler's ``alerts`` job runs it with ``match=False`` every few minutes, to retry
failed deliveries and release alerts held in quiet hours. It never runs inside the API process.

* **Matching** (:mod:`~search_api.alerts.match`): per rule, one search; the new articles become
  alerts in the outbox (:mod:`~search_api.alerts.outbox`). A rule whose search fails (store down,
  a saved query that no longer parses) is reported and keeps its last check, so the next run
  searches the same window again: nothing is skipped.
* **Delivery**: outside quiet hours, every due outbox row, by e-mail (one SMTP connection per run)
  or webhook. A failure is recorded and retried later with backoff, never raised; a bug (any other
  exception) is recorded against the row and then raised loudly.

Settings read: ``home``, ``store``, ``schedule.timezone``, ``smtp.*``, ``alerts.*``.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pantau.settings import Settings
from search_api.alerts import outbox
from search_api.alerts.mailing import compose_alert
from search_api.alerts.match import found_for, new_articles, search_rule
from search_api.alerts.outbox import Delivery, Target
from search_api.alerts.quiet import quiet_until
from search_api.alerts.render import payload, render, webhook_body
from search_api.alerts.rules import AlertRule, list_rules, mark_checked, watched_agencies
from search_api.alerts.webhook import WebhookError, post
from search_api.digests.db import open_office
from search_api.digests.mail import Mailer, MailError, MailUncertain
from search_api.digests.searches import SavedSearch, list_saved_searches
from search_api.filters_core import FilterError
from search_api.query import QueryError
from search_api.store import Store, StoreError, open_store

logger = logging.getLogger(__name__)


@dataclass(kw_only=True, slots=True)
class AlertReport:
    """What one run did; every found alert and every delivery attempt is counted."""

    rules_checked: int = 0
    alerts: int = 0  # alerts found by this run
    articles: int = 0  # articles in them
    held: int = 0  # of the deliveries created, how many wait for the end of quiet hours
    quiet_until: str | None = None  # set when the run fell in quiet hours (nothing delivered)
    sent: int = 0
    failed: int = 0  # attempts that failed; each is retried later
    pending: int = 0  # deliveries still waiting after the run
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _targets(rule: AlertRule) -> list[Target]:
    targets = [Target(channel="email", address=rule.email)] if rule.by_email else []
    if rule.webhook_url:
        targets.append(Target(channel="webhook", address=rule.webhook_url))
    return targets


def _check_rule(
    settings: Settings,
    conn: sqlite3.Connection,
    store: Store,
    rule: AlertRule,
    saved: SavedSearch,
    now: datetime,
    report: AlertReport,
) -> None:
    """Search for one rule and record its alerts (raises the search's errors)."""
    tz = ZoneInfo(settings.schedule.timezone)
    matches = search_rule(store, rule, saved, settings.alerts, settings.schedule.timezone)
    already = outbox.seen(conn, rule.subscription_id, [a.id for a in matches])
    held_until = quiet_until(now, settings.alerts.quiet_start, settings.alerts.quiet_end, tz)
    for found in found_for(rule, new_articles(matches, rule, saved, already), settings.alerts):
        data = payload(
            found,
            saved=saved,
            subscription_id=rule.subscription_id,
            watched=watched_agencies(saved),
            spike_window_minutes=settings.alerts.spike_window_minutes,
            now=now,
        )
        targets = _targets(rule)
        alert_id = outbox.record(
            conn,
            rule.subscription_id,
            found,
            data,
            targets,
            now=now,
            deliver_at=held_until or now,
            held_until=held_until,
        )
        if alert_id is None:
            continue
        report.alerts += 1
        report.articles += len(found.articles)
        report.held += len(targets) if held_until else 0
        logger.info(
            "alert %s (%s, %s articles) for subscription %s",
            alert_id,
            found.kind,
            len(found.articles),
            rule.subscription_id,
        )
    mark_checked(conn, rule.subscription_id, now)


def _match_all(
    settings: Settings, conn: sqlite3.Connection, now: datetime, report: AlertReport
) -> None:
    rules = list_rules(conn, active_only=True)
    if not rules:
        return
    searches = {s.id: s for s in list_saved_searches(conn)}
    try:
        store = open_store(settings.store_url)
    except StoreError as exc:
        report.errors.append({"stage": "match", "error": f"article store: {exc}"})
        logger.error("alerts: cannot open the article store: %s", exc)
        return
    try:
        for rule in rules:
            try:
                _check_rule(
                    settings, conn, store, rule, searches[rule.saved_search_id], now, report
                )
            except (StoreError, QueryError, FilterError) as exc:
                report.errors.append(
                    {"stage": "match", "subscription_id": rule.subscription_id, "error": str(exc)}
                )
                logger.error("alerts: subscription %s not checked: %s", rule.subscription_id, exc)
                continue
            report.rules_checked += 1
    finally:
        store.close()


def _send(settings: Settings, mailer: Mailer, delivery: Delivery, now: datetime) -> str:
    """Send one delivery; its outcome detail, or MailError/WebhookError."""
    rendered = render(
        delivery.payload,
        delivery.language,
        email=delivery.email,
        tz=settings.schedule.timezone,
        max_listed=settings.alerts.max_listed,
    )
    if delivery.channel == "email":
        message = compose_alert(
            rendered,
            alert_id=delivery.alert_id,
            sender=settings.smtp.from_address,
            recipient=delivery.target,
            now=now,
        )
        mailer.send(message)
        return str(message["Message-ID"])
    secret = settings.alerts.webhook_secret
    status = post(
        delivery.target,
        webhook_body(
            delivery.payload, rendered, alert_id=delivery.alert_id, delivery_id=delivery.id
        ),
        secret=secret.get_secret_value() if secret else None,
        delivery_id=delivery.id,
        timeout=settings.alerts.webhook_timeout,
    )
    return f"HTTP {status}"


def _deliver(
    settings: Settings, conn: sqlite3.Connection, mailer: Mailer, d: Delivery, now: datetime
) -> str | None:
    """Attempt one delivery and record it; the error, or None when it was sent."""
    try:
        detail = _send(settings, mailer, d, now)
    except MailUncertain as exc:
        outbox.finish(conn, d, now=now, ok=False, detail=str(exc), uncertain=True)
        logger.warning(
            "alert %s to %s may have arrived; held for a decision (pantau alerts resolve %s): %s",
            d.alert_id,
            d.target,
            d.id,
            exc,
        )
        return str(exc)
    except (MailError, WebhookError) as exc:
        a = settings.alerts
        retry_at = now + outbox.backoff(d.attempts, a.retry_base_seconds, a.retry_max_seconds)
        outbox.finish(conn, d, now=now, ok=False, detail=str(exc), retry_at=retry_at)
        logger.error(
            "alert %s by %s to %s failed (attempt %s): %s; retry at %s",
            d.alert_id,
            d.channel,
            d.target,
            d.attempts,
            exc,
            retry_at,
        )
        return str(exc)
    except BaseException as exc:
        # A bug, not an outage: recorded so the claim does not linger, then raised loudly.
        outbox.finish(conn, d, now=now, ok=False, detail=f"internal error: {exc!r}")
        raise
    outbox.finish(conn, d, now=now, ok=True, detail=detail)
    logger.info("alert %s sent by %s to %s", d.alert_id, d.channel, d.target)
    return None


def _deliver_due(
    settings: Settings, conn: sqlite3.Connection, now: datetime, report: AlertReport
) -> None:
    tz = ZoneInfo(settings.schedule.timezone)
    held = quiet_until(now, settings.alerts.quiet_start, settings.alerts.quiet_end, tz)
    if held is not None:
        # Retries wait too: quiet hours mean no alert arrives, not only no new one.
        report.quiet_until = held.isoformat()
        return
    due = outbox.claim_due(conn, now)
    if not due:
        return
    with Mailer(settings.smtp) as mailer:
        for delivery in due:
            error = _deliver(settings, conn, mailer, delivery, now)
            if error is None:
                report.sent += 1
                continue
            report.failed += 1
            report.errors.append(
                {
                    "stage": "deliver",
                    "alert_id": delivery.alert_id,
                    "channel": delivery.channel,
                    "target": delivery.target,
                    "attempt": delivery.attempts,
                    "error": error,
                }
            )


def run_alerts(
    settings: Settings, *, now: datetime | None = None, match: bool = True, deliver: bool = True
) -> AlertReport:
    """Check the rules (``match``) and deliver what is due (``deliver``); never raises for an
    outage (store, SMTP, webhook): those are in the report and retried."""
    now = now or datetime.now(UTC)
    report = AlertReport()
    with open_office(settings) as conn:
        if match:
            _match_all(settings, conn, now, report)
        if deliver:
            _deliver_due(settings, conn, now, report)
        counts = outbox.status_counts(conn)
        report.pending = counts["pending"] + counts["sending"]
    if report.alerts or report.sent or report.failed or report.errors:
        logger.info("alerts: %s", report.to_dict())
    return report
