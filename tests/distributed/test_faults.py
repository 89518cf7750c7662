"""Faults and politeness with real worker processes: a worker SIGKILLed mid-crawl loses nothing
(its leases return to the queue after the visibility timeout), and two or more workers never hit
one outlet faster than its delay (measured from the site's own request log)."""

from __future__ import annotations

import itertools
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from crawler.distributed.frontier import Frontier
from samplesite.generated import GeneratedSite
from search_api.store import open_store
from tests.distributed.redis_node import RedisNode
from tests.distributed.workers import (
    fetched_twice,
    finish,
    start_worker,
    stop_left,
    worker_env,
)

pytestmark = [pytest.mark.slow, pytest.mark.elasticsearch]

PREFIX = "pantau:frontier"


def _wait_for_requests(frontier: Frontier, pid: int, at_least: int, timeout: float) -> None:
    """Until worker ``pid`` has made ``at_least`` requests and holds leases."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, report in frontier.reports().items():
            mine = name.endswith(f":{pid}")
            if (
                mine
                and int(report.get("requests", "0")) >= at_least
                and report.get("leases") != "0"
            ):
                return
        time.sleep(0.05)
    raise AssertionError(f"worker {pid} did not reach {at_least} requests in {timeout} s")


def _pause_while_queued(frontier: Frontier, timeout: float) -> int:
    """Pause Redis' writes at a moment requests are queued; the number queued.

    The workers pop requests as fast as the sitemaps yield them, so the queue holds a handful at
    most and is often empty: a restart at a random moment once lost nothing (CI). Paused, no pop
    (a script that writes) runs until the restart, so the ones counted here are lost with it.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frontier.redis.client_pause(30_000, all=False)  # writes only: GET still answers
        queued = frontier.queued()
        if queued:
            return queued
        frontier.redis.client_unpause()
        time.sleep(0.01)
    raise AssertionError(f"no request was queued in {timeout} s")


def test_a_worker_killed_mid_crawl_loses_nothing(
    frontier_url: str, es_index: str, tmp_path: Path
) -> None:
    with GeneratedSite(count=1000) as site:
        sources = site.write_sources(tmp_path / "sources.yaml")
        extra = {"PANTAU_CRAWL__FRONTIER_VISIBILITY": "3"}
        envs = [
            worker_env(tmp_path / f"w{i}", store=es_index, frontier=frontier_url, extra=extra)
            for i in range(3)
        ]
        procs = [start_worker(env, sources) for env in envs]
        frontier = Frontier(frontier_url, prefix=PREFIX)
        try:
            victim = procs[1]
            _wait_for_requests(frontier, victim.pid, at_least=60, timeout=180)
            os.kill(victim.pid, signal.SIGKILL)
            victim.communicate(timeout=30)
            survivors = [finish(p) for p in (procs[0], procs[2])]
            requeued = int(frontier.cycle()["requeued"])
        finally:
            frontier.close()
            stop_left(procs)
        store = open_store(es_index)
        try:
            stored = store.count()
        finally:
            store.close()
        twice = fetched_twice(("generated", path) for _, path in site.request_log)

    assert victim.returncode == -signal.SIGKILL
    assert stored == site.count  # nothing lost
    assert requeued > 0  # the victim's leases went back to the queue and were fetched again
    # Only what the victim had leased can be fetched twice.
    assert sum(n - 1 for n in twice.values()) <= requeued
    print(
        f"\nkilled 1 of 3 workers: {stored}/{site.count} stored, {requeued} leases requeued, "
        f"{len(twice)} URLs fetched twice, survivors created "
        f"{[s['created'] for s in survivors]}"
    )


@pytest.mark.parametrize("workers", [3])
def test_workers_together_keep_the_outlets_delay(
    workers: int, frontier_url: str, es_index: str, tmp_path: Path
) -> None:
    delay = 0.25
    with GeneratedSite(count=40) as site:
        sources = site.write_sources(tmp_path / "sources.yaml")
        extra = {"PANTAU_CRAWL__DOWNLOAD_DELAY": str(delay)}
        procs = [
            start_worker(
                worker_env(tmp_path / f"w{i}", store=es_index, frontier=frontier_url, extra=extra),
                sources,
            )
            for i in range(workers)
        ]
        summaries: list[dict[str, Any]] = [finish(p) for p in procs]
        times = sorted(t for t, _ in site.request_log)

    gaps = [b - a for a, b in itertools.pairwise(times)]
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    print(
        f"\npoliteness, {workers} workers, delay {delay} s: {len(times)} requests, "
        f"min gap {min(gaps):.3f} s, mean gap {sum(gaps) / len(gaps):.3f} s, "
        f"most in one second {busiest}"
    )
    assert sum(1 for s in summaries if s["requests"] > 0) >= 2  # the workers shared the outlet
    # The frontier hands out one slot per delay on Redis' clock (tested exactly in
    # test_frontier). What the site sees also carries each worker's time between taking a slot
    # and sending: on a loaded machine one request was 0.22 s late, then two in a row ~0.2 s late
    # (gaps 0.287 and 0.012), as late as a delay. Arrival times cannot tell that from a doubled
    # slot, so they are held to the rate: never more than one delay's worth in a second, and the
    # mean gap at least the delay.
    assert busiest <= round(1.0 / delay) + 1
    assert sum(gaps) / len(gaps) >= delay * 0.95


def test_after_a_redis_restart_the_next_cycle_stores_what_was_lost(
    redis_server: RedisNode, frontier_url: str, es_index: str, tmp_path: Path
) -> None:
    with GeneratedSite(count=1000) as site:
        sources = site.write_sources(tmp_path / "sources.yaml")
        envs = [
            worker_env(tmp_path / f"w{i}", store=es_index, frontier=frontier_url) for i in range(2)
        ]
        first = [start_worker(env, sources) for env in envs]
        frontier = Frontier(frontier_url, prefix=PREFIX)
        try:
            _wait_for_requests(frontier, first[0].pid, at_least=60, timeout=180)
            lost = _pause_while_queued(frontier, timeout=60)
            redis_server.stop()  # no snapshot, no append-only file: everything in Redis is gone
            redis_server.start()
            first_summaries = [finish(p) for p in first]
        finally:
            frontier.close()
            stop_left(first)
        store = open_store(es_index)
        try:
            after_first = store.count()
            second_summaries = [finish(start_worker(env, sources)) for env in envs[:1]]
            after_second = store.count()
        finally:
            store.close()

    assert after_first <= site.count - lost  # the restart lost the queued requests …
    assert after_second == site.count  # … and the next cycle found them again
    second = second_summaries[0]
    assert second["worker"]["seeded"]
    assert second["created"] == site.count - after_first
    assert second["skipped_already_stored"] >= after_first  # stored ones are not fetched again
    print(
        f"\nRedis restarted mid-cycle with {lost} queued: {after_first}/{site.count} stored by "
        f"the first cycle (workers created {[s['created'] for s in first_summaries]}), the next "
        f"cycle stored the other {second['created']}"
    )
