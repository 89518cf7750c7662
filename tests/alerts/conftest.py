"""Fixtures for the alert tests: a real SQLite store, office.db, SMTP server and webhook receiver,
all in tmp or on loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from alert_helpers import SECRET, Collector, Receiver, Smtp, free_port

from pantau.models import Article
from pantau.settings import AlertSettings, Settings, SmtpSettings
from search_api.store import open_store


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield Smtp(port=controller.port, collector=collector)
    finally:
        controller.stop()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'pantau.db'}"
    open_store(url).close()
    return url


@pytest.fixture
def add_articles(store_url: str) -> Callable[..., None]:
    def add(*articles: Article) -> None:
        store = open_store(store_url)
        try:
            report = store.upsert(articles)
        finally:
            store.close()
        assert report.failed == 0, report.errors

    return add


@pytest.fixture
def make_settings(tmp_path: Path, store_url: str, smtp: Smtp) -> Callable[..., Settings]:
    """Settings on the tmp store and the loopback SMTP server; keyword arguments go to
    ``[alerts]`` (the webhook secret is set unless given)."""

    def make(*, smtp_port: int | None = None, **alerts: Any) -> Settings:
        alerts.setdefault("webhook_secret", SECRET)
        return Settings(
            home=tmp_path / "home",
            store=store_url,
            smtp=SmtpSettings(
                host="127.0.0.1",
                port=smtp_port or smtp.port,
                from_address="Pantau Humas <pantau@bekasikota.go.id>",
                timeout=5,
            ),
            alerts=AlertSettings(**alerts),
        )

    return make
