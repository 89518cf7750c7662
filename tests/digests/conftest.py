"""Fixtures for the digest tests: a real SQLite article store, a real SMTP server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from digest_samples import ARTICLES
from digest_smtp import CollectingHandler, SmtpServer, free_port, make_settings

from pantau.settings import Settings
from search_api.store import open_store


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpServer(port=controller.port, handler=handler)
    finally:
        controller.stop()


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'pantau.db'}"
    store = open_store(url)
    try:
        report = store.upsert(ARTICLES)
        assert report.created == len(ARTICLES), report.errors
    finally:
        store.close()
    return url


@pytest.fixture
def settings(tmp_path: Path, store_url: str, smtp_server: SmtpServer) -> Settings:
    return make_settings(tmp_path, store_url, smtp_server.port)
