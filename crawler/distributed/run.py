"""``pantau crawl --worker``: join (or start) the frontier's cycle and crawl until it is done.

The worker claims the cycle before its reactor starts: the first worker of a cycle seeds it (its
spider's discovery requests go to the queue), every later one only takes from the queue. A new
cycle starts when the last one is drained and ``crawl.cycle_seconds`` have passed since it began;
until then a worker waits.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import redis

from crawler.distributed.frontier import Frontier
from crawler.distributed.worker import worker_name
from crawler.run import run_crawl
from crawler.settings import DOWNLOADER_MIDDLEWARES, EXTENSIONS
from crawler.sources import load_sources
from pantau.settings import Settings
from pantau.urls import redact
from search_api.store import StoreError, open_store

logger = logging.getLogger(__name__)

PREFIX = "pantau:frontier"
# A worker waiting for the next cycle looks again at least this often (a new worker, a reset).
MAX_NAP = 60.0


class DistributedError(RuntimeError):
    """Distributed mode cannot run with these settings, or the frontier cannot be reached."""


def check_distributed(settings: Settings) -> str:
    """The frontier URL, after checking that distributed mode can run with ``settings``."""
    url = settings.crawl.frontier
    if not url:
        raise DistributedError(
            '--worker needs a shared frontier: set crawl.frontier = "redis://host:6379/0" in '
            "pantau.toml or PANTAU_CRAWL__FRONTIER"
        )
    if settings.store_url.startswith("sqlite:"):
        raise DistributedError(
            "distributed crawling needs an Elasticsearch store that every worker writes to; "
            f"the store is SQLite ({settings.store_url}): set PANTAU_STORE to an Elasticsearch "
            "URL (docs/scale-out.md)"
        )
    return url


def distributed_settings(
    settings: Settings, *, seed: bool, name: str, prefix: str = PREFIX
) -> dict[str, Any]:
    """The Scrapy settings that put a crawl on the shared frontier (on top of crawl_settings)."""
    url = check_distributed(settings)
    return {
        "SCHEDULER": "crawler.distributed.scheduler.FrontierScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.scheduler.FrontierQueue",
        "DUPEFILTER_CLASS": "crawler.distributed.scheduler.CanonicalDupeFilter",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:q",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:seen",
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": url,
        "EXTENSIONS": {**EXTENSIONS, "crawler.distributed.worker.FrontierWorker": 50},
        "SPIDER_MIDDLEWARES": {"crawler.distributed.worker.FrontierStart": 10},
        "DOWNLOADER_MIDDLEWARES": {
            **DOWNLOADER_MIDDLEWARES,
            # After robots.txt (100): a request that waited for it takes a new slot.
            "crawler.distributed.worker.FrontierPoliteness": 120,
        },
        # The frontier spaces an outlet's requests across all workers; a local delay on top would
        # only slow each worker down.
        "DOWNLOAD_DELAY": 0,
        "PANTAU_FRONTIER_URL": url,
        "PANTAU_FRONTIER_PREFIX": prefix,
        "PANTAU_FRONTIER_DELAY": settings.crawl.download_delay,
        "PANTAU_FRONTIER_VISIBILITY": settings.crawl.frontier_visibility,
        "PANTAU_FRONTIER_SEED": seed,
        "PANTAU_FRONTIER_WORKER": name,
    }


def claim(settings: Settings, name: str, *, wait: bool = True, prefix: str = PREFIX) -> bool:
    """True when this worker seeds a new cycle, False when it joins the running one; waits
    (``wait``) for the next cycle when the last one is done and not yet due."""
    url = check_distributed(settings)
    frontier = Frontier(url, prefix=prefix)
    try:
        while True:
            answer = frontier.claim_cycle(
                name,
                interval=settings.crawl.cycle_seconds,
                visibility=settings.crawl.frontier_visibility,
            )
            if answer is None or answer == 0:
                return answer == 0
            if not wait:
                raise DistributedError(f"the next cycle starts in {answer:.0f} s")
            logger.info("next crawl cycle in %.0f s", answer)
            time.sleep(min(answer, MAX_NAP))
    except redis.RedisError as exc:
        raise DistributedError(f"frontier {redact(url)} unreachable: {exc}") from exc
    finally:
        frontier.close()


def prepare_store(settings: Settings, *, prefix: str = PREFIX) -> None:
    """Open the store once, one worker at a time: the first opening of an empty Elasticsearch
    creates its index, and two workers doing so at once would create two."""
    url = check_distributed(settings)
    frontier = Frontier(url, prefix=prefix)
    try:
        with frontier.redis.lock(frontier.key("store-lock"), timeout=120, blocking_timeout=180):
            open_store(settings.store_url).close()
    except redis.RedisError as exc:
        raise DistributedError(f"frontier {redact(url)} unreachable: {exc}") from exc
    except StoreError as exc:
        raise DistributedError(f"store: {exc}") from exc
    finally:
        frontier.close()


def run_worker(settings: Settings, sources_file: Path, *, verbose: bool = False) -> dict[str, Any]:
    """One worker's part of a crawl cycle; the crawl summary of what this worker did."""
    check_distributed(settings)
    load_sources(sources_file)  # a bad file fails here, before the cycle is claimed
    prepare_store(settings)
    name = worker_name()
    seed = claim(settings, name)
    extra = distributed_settings(settings, seed=seed, name=name)
    summary = run_crawl(settings, sources_file, verbose=verbose, extra=extra)
    summary["worker"] = {"name": name, "seeded": seed}
    return summary
