"""One digest run: every active subscription's digest for a day, each sent at most once.

What is due on a run for ``day`` (default: yesterday in ``schedule.timezone``):

* the digest of ``day`` for every active subscription, and
* every digest of the previous ``digest.retry_days`` days that failed (SMTP down, store down), so
  a failure is retried by the next run rather than lost; failures older than that are marked
  ``abandoned`` with a warning (still in the send log).

Each digest is claimed in the send log before sending (:mod:`search_api.digests.sendlog`), so a
second run the same day, by the scheduler or by hand, sends nothing twice. A digest is built once
per (saved search, day) and rendered once per language, then sent to each recipient separately.

An empty day sends the short "tidak ada berita baru" digest when ``digest.send_empty`` is true
(default: the office then knows Pantau ran and found nothing, instead of wondering whether it ran)
and records ``skipped`` otherwise.

Settings read: ``home``, ``store``, ``schedule.timezone``, ``smtp.*``, ``digest.*``.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from nlp.agency_names import AgencyNames
from pantau.settings import Settings
from search_api.digests.build import Digest, build_digest, default_day
from search_api.digests.db import open_office
from search_api.digests.links import public_url, unsubscribe_key, unsubscribe_url
from search_api.digests.mail import (
    Mailer,
    MailError,
    MailUncertain,
    compose,
    digest_message_id,
)
from search_api.digests.render import RenderedDigest, render_digest
from search_api.digests.searches import SavedSearch, find_subscription, list_saved_searches
from search_api.digests.sendlog import (
    DigestKey,
    Status,
    abandon_older_than,
    claim,
    finish,
    retry_due,
)
from search_api.i18n import Language
from search_api.store import Store, StoreError, open_store

logger = logging.getLogger(__name__)


@dataclass(kw_only=True, slots=True)
class SendReport:
    """Every due digest counted under exactly one outcome."""

    day: date
    sent: int = 0
    failed: int = 0
    uncertain: int = 0  # whole message sent, no answer: held for a person, not retried
    skipped_empty: int = 0
    already_done: int = 0  # sent, skipped or being sent by another run
    retried: int = 0  # of the attempts, how many were earlier days' failures
    abandoned: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "sent": self.sent,
            "failed": self.failed,
            "uncertain": self.uncertain,
            "skipped_empty": self.skipped_empty,
            "already_done": self.already_done,
            "retried": self.retried,
            "abandoned": self.abandoned,
            "errors": self.errors,
        }


class _Run:
    """The state of one run: connections opened on first need, digests built once."""

    def __init__(self, settings: Settings, conn: sqlite3.Connection, mailer: Mailer, now: datetime):
        self.settings = settings
        self.conn = conn
        self.mailer = mailer
        self.now = now
        self.searches = {s.id: s for s in list_saved_searches(conn)}
        self._store: Store | None = None
        self._names: AgencyNames | None = None
        self.base_url = public_url(settings)
        self._key: bytes | None = None
        self._digests: dict[tuple[int, date], Digest] = {}
        self._rendered: dict[tuple[int, date, Language], RenderedDigest] = {}

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def digest(self, saved: SavedSearch, day: date) -> Digest:
        key = (saved.id, day)
        if key not in self._digests:
            if self._store is None:
                self._store = open_store(self.settings.store_url)
            if self._names is None:  # a quarter second: only once, and only when needed
                self._names = AgencyNames.load(overrides=self.settings.agencies_file)
            self._digests[key] = build_digest(
                self._store,
                saved,
                day,
                self.settings.digest,
                self.settings.schedule.timezone,
                self._names,
            )
        return self._digests[key]

    def unsubscribe_url(self, search_id: int, email: str) -> str | None:
        if self.base_url is None:
            return None
        if self._key is None:
            self._key = unsubscribe_key(self.settings.home)
        subscription = find_subscription(self.conn, search_id, email)
        return unsubscribe_url(self.base_url, self._key, search_id, subscription.id, email)

    def rendered(self, digest: Digest, language: Language) -> RenderedDigest:
        key = (digest.saved_search_id, digest.day, language)
        if key not in self._rendered:
            self._rendered[key] = render_digest(digest, language, self.base_url)
        return self._rendered[key]

    def deliver(self, key: DigestKey, language: Language, report: SendReport) -> None:
        if not claim(self.conn, key, self.now):
            report.already_done += 1
            return
        try:
            outcome = self._attempt(key, language)
        except BaseException as exc:
            # A bug, not an outage: recorded so the claim does not linger, then raised loudly.
            finish(self.conn, key, "failed", error=f"internal error: {exc!r}")
            raise
        status, error, message_id, articles = outcome
        finish(self.conn, key, status, error=error, message_id=message_id, articles=articles)
        if status == "sent":
            report.sent += 1
        elif status == "skipped":
            report.skipped_empty += 1
        elif status == "uncertain":
            report.uncertain += 1
            logger.warning(
                "digest %s to %s for %s may have arrived; held for a decision "
                "(pantau digest uncertain): %s",
                key.saved_search_id,
                key.email,
                key.day,
                error,
            )
        else:
            report.failed += 1
            report.errors.append(
                {
                    "saved_search_id": key.saved_search_id,
                    "email": key.email,
                    "day": key.day.isoformat(),
                    "error": error,
                }
            )
            logger.error(
                "digest %s to %s for %s failed: %s", key.saved_search_id, key.email, key.day, error
            )

    def _attempt(
        self, key: DigestKey, language: Language
    ) -> tuple[Status, str | None, str | None, int | None]:
        """(status, error, message id, articles) of one claimed digest."""
        saved = self.searches[key.saved_search_id]
        try:
            digest = self.digest(saved, key.day)
        except StoreError as exc:
            return "failed", f"article store: {exc}", None, None
        if digest.total == 0 and not self.settings.digest.send_empty:
            return "skipped", None, None, 0
        message = compose(
            self.rendered(digest, language),
            sender=self.settings.smtp.from_address,
            recipient=key.email,
            now=self.now,
            unsubscribe_url=self.unsubscribe_url(saved.id, key.email),
            message_id=digest_message_id(
                saved.id, key.email, key.day, self.settings.smtp.from_address
            ),
        )
        try:
            self.mailer.send(message)
        except MailUncertain as exc:
            return "uncertain", str(exc), str(message["Message-ID"]), digest.total
        except MailError as exc:
            return "failed", str(exc), None, digest.total
        logger.info("digest %s sent to %s for %s", saved.id, key.email, key.day)
        return "sent", None, str(message["Message-ID"]), digest.total


def _due(conn: sqlite3.Connection, day: date, retry_days: int) -> list[tuple[DigestKey, Language]]:
    languages: dict[tuple[int, str], Language] = {
        (row["saved_search_id"], row["email"]): row["language"]
        for row in conn.execute(
            "SELECT saved_search_id, email, language FROM subscriptions WHERE active = 1 "
            "ORDER BY saved_search_id, id"
        )
    }
    due = [
        (DigestKey(search_id, email, day), lang) for (search_id, email), lang in languages.items()
    ]
    for key in retry_due(conn, since=day - timedelta(days=retry_days), before=day):
        due.append((key, languages[(key.saved_search_id, key.email)]))
    return due


def send_digests(
    settings: Settings, *, day: date | None = None, now: datetime | None = None
) -> SendReport:
    """Send the digests due for ``day``; failures are counted and recorded, never raised."""
    now = now or datetime.now(UTC)
    day = day or default_day(now, settings.schedule.timezone)
    report = SendReport(day=day)
    with open_office(settings) as conn:
        report.abandoned = len(
            abandon_older_than(conn, day - timedelta(days=settings.digest.retry_days))
        )
        due = _due(conn, day, settings.digest.retry_days)
        if not due:
            return report
        with Mailer(settings.smtp) as mailer:
            run = _Run(settings, conn, mailer, now)
            try:
                for key, language in due:
                    if key.day != day:
                        report.retried += 1
                    run.deliver(key, language, report)
            finally:
                run.close()
    logger.info("digests for %s: %s", day, report.to_dict())
    return report
