"""``pantau scheduler``: the long-running scheduler process (``--run-now JOB``: one run, exit)."""

from __future__ import annotations

import argparse
import logging
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler

from pantau.crawl_process import CrawlProcessFailed
from pantau.locks import AlreadyRunning, ProcessLock
from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json
from search_api.scheduler import ScheduleError, add_jobs, alerts_job, crawl_job, digest_job


def main(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = Settings()
    if args.run_now == "crawl":
        try:
            print_json(crawl_job(settings))
        except CrawlProcessFailed as exc:
            return fail(str(exc), code=1)
        return 0
    if args.run_now == "digest":
        report = digest_job(settings)
        print_json(report)
        # Failed sends are already recorded for the next run; the exit code tells cron/CI.
        return 1 if report["failed"] else 0
    if args.run_now == "alerts":
        report = alerts_job(settings)
        print_json(report)
        return 1 if report["failed"] else 0
    scheduler = BlockingScheduler(timezone=ZoneInfo(settings.schedule.timezone))
    try:
        add_jobs(scheduler, settings)
    except ScheduleError as exc:
        return fail(str(exc))
    # One scheduler per installation: a second one would crawl and send everything twice.
    try:
        lock = ProcessLock(settings.home, "scheduler")
        lock.acquire()
    except AlreadyRunning as exc:
        return fail(str(exc), code=1)
    for job in scheduler.get_jobs():
        print(f"{job.id}: {job.trigger}", flush=True)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        scheduler.shutdown(wait=False)
    finally:
        lock.release()
    return 0
