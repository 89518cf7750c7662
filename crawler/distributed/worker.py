"""One worker's side of the shared frontier: leases, heartbeat, acks, idle, seeding, politeness.

A popped request is leased (:mod:`.frontier`). The lease is acked only once nothing of its work
can be lost with this process: Scrapy is done with the request (its callback ran, the requests it
yielded are in Redis, its items left the pipelines) *and* the store pipeline has written or
spooled those items (``crawler.signals_store.store_flushed``; until then they sit in its batch,
in memory). Until the ack the heartbeat keeps pushing the lease's deadline; a worker that dies
stops doing so, and after ``visibility`` seconds any worker puts its requests back in the queue.

Scrapy has no public signal for "the engine is done with a request", nor a public way to ask the
engine for the next request before its 5-second heartbeat: both are read off the engine's slot
(:func:`_in_progress`, :func:`_wake`), in one place here.

Settings read: ``PANTAU_FRONTIER_URL`` (unset: not configured), ``PANTAU_FRONTIER_PREFIX``,
``PANTAU_FRONTIER_DELAY`` (seconds between two requests to one host, across all workers),
``PANTAU_FRONTIER_VISIBILITY`` (seconds), ``PANTAU_FRONTIER_SEED`` (this worker seeds the cycle),
``PANTAU_FRONTIER_WORKER`` (the worker's name in the stats).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import redis
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

from crawler.distributed.frontier import (
    Frontier,
    Lease,
    politeness_host,
    seed_token,
)
from crawler.signals_store import store_flush_wanted, store_flushed
from crawler.stats import PREFIX, PantauStats

logger = logging.getLogger(__name__)

# When a request popped with its host's slot is sent later than this (it waited for robots.txt),
# the slot has passed: it takes a new one (FrontierPoliteness).
FRESH = 0.02
POPPED_META = "pantau_popped"
HEARTBEAT = 0.25  # seconds between two looks at the leases (acks, wake-ups, stats)
# Counters reported to the frontier's stats key (Scrapy's names, ours under pantau/).
REPORTED = {
    "requests": "downloader/request_count",
    "responses": "response_received_count",
    "items": "item_scraped_count",
    "extracted": f"{PREFIX}extract/articles",
    "created": f"{PREFIX}store/created",
    "updated": f"{PREFIX}store/updated",
    "spooled": f"{PREFIX}store/spooled",
    "skipped_already_stored": f"{PREFIX}skipped/already_stored",
    "errors": "log_count/ERROR",
}


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class FrontierWorker:
    """The extension that owns this worker's frontier connection and its leases."""

    def __init__(
        self,
        crawler: Crawler,
        frontier: Frontier,
        *,
        name: str,
        delay: float,
        visibility: float,
        seed: bool,
    ) -> None:
        self.crawler = crawler
        self.frontier = frontier
        self.name = name
        self.delay = delay
        self.visibility = visibility
        self.seeding = seed
        self.stats = PantauStats(crawler)
        self.held: dict[str, Request] = {}
        self._unflushed_items = 0
        self._extended_at = 0.0
        self._state = "running"
        self._wake_call: asyncio.TimerHandle | None = None
        self._loop = task.LoopingCall(self._tick)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierWorker:
        settings = crawler.settings
        url = settings.get("PANTAU_FRONTIER_URL")
        if not url:
            raise NotConfigured("PANTAU_FRONTIER_URL is not set")
        frontier = Frontier(url, prefix=settings.get("PANTAU_FRONTIER_PREFIX", "pantau:frontier"))
        worker = cls(
            crawler,
            frontier,
            name=settings.get("PANTAU_FRONTIER_WORKER") or worker_name(),
            delay=settings.getfloat("PANTAU_FRONTIER_DELAY", 0.5),
            visibility=settings.getfloat("PANTAU_FRONTIER_VISIBILITY", 60.0),
            seed=settings.getbool("PANTAU_FRONTIER_SEED", False),
        )
        connect = crawler.signals.connect
        connect(worker._opened, signal=signals.spider_opened)
        connect(worker._idle, signal=signals.spider_idle)
        connect(worker._item_scraped, signal=signals.item_scraped)
        connect(worker._flushed, signal=store_flushed)
        connect(worker._closed, signal=signals.spider_closed)
        return worker

    @staticmethod
    def of(crawler: Crawler) -> FrontierWorker:
        worker = crawler.get_extension(FrontierWorker)
        if worker is None:
            raise RuntimeError("the frontier scheduler needs the FrontierWorker extension")
        return worker

    # -- the queue's side ---------------------------------------------------------------------

    def pop(self) -> tuple[str, bytes] | None:
        got = self.frontier.pop(delay=self.delay, visibility=self.visibility)
        if isinstance(got, Lease):
            return got.token, got.data
        if got.seconds is not None:
            self.wake_in(got.seconds)
        return None

    def hold(self, token: str, request: Request) -> None:
        self.held[token] = request
        request.meta[POPPED_META] = time.monotonic()

    def wake_in(self, seconds: float) -> None:
        """Ask the engine for requests again in ``seconds`` (a host's delay is then over)."""
        # Scrapy runs Twisted on asyncio (the annotate pipeline insists on it).
        loop = asyncio.get_event_loop()
        call = self._wake_call
        if call is not None and not call.cancelled() and call.when() > loop.time():
            if call.when() <= loop.time() + seconds:
                return
            call.cancel()
        self._wake_call = loop.call_later(seconds, _wake, self.crawler)

    def seeded(self) -> None:
        """The cycle's start requests are all in the queue: the seed lease is done."""
        self.seeding = False
        self.frontier.ack([seed_token(self.name)])

    # -- signals ------------------------------------------------------------------------------

    def _opened(self) -> None:
        self._loop.start(HEARTBEAT, now=False)

    def _tick(self) -> None:
        try:
            self._settle()
            now = time.monotonic()
            if now - self._extended_at > self.visibility / 3:
                self._extended_at = now
                self.frontier.extend(self._lease_tokens(), visibility=self.visibility)
            self._report()
        except redis.RedisError as exc:
            # Leases not extended now are extended on a later tick; an expired one is fetched
            # again by another worker (never lost).
            logger.warning("frontier unreachable: %s", exc)
        _wake(self.crawler)  # another worker may have queued requests for us

    def _settle(self) -> None:
        """Ack the leases whose work is done and written."""
        if self._unflushed_items:
            return  # their items may still sit in the store pipeline's batch
        running = _in_progress(self.crawler)
        done = [token for token, request in self.held.items() if request not in running]
        if done:
            self.frontier.ack(done)
            for token in done:
                del self.held[token]

    def _item_scraped(self) -> None:
        self._unflushed_items += 1

    def _flushed(self) -> None:
        self._unflushed_items = 0
        try:
            self._settle()
        except redis.RedisError as exc:
            logger.warning("frontier unreachable, acks wait: %s", exc)

    def _idle(self) -> None:
        """Stay open while other workers have work that may yet feed this one."""
        if self._unflushed_items:
            # Nothing left to fetch here: write the batch so these leases can be acked (other
            # workers wait for them before they close).
            self.crawler.signals.send_catch_log(signal=store_flush_wanted)
        try:
            mine = set(self._lease_tokens())
            busy = self.frontier.queued() > 0 or bool(self.frontier.in_flight_tokens() - mine)
        except redis.RedisError as exc:
            logger.warning("frontier unreachable, waiting: %s", exc)
            busy = True
        if busy:
            raise DontCloseSpider

    def scheduler_closed(self, reason: str) -> None:
        """Every request is done and the pipelines are closed (written): ack; should anything be
        left unwritten, give it back at once instead of after the visibility timeout."""
        self._state = f"finished ({reason})"
        try:
            self._settle()
            left = list(self.held)
            if left:
                self.frontier.release(left)
                logger.warning("%s leases given back to the frontier", len(left))
                self.held.clear()
        except redis.RedisError as exc:
            logger.error("frontier unreachable at close, leases expire instead: %s", exc)

    def _closed(self, reason: str) -> None:
        if self._loop.running:
            self._loop.stop()
        if self._wake_call is not None:
            self._wake_call.cancel()
        try:
            self._report(state=f"finished ({reason})")
        except redis.RedisError as exc:
            logger.warning("frontier unreachable, last report lost: %s", exc)
        self.frontier.close()

    # -- helpers ------------------------------------------------------------------------------

    def _lease_tokens(self) -> list[str]:
        tokens = list(self.held)
        if self.seeding:
            tokens.append(seed_token(self.name))
        return tokens

    def _report(self, state: str | None = None) -> None:
        stats = self.crawler.stats
        assert stats is not None
        counts: dict[str, int | float | str] = {
            name: int(stats.get_value(key, 0)) for name, key in REPORTED.items()
        }
        counts["leases"] = len(self.held)
        counts["seen"] = round(time.time(), 3)
        counts["state"] = state or self._state
        self.frontier.report(self.name, counts)


class FrontierStart:
    """Spider middleware: the cycle's discovery requests come from its seeding worker only."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierStart:
        if not crawler.settings.get("PANTAU_FRONTIER_URL"):
            raise NotConfigured("PANTAU_FRONTIER_URL is not set")
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        worker = FrontierWorker.of(self.crawler)
        if not worker.seeding:
            return
        async for request in start:
            yield request
        worker.seeded()


class FrontierPoliteness:
    """Downloader middleware, after Scrapy's robots.txt one: a request that did not come through
    the frontier's queue (the robots.txt Scrapy fetches itself), or one whose slot passed while it
    waited (for that robots.txt), waits for its host's next slot like the others."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierPoliteness:
        if not crawler.settings.get("PANTAU_FRONTIER_URL"):
            raise NotConfigured("PANTAU_FRONTIER_URL is not set")
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        popped: float | None = request.meta.get(POPPED_META)
        if popped is not None and time.monotonic() - popped < FRESH:
            return  # its host's slot was taken when it was popped, just now
        worker = FrontierWorker.of(self.crawler)
        host = politeness_host(request.url)
        while True:
            try:
                wait = worker.frontier.reserve(host, delay=worker.delay)
            except redis.RedisError as exc:
                # Without the frontier no slot can be had: wait for it rather than hit the host.
                logger.warning("frontier unreachable, %s waits: %s", request.url, exc)
                wait = 1.0
            if wait <= 0:
                return
            await asyncio.sleep(wait)


def _in_progress(crawler: Crawler) -> set[Request]:
    """The requests the engine has not finished (download, callback, pipelines)."""
    engine = crawler.engine
    slot = getattr(engine, "_slot", None)  # Scrapy has no public accessor for this set
    return set(slot.inprogress) if slot is not None else set()


def _wake(crawler: Crawler) -> None:
    """Have the engine ask the scheduler for requests now, not at its next 5-second beat."""
    engine = crawler.engine
    slot = getattr(engine, "_slot", None)  # no public way to schedule the engine's next call
    if slot is not None and slot.closing is None:
        slot.nextcall.schedule()
