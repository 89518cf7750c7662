"""Fixtures shared across test folders: the sample news site on loopback, and one real
Elasticsearch node per session (``tests/store/es_node.py``) for the store and distributed tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from samplesite.server import SampleSite
from tests.store import es_node


@pytest.fixture(scope="session")
def sample_site() -> Iterator[Any]:
    """The bundled sample news site (the ``samplesite`` package), four outlets on free loopback
    ports."""
    site = SampleSite()
    site.start()
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture(scope="session")
def elasticsearch_url() -> Iterator[str]:
    """A real node for the whole session (see tests/store/es_node.py for where it comes from)."""
    yield from es_node.elasticsearch_url()
