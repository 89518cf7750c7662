"""Fixture for the bundled sample news site (started once per session on loopback)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from server import SampleSite


@pytest.fixture(scope="session")
def sample_site() -> Iterator[SampleSite]:
    with SampleSite() as site:
        yield site
