"""``/api/saved-searches`` over a real office database and a real SQLite article store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from auth_helpers import grant
from digest_samples import DAY
from fastapi.testclient import TestClient

from pantau.settings import Settings
from search_api.app import create_app


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield grant(test_client, settings.home)


def _create(client: TestClient, **body: object) -> dict[str, object]:
    payload = {"name": "Pemkot Bekasi", "query": "bekasi", **body}
    response = client.post("/api/saved-searches", json=payload)
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


def test_create_get_list_patch_delete(client: TestClient) -> None:
    created = _create(
        client,
        agencies=["kota-bekasi/pemkot"],
        subscriptions=[{"email": "humas@bekasikota.go.id", "language": "en"}],
    )
    search_id = created["id"]
    assert created["agencies"] == ["kota-bekasi/pemkot"]
    assert created["subscriptions"][0]["language"] == "en"  # type: ignore[index]
    assert client.get(f"/api/saved-searches/{search_id}").json()["name"] == "Pemkot Bekasi"
    assert [s["id"] for s in client.get("/api/saved-searches").json()] == [search_id]

    patched = client.patch(f"/api/saved-searches/{search_id}", json={"query": "banjir"})
    assert patched.status_code == 200
    assert patched.json()["query"] == "banjir"
    assert patched.json()["agencies"] == ["kota-bekasi/pemkot"]  # untouched

    assert client.delete(f"/api/saved-searches/{search_id}").status_code == 204
    assert client.get(f"/api/saved-searches/{search_id}").status_code == 404
    assert client.delete(f"/api/saved-searches/{search_id}").status_code == 404


@pytest.mark.parametrize(("query", "position"), [('"unclosed', 0), ("banjir AND OR x", 11)])
def test_bad_query_is_400_with_the_position(client: TestClient, query: str, position: int) -> None:
    response = client.post("/api/saved-searches", json={"name": "x", "query": query})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail["position"] == position
    assert detail["query"] == query
    assert detail["message"]
    assert client.get("/api/saved-searches").json() == []

    search_id = _create(client)["id"]
    patched = client.patch(f"/api/saved-searches/{search_id}", json={"query": query})
    assert patched.status_code == 400
    assert patched.json()["detail"]["position"] == position


def test_bad_values_are_400_and_nothing_is_saved(client: TestClient) -> None:
    response = client.post(
        "/api/saved-searches",
        json={"name": "x", "query": "banjir", "subscriptions": [{"email": "humas@bekasi"}]},
    )
    assert response.status_code == 400
    assert "not an e-mail address" in response.json()["detail"]["message"]
    assert client.get("/api/saved-searches").json() == []
    empty = client.post("/api/saved-searches", json={"name": "x", "query": ""})
    assert empty.status_code == 400
    wrong_tone = client.post(
        "/api/saved-searches", json={"name": "x", "query": "a", "sentiments": ["marah"]}
    )
    assert wrong_tone.status_code == 422  # not one of the labels: FastAPI's own validation


def test_subscriptions(client: TestClient) -> None:
    search_id = _create(client)["id"]
    base = f"/api/saved-searches/{search_id}/subscriptions"
    added = client.post(base, json={"email": "humas@bekasikota.go.id"})
    assert added.status_code == 201
    subscription = added.json()
    assert (subscription["language"], subscription["active"]) == ("id", True)
    paused = client.patch(f"{base}/{subscription['id']}", json={"active": False})
    assert paused.json()["active"] is False
    assert client.post(base, json={"email": "bukan alamat"}).status_code == 400
    assert (
        client.post("/api/saved-searches/999/subscriptions", json={"email": "a@b.id"}).status_code
        == 404
    )
    assert client.delete(f"{base}/{subscription['id']}").status_code == 204
    assert client.delete(f"{base}/{subscription['id']}").status_code == 404
    assert client.get(f"/api/saved-searches/{search_id}").json()["subscriptions"] == []


def test_digest_preview(client: TestClient) -> None:
    search_id = _create(client, agencies=["kota-bekasi/pemkot"])["id"]
    response = client.get(
        f"/api/saved-searches/{search_id}/digest", params={"day": DAY.isoformat()}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["subject"].startswith("Pantau — Ringkasan berita 28 November 2026: 4 berita")
    assert body["total"] == 4
    assert body["sentiments"] == {"negative": 2, "neutral": 1, "positive": 1}
    assert body["agencies"][0]["id"] == "kota-bekasi/pemkot"
    assert body["articles"][0]["reasons"] == ["molor dari jadwal", "pekerjaan terbengkalai"]
    assert body["articles"][0]["published_at"] == "2026-11-28T21:40:00+07:00"
    assert "<mark>" not in body["articles"][0]["snippet"]
    assert "Alasan: molor dari jadwal" in body["text"]
    assert body["html"].startswith("<!DOCTYPE html>")

    english = client.get(
        f"/api/saved-searches/{search_id}/digest", params={"day": DAY.isoformat(), "lang": "en"}
    ).json()
    assert english["subject"].startswith("Pantau — News digest")
    assert client.get("/api/saved-searches/999/digest").status_code == 404
    assert (
        client.get(
            f"/api/saved-searches/{search_id}/digest", params={"day": "28-11-2026"}
        ).status_code
        == 422
    )


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/saved-searches/{search_id}/digest" in paths
    assert "/api/saved-searches/{search_id}/subscriptions/{subscription_id}" in paths
