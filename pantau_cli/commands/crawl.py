"""``pantau crawl``: one crawl of the configured sources, in this process, then the instant alerts.

``--worker`` joins the shared frontier instead (``crawl.frontier``, crawler.distributed) and
``pantau crawl status`` shows it.

Shows a progress line and a summary; Scrapy's full log is in ``PANTAU_HOME/logs/`` (or on stderr
with ``--verbose``). Exit 1 when nothing could be fetched at all, or articles still wait in the
spool at the end (spooled and written again within the crawl is not a failure); an outlet that
could not be reached is named with what failed.

After the crawl the alerts run here (``search_api.alerts``, docs/alerts.md), so an office hears of
a matching article minutes after the crawl that found it; the scheduler's crawl job runs this
command, so it gets them too. ``--no-alerts`` skips them. An installation without an office
database has no alert rules, and a crawl does not create one. A failed alert (store, SMTP or
webhook) is recorded and retried by the next run; it is printed but does not fail the crawl.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from redis import RedisError

from crawler.distributed.frontier import Frontier
from crawler.distributed.run import DistributedError, check_distributed, run_worker
from crawler.distributed.status import format_status, frontier_status
from crawler.run import CrawlFailed, run_crawl
from crawler.sources import SourcesError
from pantau.locks import AlreadyRunning, ProcessLock
from pantau.settings import Settings
from pantau.urls import redact
from pantau_cli.commands.output import fail, print_json
from search_api.alerts.run import run_alerts
from search_api.digests.db import OfficeDBError, office_db_path


def _alerts(settings: Settings) -> dict[str, Any] | None:
    if not office_db_path(settings).is_file():
        return None
    try:
        report = run_alerts(settings).to_dict()
    except OfficeDBError as exc:
        print(f"pantau: alerts: {exc}", file=sys.stderr)
        return {"errors": [{"stage": "office", "error": str(exc)}]}
    for error in report["errors"]:
        print(f"pantau: alerts: {error}", file=sys.stderr)
    return report


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    if args.action == "status":
        return _status(settings, as_json=args.json)
    if args.worker and args.source:
        return fail("--worker crawls every source of the cycle; --source cannot be combined")
    sources_file = args.sources or settings.sources_path
    # One crawl at a time per installation (the scheduler's and one started by hand would fetch
    # every URL twice); the lock is held until the alerts have run too.
    lock = ProcessLock(settings.home, "crawl")
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        return fail(str(exc), code=1)
    try:
        return _crawl(settings, args, sources_file)
    finally:
        lock.release()


def _status(settings: Settings, *, as_json: bool) -> int:
    """The shared frontier's cycle, queue and per-worker counts (distributed mode only)."""
    try:
        url = check_distributed(settings)
        frontier = Frontier(url)
        try:
            status = frontier_status(frontier)
        finally:
            frontier.close()
    except DistributedError as exc:
        return fail(str(exc))
    except RedisError as exc:
        return fail(f"frontier {redact(settings.crawl.frontier or '')} unreachable: {exc}", code=1)
    if as_json:
        print_json(status)
    else:
        print(format_status(status))
    return 0


def _crawl(settings: Settings, args: argparse.Namespace, sources_file: Path) -> int:
    try:
        if args.worker:
            summary = run_worker(settings, sources_file, verbose=args.verbose)
        else:
            summary = run_crawl(settings, sources_file, source=args.source, verbose=args.verbose)
    except (SourcesError, DistributedError) as exc:
        return fail(str(exc))
    except CrawlFailed as exc:
        return fail(str(exc), code=1)
    alerts = None if args.no_alerts else _alerts(settings)
    if alerts is not None:
        summary["alerts"] = alerts
    if args.json:
        print_json(summary)
    else:
        print(
            f"{summary['extracted']} articles extracted, {summary['created']} new, "
            f"{summary['skipped_already_stored']} already stored, "
            f"rejected: {summary['rejected'] or 'none'}"
        )
        if alerts is not None and "alerts" in alerts:
            print(
                f"alerts: {alerts['alerts']} new, {alerts['sent']} sent, {alerts['failed']} failed"
            )
    _report_failures(summary)
    if summary["all_failed"]:
        return fail(f"every request failed: {_failures(summary, summary['failed'])}", code=1)
    if summary["waiting_in_spool"]:
        print(
            f"pantau: {summary['waiting_in_spool']} articles wait in the spool for the store; "
            "the next crawl writes them",
            file=sys.stderr,
        )
        return 1
    return 0


def _report_failures(summary: dict[str, Any]) -> None:
    """On stderr: the outlets that could not be reached at all, and where the log is."""
    if summary["unreachable"] and not summary["all_failed"]:
        print(
            f"pantau: warning: nothing fetched from {_failures(summary, summary['unreachable'])}",
            file=sys.stderr,
        )
    if summary.get("log_file"):
        print(f"full log: {summary['log_file']}", file=sys.stderr)


def _failures(summary: dict[str, Any], outlets: Iterable[str]) -> str:
    """``kabarmasa.com: connection refused ×3; wartabekasi.com: HTTP 503 ×2``."""
    return "; ".join(
        f"{outlet}: "
        + ", ".join(f"{reason} ×{count}" for reason, count in summary["failed"][outlet].items())
        for outlet in outlets
    )
