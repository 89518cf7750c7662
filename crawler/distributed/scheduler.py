"""scrapy-redis' scheduler on Pantau's frontier: our queue class and our seen-URL filter.

scrapy-redis 0.9.1 runs on Scrapy 2.19 (its scheduler is the plain ``enqueue_request`` /
``next_request`` interface, which the engine still calls); what it lacks we add through the two
classes it lets us choose (``SCHEDULER_QUEUE_CLASS``, ``DUPEFILTER_CLASS``):

- :class:`FrontierQueue`: its queues pop without a lease and ignore hosts; ours pops only a host
  whose delay has passed and leases what it pops (:mod:`.frontier`);
- :class:`CanonicalDupeFilter`: its fingerprint is w3lib's canonical URL; ours is Pantau's
  (``pantau.urls.canonicalize_url``, the store's key), so a URL the store would treat as one
  article is fetched once across all workers.

:class:`FrontierScheduler` never deletes the shared queue or filter when one worker closes (a
new cycle clears the filter, :meth:`.frontier.Frontier.claim_cycle`).
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

import redis
from scrapy import Request, Spider
from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.frontier import LEASE_META, politeness_host
from crawler.distributed.worker import FrontierWorker
from pantau.urls import canonicalize_url

logger = logging.getLogger(__name__)

# A push that fails this often (Redis down for seconds) is counted and logged, not retried for
# ever: the reactor is blocked meanwhile, and the next cycle rediscovers the URL.
PUSH_ATTEMPTS = 3


class FrontierQueue(Base):  # type: ignore[misc]  # scrapy-redis is untyped
    """The scheduler's queue: the frontier's per-host queues, popped under a lease."""

    def __init__(self, server: Any, spider: Spider, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.worker = FrontierWorker.of(spider.crawler)

    def __len__(self) -> int:
        try:
            return self.worker.frontier.queued()
        except redis.RedisError as exc:
            logger.warning("frontier unreachable: %s", exc)
            return 0

    def push(self, request: Request, fingerprint: str | None = None) -> bool | None:
        """Queue ``request``; with ``fingerprint``, only if the cycle has not seen it. True:
        queued; False: seen already; None: not queued, Redis unreachable (counted, logged)."""
        # A redirect or retry copies its request's meta: the copy is new work, not that lease.
        request.meta.pop(LEASE_META, None)
        data = self._encode_request(request)
        host = politeness_host(request.url)
        for attempt in range(1, PUSH_ATTEMPTS + 1):
            try:
                # A retry after a lost reply may find its own first attempt's mark: then the
                # request is queued, and reported seen, which only changes a log line.
                return self.worker.frontier.push(host, data, fingerprint=fingerprint)
            except redis.RedisError as exc:
                if attempt == PUSH_ATTEMPTS:
                    self.worker.stats.inc("frontier/lost_push")
                    logger.error("frontier unreachable, %s not queued: %s", request.url, exc)
                    return None
                time.sleep(0.5 * attempt)
        return None

    def pop(self, timeout: int = 0) -> Request | None:
        worker = self.worker
        try:
            got = worker.pop()
        except redis.RedisError as exc:
            logger.warning("frontier unreachable: %s", exc)
            worker.wake_in(1.0)
            return None
        if got is None:
            return None
        token, data = got
        request: Request = self._decode_request(data)
        request.meta[LEASE_META] = token
        worker.hold(token, request)
        return request

    def clear(self) -> None:
        """Never: the queue is every worker's (scrapy-redis calls this on flush)."""


class CanonicalDupeFilter(RFPDupeFilter):  # type: ignore[misc]  # scrapy-redis is untyped
    """The cycle's seen-URL set, keyed by Pantau's canonical URL."""

    def request_fingerprint(self, request: Request) -> str:
        body = (request.body or b"").hex()
        key = f"{request.method} {canonicalize_url(request.url)} {body}"
        return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()

    def clear(self) -> None:
        """Never from a worker: a new cycle clears the set (``Frontier.claim_cycle``)."""


class FrontierScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis is untyped
    """scrapy-redis' scheduler that leaves the shared frontier alone when this worker closes.

    ``next_request`` is scrapy-redis' own minus a call Scrapy 2.19 deprecates
    (``inc_value(spider=…)``); ``enqueue_request`` marks a URL seen and queues it in one step.
    """

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server, spider=spider, key=self.queue_key, serializer=self.serializer
        )
        if not getattr(self, "df", None):
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        queued = len(self.queue)
        if queued:
            logger.info("joining the cycle: %s requests queued", queued)

    def enqueue_request(self, request: Request) -> bool:
        # scrapy-redis asks its filter (SADD), then pushes: a worker killed between the two left
        # the URL seen but never queued, lost for the cycle (1 of 1,000 in a fault test). Here
        # the mark and the push are one step in Redis (``Frontier.push``).
        fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
        queued = self.queue.push(request, fingerprint)
        if queued is False:
            self.df.log(request, self.spider)
        if not queued:
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop(self.idle_before_close)
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def close(self, reason: str) -> None:
        FrontierWorker.of(self.spider.crawler).scheduler_closed(reason)

    def flush(self) -> None:
        """Never: see :class:`FrontierQueue.clear`."""
