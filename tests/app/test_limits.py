"""What one client may send: host names served, body size, request rate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from auth_helpers import grant
from fastapi.testclient import TestClient

from pantau.settings import ApiSettings, Settings
from search_api.app import create_app


def _client(tmp_path: Path, **api: object) -> Iterator[TestClient]:
    settings = Settings(
        home=tmp_path, store=f"sqlite:///{tmp_path / 'l.db'}", api=ApiSettings(**api)
    )
    with TestClient(create_app(settings)) as client:
        yield grant(client, tmp_path)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    yield from _client(tmp_path, max_body_bytes=2048, requests_per_minute=1000)


def test_other_host_names_are_refused(client: TestClient, tmp_path: Path) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz", headers={"host": "evil.example"}).status_code == 400
    settings = Settings(
        home=tmp_path,
        store=f"sqlite:///{tmp_path / 'l.db'}",
        api=ApiSettings(public_url="https://pantau.bekasikota.go.id/"),
    )
    with TestClient(create_app(settings)) as other:
        ok = other.get("/healthz", headers={"host": "pantau.bekasikota.go.id"})
        assert ok.status_code == 200


def test_large_bodies_are_refused(client: TestClient) -> None:
    big = {"name": "x", "query": "banjir " * 1000}
    response = client.post("/api/saved-searches", json=big)
    assert response.status_code == 413
    assert "larger than 2048" in response.json()["detail"]["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"name": "x", "query": "'
        for _ in range(100):
            yield b"banjir " * 10
        yield b'"}'

    chunked = client.post(
        "/api/saved-searches", content=chunks(), headers={"content-type": "application/json"}
    )
    assert chunked.status_code == 413
    assert client.get("/api/saved-searches").json() == []


def test_too_many_requests_from_one_address(tmp_path: Path) -> None:
    for client in _client(tmp_path, requests_per_minute=5):
        answers = [client.get("/healthz").status_code for _ in range(8)]
        assert answers[:5] == [200] * 5
        assert answers[5:] == [429] * 3
        assert int(client.get("/healthz").headers["retry-after"]) >= 1
