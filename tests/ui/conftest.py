"""A TestClient on ``create_app`` over a temp-file SQLite store holding ``ui_samples``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from auth_helpers import grant
from fastapi.testclient import TestClient
from ui_samples import ui_settings

from search_api.app import create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ui_settings(tmp_path))) as test_client:
        yield grant(test_client, tmp_path)


@pytest.fixture
def empty_client(tmp_path: Path) -> Iterator[TestClient]:
    home = tmp_path / "empty"  # its own store file, apart from ``client``'s in the same test
    home.mkdir()
    with TestClient(create_app(ui_settings(home, articles=[]))) as test_client:
        yield grant(test_client, home)
