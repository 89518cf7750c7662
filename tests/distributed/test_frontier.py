"""The frontier's Redis scripts on a real redis-server: per-host politeness, leases and their
visibility timeout, cycles, the canonical seen-URL filter, the stats key."""

from __future__ import annotations

import time

import pytest
import redis
from scrapy import Request

from crawler.distributed.frontier import Frontier, Lease, Wait, politeness_host, seed_token
from crawler.distributed.scheduler import CanonicalDupeFilter


@pytest.fixture
def frontier(frontier_url: str) -> Frontier:
    return Frontier(frontier_url, prefix="t")


def test_a_host_is_popped_once_per_delay_and_other_hosts_meanwhile(frontier: Frontier) -> None:
    for n in range(3):
        frontier.push("a.com", f"a{n}".encode())
    frontier.push("b.com", b"b0")
    first = frontier.pop(delay=0.5, visibility=60)
    second = frontier.pop(delay=0.5, visibility=60)
    assert isinstance(first, Lease)
    assert isinstance(second, Lease)
    assert {first.data, second.data} == {b"a0", b"b0"}  # one per host, FIFO within a host
    third = frontier.pop(delay=0.5, visibility=60)
    assert isinstance(third, Wait)
    assert third.seconds is not None
    assert 0.3 < third.seconds <= 0.5
    time.sleep(third.seconds)
    again = frontier.pop(delay=0.5, visibility=60)
    assert isinstance(again, Lease)
    assert again.data == b"a1"
    assert frontier.queued() == 1


def test_an_empty_queue_says_so(frontier: Frontier) -> None:
    assert frontier.pop(delay=0, visibility=60) == Wait(None)


def test_reserve_shares_the_hosts_clock_with_the_queue(frontier: Frontier) -> None:
    frontier.push("a.com", b"x")
    assert isinstance(frontier.pop(delay=0.5, visibility=60), Lease)
    assert frontier.reserve("a.com", delay=0.5) > 0.3  # robots.txt waits like a queued request
    assert frontier.reserve("c.com", delay=0.5) == 0.0
    assert frontier.reserve("c.com", delay=0.5) > 0.3


def test_an_unacked_lease_returns_to_the_queue_after_the_visibility_timeout(
    frontier: Frontier,
) -> None:
    frontier.push("a.com", b"x")
    lease = frontier.pop(delay=0, visibility=0.3)
    assert isinstance(lease, Lease)
    assert frontier.pop(delay=0, visibility=0.3) == Wait(None)
    assert frontier.in_flight() == 1
    time.sleep(0.4)
    again = frontier.pop(delay=0, visibility=60)
    assert isinstance(again, Lease)
    assert again.data == b"x"
    assert again.token != lease.token
    assert frontier.cycle()["requeued"] == "1"
    assert frontier.ack([again.token]) == 1
    assert frontier.in_flight() == 0
    assert frontier.ack([lease.token]) == 0  # the old lease is gone: a late ack changes nothing


def test_an_extended_lease_stays_and_a_released_one_returns_at_once(frontier: Frontier) -> None:
    frontier.push("a.com", b"x")
    frontier.push("b.com", b"y")
    x = frontier.pop(delay=0, visibility=0.3)
    y = frontier.pop(delay=0, visibility=60)
    assert isinstance(x, Lease)
    assert isinstance(y, Lease)
    time.sleep(0.2)
    assert frontier.extend([x.token], visibility=0.5) == 1
    time.sleep(0.2)
    assert frontier.pop(delay=0, visibility=60) == Wait(None)  # x not expired: extended
    assert frontier.release([y.token]) == 1
    back = frontier.pop(delay=0, visibility=60)
    assert isinstance(back, Lease)
    assert back.data == b"y"


def test_cycles_seed_once_join_while_busy_and_wait_for_the_interval(frontier: Frontier) -> None:
    assert frontier.claim_cycle("w1", interval=3600, visibility=60) == 0.0  # seeds
    assert frontier.claim_cycle("w2", interval=3600, visibility=60) is None  # joins: seeding
    frontier.redis.sadd("t:seen", "fingerprint")
    frontier.ack([seed_token("w1")])
    wait = frontier.claim_cycle("w3", interval=3600, visibility=60)
    assert wait is not None
    assert wait > 3500  # the last cycle is done and the next one not yet due
    assert frontier.claim_cycle("w3", interval=0, visibility=60) == 0.0
    assert frontier.redis.scard("t:seen") == 0  # a new cycle fetches listings and feeds again
    assert frontier.cycle()["number"] == "2"


def test_the_seen_filter_uses_pantaus_canonical_url(frontier_url: str) -> None:
    server = redis.Redis.from_url(frontier_url)
    seen = CanonicalDupeFilter(server, key="t:seen")
    assert not seen.request_seen(Request("https://www.kabarmasa.com/a/1?utm_source=x#top"))
    assert seen.request_seen(Request("http://kabarmasa.com/a/1"))
    assert seen.request_seen(Request("https://kabarmasa.com/amp/a/1"))
    assert not seen.request_seen(Request("https://kabarmasa.com/a/2"))
    seen.clear()  # a worker never empties the shared set
    assert server.scard("t:seen") == 2
    server.close()


def test_politeness_keys_outlets_by_host_and_port() -> None:
    assert politeness_host("https://www.Kabarmasa.com/x") == "kabarmasa.com"
    assert politeness_host("http://127.0.0.1:8601/x") == "127.0.0.1:8601"


def test_reports_land_in_one_key_per_worker(frontier: Frontier) -> None:
    frontier.report("vm:1", {"requests": 3, "state": "running"})
    frontier.report("vm:2", {"requests": 4})
    frontier.report("vm:1", {"requests": 5})
    assert frontier.reports() == {
        "vm:1": {"requests": "5", "state": "running"},
        "vm:2": {"requests": "4"},
    }
    assert frontier.redis.keys("t:stats*") == [b"t:stats"]
