"""Fixtures for the store tests: stores, empty or holding ``store_samples.sample_articles()``.

``store`` is parametrised over the implementations that run the contract suite (only "sqlite" for
now; Elasticsearch joins with its own marker). ``sqlite_store`` is for SQLite-only tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_samples import sample_articles

from search_api.store.base import Store
from search_api.store.sqlite import SQLiteStore


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    store = SQLiteStore(tmp_path / "var" / "pantau.db")
    yield store
    store.close()


@pytest.fixture(params=["sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each implementation under contract."""
    if request.param != "sqlite":  # pragma: no cover - Elasticsearch joins here later
        raise NotImplementedError(request.param)
    opened = SQLiteStore(tmp_path / "contract.db")
    yield opened
    opened.close()


@pytest.fixture
def loaded(store: Store) -> Store:
    """The contract store holding :func:`sample_articles`."""
    report = store.upsert(sample_articles())
    assert report.failed == 0, report.errors
    return store
