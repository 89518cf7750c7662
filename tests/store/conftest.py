"""Fixtures for the store tests: stores, empty or holding ``store_samples.sample_articles()``.

``store`` is parametrised over the implementations that run the contract suite: "sqlite" and
"elasticsearch" (marked ``elasticsearch``; one real node per session, the root conftest's
``elasticsearch_url`` from ``es_node.py``; a throwaway alias per test). ``sqlite_store`` is for
SQLite-only tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_samples import sample_articles

from search_api.store.base import Store
from search_api.store.elastic import ElasticStore
from search_api.store.sqlite import SQLiteStore

STORES = ["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    store = SQLiteStore(tmp_path / "var" / "pantau.db")
    yield store
    store.close()


@pytest.fixture
def elastic_store(elasticsearch_url: str) -> Iterator[ElasticStore]:
    """An empty store on a throwaway alias, deleted afterwards."""
    store = ElasticStore(elasticsearch_url, index=f"pantau-test-{uuid.uuid4().hex[:12]}")
    yield store
    store.drop()
    store.close()


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each implementation under contract."""
    if request.param == "elasticsearch":
        yield request.getfixturevalue("elastic_store")
        return
    opened = SQLiteStore(tmp_path / "contract.db")
    yield opened
    opened.close()


@pytest.fixture
def loaded(store: Store) -> Store:
    """The contract store holding :func:`sample_articles`."""
    report = store.upsert(sample_articles())
    assert report.failed == 0, report.errors
    return store
