"""``/api/releases`` over a real SQLite store holding the sample site's articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from auth_helpers import grant
from fastapi.testclient import TestClient

from bench.sample_truth import release_articles, sample_store_articles
from pantau.settings import Settings
from search_api.app import create_app
from search_api.store import open_store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    store = f"sqlite:///{tmp_path / 'pantau.db'}"
    with open_store(store) as filled:
        filled.upsert(sample_store_articles())
    return Settings(home=tmp_path, store=store)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as anonymous:
        yield grant(anonymous, settings.home, "staf")


def test_register_by_url_then_list_and_show_pickups(client: TestClient) -> None:
    page = release_articles()["rilis-festival-umkm-patriot-2023"]
    made = client.post("/api/releases", json={"url": page.url})
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["created"], body["source"], body["outlet"]) == (True, "url", page.outlet)
    assert body["registered_by"] == "uji-staf"
    again = client.post("/api/releases", json={"url": page.url.rstrip("/")})
    assert again.json()["created"] is False
    listed = client.get("/api/releases").json()
    assert [r["id"] for r in listed] == [body["id"]]
    shown = client.get(f"/api/releases/{body['id']}").json()
    pickups = {p["outlet"]: p for p in shown["pickups"]}
    assert set(pickups) == {"wartabekasi.com", "kabarmasa.com"}
    assert pickups["wartabekasi.com"]["kind"] == "verbatim"
    assert pickups["wartabekasi.com"]["delay"] == "2 jam 45 menit"
    assert pickups["kabarmasa.com"]["kind"] == "rewritten"
    assert any(
        "Rina Wulandari" in s or "stan kami" in s
        for s in pickups["kabarmasa.com"]["added_sentences"]
    )


def test_register_pasted_text(client: TestClient) -> None:
    page = release_articles()["rilis-car-free-day-ahmad-yani"]
    made = client.post(
        "/api/releases",
        json={"title": page.title, "text": page.text, "published_at": "2023-11-12T15:00:00"},
    )
    assert made.status_code == 201, made.text
    assert made.json()["published_at"] == "2023-11-12T08:00:00+00:00"  # naive: office time
    shown = client.get(f"/api/releases/{made.json()['id']}").json()
    # Pasted, the release's own page on the office site is indistinguishable from an outlet's
    # copy until a page of that site is registered: then that outlet is the office's own.
    assert [p["outlet"] for p in shown["pickups"]] == ["humas.bekasikota.go.id"]
    client.post(
        "/api/releases", json={"url": release_articles()["rilis-normalisasi-kali-bekasi"].url}
    )
    shown = client.get(f"/api/releases/{made.json()['id']}").json()
    assert shown["pickups"] == []


def test_bad_requests_are_clear(client: TestClient, settings: Settings) -> None:
    assert client.post("/api/releases", json={}).status_code == 422
    assert client.post("/api/releases", json={"text": "x" * 50}).status_code == 422
    short = client.post("/api/releases", json={"title": "Pendek", "text": "Hanya tiga kata."})
    assert short.status_code == 400
    assert "at least 30 words" in short.json()["detail"]["message"]
    unknown = client.post(
        "/api/releases", json={"url": "https://humas.bekasikota.go.id/tidak-ada/"}
    )
    assert unknown.status_code == 422
    assert "has not been crawled" in unknown.json()["detail"]["message"]
    assert client.get("/api/releases/999").status_code == 404
    with TestClient(create_app(settings)) as reader:
        grant(reader, settings.home, "baca")
        assert reader.get("/api/releases").status_code == 200
        page = release_articles()["rilis-festival-umkm-patriot-2023"]
        assert reader.post("/api/releases", json={"url": page.url}).status_code == 403
