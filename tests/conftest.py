"""Fixtures shared across test folders: the sample news site on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from samplesite.server import SampleSite


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
