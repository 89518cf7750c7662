"""Requests that once broke the server answer with a clear 400 (or 422) now, and every response
carries the security headers. Each case was a 500, or minutes of work, before."""

from __future__ import annotations

import pytest
import test_api
from fastapi.testclient import TestClient

from search_api.filters_core import MAX_FILTER_VALUES
from search_api.store.stats import MAX_BUCKETS

# The API tests' client: a temp SQLite store with their four articles.
client = test_api.client


def test_a_timeline_of_too_many_buckets_is_refused_before_any_work(client: TestClient) -> None:
    params = {"interval": "day", "from": "0001-01-02", "to": "9999-12-30"}
    response = client.get("/api/stats/timeline", params=params)
    assert response.status_code == 400
    assert f"at most {MAX_BUCKETS}" in response.json()["detail"]["message"]
    # auto picks months, and ten thousand years of months are still too many
    auto = client.get("/api/stats/timeline", params={**params, "interval": "auto"})
    assert auto.status_code == 400
    page = client.get("/ringkasan", params={"from": "0001-01-02", "to": "9999-12-30"})
    assert page.status_code == 400
    assert "Rentang tanggal terlalu panjang" in page.text
    year = {"interval": "day", "from": "2023-01-01", "to": "2023-12-31"}
    assert client.get("/api/stats/timeline", params=year).status_code == 200


def test_too_many_filter_values_are_refused(client: TestClient) -> None:
    many = [("outlet", f"o{n}.com") for n in range(MAX_FILTER_VALUES + 1)]
    for path in ("/api/search", "/api/stats/facets", "/api/export"):
        response = client.get(path, params=many)
        assert response.status_code == 400, path
        assert f"at most {MAX_FILTER_VALUES}" in response.json()["detail"]["message"]
    page = client.get("/", params=many)
    assert page.status_code == 400
    assert len(page.content) < 200_000
    saved = client.post(
        "/api/saved-searches",
        json={"name": "x", "agencies": [f"kota-bekasi/u{n}" for n in range(MAX_FILTER_VALUES + 1)]},
    )
    assert saved.status_code == 400


@pytest.mark.parametrize(("query", "position"), [("bek\x00asi", 3), ("banjir\x1b[31m", 6)])
def test_control_characters_in_a_query_are_a_400_with_the_position(
    client: TestClient, query: str, position: int
) -> None:
    for path in ("/api/search", "/api/stats/facets"):
        response = client.get(path, params={"q": query})
        assert response.status_code == 400, path
        assert response.json()["detail"]["position"] == position
    saved = client.post("/api/saved-searches", json={"name": "x", "query": query})
    assert saved.status_code == 400
    named = client.post("/api/saved-searches", json={"name": "a\x00b", "query": "banjir"})
    assert named.status_code == 400


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/saved-searches/9223372036854775808"),
        ("PATCH", "/api/saved-searches/9223372036854775808"),
        ("DELETE", "/api/saved-searches/9223372036854775808"),
        ("GET", "/api/saved-searches/9223372036854775808/digest"),
        ("POST", "/api/saved-searches/9223372036854775808/subscriptions"),
        ("DELETE", "/api/saved-searches/1/subscriptions/9223372036854775808"),
        ("GET", "/api/saved-searches/0"),
    ],
)
def test_ids_out_of_range_are_client_errors(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, json={"email": "a@b.go.id", "name": "x"})
    assert response.status_code == 422, response.text
    assert response.json()["detail"]["message"]


@pytest.mark.parametrize("path", ["/", "/api/search", "/ringkasan", "/docs", "/api/export"])
def test_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    if path == "/docs":
        assert "'unsafe-inline'" in policy.split("script-src")[1].split(";")[0]
    else:
        assert "script-src 'self';" in policy


def test_control_characters_in_filters_are_a_400(client: TestClient) -> None:
    for path in ("/api/search", "/api/export", "/"):
        response = client.get(path, params={"agency": "kota-bekasi/\x1fpemkot"})
        assert response.status_code == 400, path
