"""The server remembers its SQLite store's answers (``api.result_cache``) and forgets them when
anything is written: a page asked again comes from memory, an article the crawler stores appears
on the next request."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from auth_helpers import grant
from fastapi.testclient import TestClient
from ui_samples import hand_written, ui_settings

from search_api.app import create_app
from search_api.store import open_store
from search_api.store.cached import CachedStore
from search_api.store.sqlite import SQLiteStore

WORD = "gorong-gorong"  # in no sample article


def crawl_one(store_url: str) -> None:
    """What the crawler does in its own process: open the store, write, close."""
    article = replace(
        hand_written()[0],
        id="kabar-baru",
        url="https://kabar.example/berita/gorong",
        canonical_url="https://kabar.example/berita/gorong",
        title="Warga membersihkan gorong-gorong",
        cluster_id="kabar-baru",
    )
    store = open_store(store_url)
    try:
        assert store.upsert([article]).created == 1
    finally:
        store.close()


def test_pages_asked_again_come_from_memory_until_the_store_changes(tmp_path: Path) -> None:
    settings = ui_settings(tmp_path)
    with TestClient(create_app(settings)) as raw:
        client = grant(raw, tmp_path)
        store = raw.app.state.store  # type: ignore[attr-defined]
        assert isinstance(store, CachedStore)
        first = client.get("/ringkasan", params={"q": "banjir"})
        misses = store.misses
        again = client.get("/ringkasan", params={"q": "banjir"})
        assert first.status_code == again.status_code == 200
        assert store.misses == misses  # no store work the second time
        assert store.hits > 0
        assert client.get("/", params={"q": WORD}).text.count("Warga membersihkan") == 0
        crawl_one(settings.store_url)
        assert "Warga membersihkan gorong-gorong" in client.get("/", params={"q": WORD}).text


def test_result_cache_zero_keeps_no_answers(tmp_path: Path) -> None:
    settings = ui_settings(tmp_path)
    settings = settings.model_copy(
        update={"api": settings.api.model_copy(update={"result_cache": 0})}
    )
    with TestClient(create_app(settings)) as raw:
        client = grant(raw, tmp_path)
        assert isinstance(raw.app.state.store, SQLiteStore)  # type: ignore[attr-defined]
        assert client.get("/ringkasan").status_code == 200
