"""The scheduler process: APScheduler runs the periodic jobs of an office, in its own process.

Jobs: ``crawl`` (every configured source, on the ``schedule.crawl`` crontab line; the crawl
process runs the instant alerts when it ends), ``digest`` (the saved searches' daily e-mail
digests, on ``schedule.digest``, 07:00 by default) and ``alerts`` (every five minutes by default,
``schedule.alerts``: failed alert deliveries retried, alerts held in quiet hours released) and
``maintain`` (the store's weekly upkeep, ``schedule.maintain``, Sunday 02:30 by default).
Each crawl runs as a ``pantau crawl`` subprocess because the Twisted reactor cannot restart
inside one process, and so that a crashing crawl cannot take the scheduler down. Every job has
``coalesce`` (runs missed while the machine slept collapse into one), ``max_instances=1`` (a slow
crawl is never doubled) and a misfire grace time; cron times are read in ``schedule.timezone``
(Asia/Jakarta by default). Jobs are rebuilt from settings at every start, so the in-memory job
store loses nothing.

Settings read: ``schedule.*``, ``home``, ``store``, ``crawl.sources_file``, and for digests and
alerts ``smtp.*``, ``digest.*`` and ``alerts.*`` (through ``Settings``).
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger

from pantau.crawl_process import crawl_subprocess
from pantau.settings import Settings
from search_api.alerts.run import run_alerts
from search_api.digests.run import send_digests
from search_api.store import open_store

logger = logging.getLogger(__name__)


class ScheduleError(ValueError):
    """A schedule setting cannot be used; the message names it."""


def crawl_job(settings: Settings) -> dict[str, Any]:
    """One crawl of every source into the store, in a subprocess; returns the crawl's counts.

    A failed crawl raises :class:`CrawlProcessFailed`, not swallowed: APScheduler logs it with the
    job, and the next run tries again.
    """
    sources = settings.sources_path.resolve()
    logger.info("crawl starting: %s", sources)
    summary = crawl_subprocess(settings, sources, timeout=settings.schedule.crawl_timeout_seconds)
    logger.info(
        "crawl done: %s new, %s rejected, %s already stored",
        summary["created"],
        sum(summary["rejected"].values()),
        summary["skipped_already_stored"],
    )
    if "alerts" in summary:  # ``pantau crawl`` ran them as soon as the articles were stored
        logger.info("alerts after the crawl: %s", summary["alerts"])
    return summary


def digest_job(settings: Settings) -> dict[str, Any]:
    """Send the digests due for yesterday (and retry earlier failures); returns the counts.

    Runs in the scheduler's process: it only reads the store and talks SMTP, no reactor involved.
    Failed sends are recorded in the send log and retried on the next run, not raised; an error
    that is not a failed send (office database unreadable) propagates to APScheduler's log.
    """
    report = send_digests(settings).to_dict()
    if report["failed"]:
        logger.error("digest: %s of the due digests failed: %s", report["failed"], report["errors"])
    return report


def alerts_job(settings: Settings) -> dict[str, Any]:
    """Deliver the alerts that are due: retries whose backoff has passed, and alerts held in quiet
    hours once they end. Matching runs after each crawl (``pantau crawl``), not here: between two
    crawls the store has nothing new. Failures are recorded and retried, not raised."""
    report = run_alerts(settings, match=False).to_dict()
    if report["failed"]:
        logger.error("alerts: %s deliveries failed: %s", report["failed"], report["errors"])
    return report


def cron(line: str, timezone: str, *, name: str) -> CronTrigger:
    try:
        return CronTrigger.from_crontab(line, timezone=ZoneInfo(timezone))
    except (ValueError, KeyError) as exc:
        raise ScheduleError(f"schedule.{name}: {line!r} is not a crontab line ({exc})") from exc


def maintain_job(settings: Settings) -> dict[str, Any]:
    """The store's weekly upkeep (``Store.maintain``)."""
    store = open_store(settings.store_url)
    try:
        report = store.maintain()
    finally:
        store.close()
    logger.info("store maintenance: %s", report)
    return report


def add_jobs(scheduler: BaseScheduler, settings: Settings) -> None:
    """Register the jobs on ``scheduler`` (any APScheduler scheduler; tests use an idle one)."""
    schedule = settings.schedule
    jobs = (
        ("crawl", crawl_job, schedule.crawl, "crawl all sources"),
        ("digest", digest_job, schedule.digest, "daily e-mail digests"),
        ("alerts", alerts_job, schedule.alerts, "instant alerts: retries and quiet-hour releases"),
        ("maintain", maintain_job, schedule.maintain, "weekly store upkeep"),
    )
    for job_id, job, line, name in jobs:
        scheduler.add_job(
            job,
            trigger=cron(line, schedule.timezone, name=job_id),
            args=[settings],
            id=job_id,
            name=name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=schedule.misfire_grace_seconds,
            replace_existing=True,
        )
