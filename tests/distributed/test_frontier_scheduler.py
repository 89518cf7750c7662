"""The frontier scheduler on a real redis-server: what enqueueing a request does in Redis."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from crawler.distributed.frontier import Frontier
from crawler.distributed.scheduler import FrontierScheduler

END = "pantau-test-end-of-commands"


@pytest.fixture
def scheduler(frontier_url: str) -> Iterator[FrontierScheduler]:
    settings = {
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.scheduler.FrontierQueue",
        "DUPEFILTER_CLASS": "crawler.distributed.scheduler.CanonicalDupeFilter",
        "SCHEDULER_QUEUE_KEY": "t:q",
        "SCHEDULER_DUPEFILTER_KEY": "t:seen",
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": frontier_url,
        "EXTENSIONS": {"crawler.distributed.worker.FrontierWorker": 50},
        "PANTAU_FRONTIER_URL": frontier_url,
        "PANTAU_FRONTIER_PREFIX": "t",
    }
    crawler = get_crawler(Spider, settings_dict=settings)
    crawler._apply_settings()  # builds the extensions (FrontierWorker) without a crawl
    crawler.spider = crawler._create_spider("generated")
    scheduler = FrontierScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    yield scheduler
    scheduler.queue.worker.frontier.close()


def _commands_sent(url: str, action: Any) -> list[str]:
    """The commands clients sent Redis while ``action`` ran, those a Lua script ran left out."""
    seen: list[str] = []
    client = redis.Redis.from_url(url)
    closer = redis.Redis.from_url(url)
    closer.ping()  # connected now: its handshake is not among the commands counted
    ready = threading.Event()

    def watch() -> None:
        with client.monitor() as monitor:
            ready.set()
            for command in monitor.listen():
                if END in command["command"]:
                    return
                if command.get("client_type") != "lua":
                    seen.append(command["command"])

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    ready.wait(5)
    try:
        action()
    finally:
        closer.echo(END)
        watcher.join(10)
        closer.close()
        client.close()
    return seen


def test_a_request_is_marked_seen_and_queued_in_one_redis_command(
    scheduler: FrontierScheduler, frontier_url: str
) -> None:
    # Warm the scripts up, so the count below is not the one-off SCRIPT LOAD.
    assert scheduler.enqueue_request(Request("https://kabarmasa.com/a/0"))
    sent = _commands_sent(
        frontier_url, lambda: scheduler.enqueue_request(Request("https://kabarmasa.com/a/1"))
    )
    # Two commands (SADD, then the push) left a URL seen but never queued when a worker was
    # killed between them: 1 of 1,000 articles lost in the kill test (test_faults).
    assert len(sent) == 1, sent
    assert sent[0].startswith("EVALSHA")


def test_a_seen_url_is_not_queued_again_and_dont_filter_always_is(
    scheduler: FrontierScheduler, frontier_url: str
) -> None:
    frontier = Frontier(frontier_url, prefix="t")
    assert scheduler.enqueue_request(Request("https://www.kabarmasa.com/a/1?utm_source=x"))
    assert not scheduler.enqueue_request(Request("http://kabarmasa.com/a/1"))
    assert scheduler.enqueue_request(Request("http://kabarmasa.com/a/1", dont_filter=True))
    assert frontier.queued() == 2
    assert frontier.redis.scard("t:seen") == 1
    frontier.close()
