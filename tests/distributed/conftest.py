"""Fixtures for the distributed crawl tests: a real redis-server for the session (redis_node.py),
the session's Elasticsearch node (root conftest), and helpers to run ``pantau crawl --worker``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from search_api.store.elastic import ElasticStore
from tests.distributed.redis_node import RedisNode, redis_node


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisNode]:
    yield from redis_node(tmp_path_factory.mktemp("redis"))


@pytest.fixture
def frontier_url(redis_server: RedisNode) -> str:
    """The session's Redis, emptied for this test."""
    client = redis.Redis.from_url(redis_server.url)
    client.flushdb()
    client.close()
    return redis_server.url


@pytest.fixture
def es_index(elasticsearch_url: str) -> Iterator[str]:
    """The store URL of a throwaway alias, dropped afterwards."""
    alias = f"pantau-test-dist-{uuid.uuid4().hex[:10]}"
    yield f"{elasticsearch_url.rstrip('/')}/?index={alias}"
    store = ElasticStore(elasticsearch_url, index=alias)
    store.drop()
    store.close()
