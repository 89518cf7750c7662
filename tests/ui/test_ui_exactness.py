"""Past the store's exact count the pages say "10.000+" and that facets come from a sample: a
store with tiny limits (the SQLite store's ``Limits``) makes the sample articles cross them."""

from __future__ import annotations

from pathlib import Path

from auth_helpers import grant
from fastapi.testclient import TestClient
from ui_samples import ui_settings

from search_api.app import create_app
from search_api.store.sqlite import SQLiteStore
from search_api.store.sqlite_search import Limits


def _client(tmp_path: Path) -> TestClient:
    settings = ui_settings(tmp_path)
    app = create_app(settings)
    client = TestClient(app)
    client.__enter__()
    app.state.store.close()
    app.state.store = SQLiteStore(tmp_path / "ui.db", Limits(cap=3, facet_sample=2))
    return grant(client, tmp_path)


def test_search_page_and_api_say_the_total_is_a_floor(tmp_path: Path) -> None:
    client = _client(tmp_path)
    try:
        page = client.get("/", params={"q": "bekasi"})
        assert page.status_code == 200
        assert "3+ artikel ditemukan" in page.text
        assert "dihitung dari 2 artikel terbaru" in page.text
        body = client.get("/api/search", params={"q": "bekasi"}).json()
        assert (body["total"], body["total_is_exact"], body["facets_sample"]) == (3, False, 2)
        assert sum(f["count"] for f in body["facets"]["outlet"]) == 2
        few = client.get("/api/search", params={"q": "bekasi", "outlet": "nope.id"}).json()
        assert (few["total_is_exact"], few["facets_sample"]) == (True, None)
    finally:
        client.__exit__(None, None, None)


def test_overview_and_stats_say_the_counts_are_sampled(tmp_path: Path) -> None:
    client = _client(tmp_path)
    try:
        page = client.get("/ringkasan", params={"q": "bekasi", "from": "2020-01-01"})
        assert page.status_code == 200, page.text
        assert "3+ artikel" in page.text
        assert "dihitung dari 2 artikel terbaru" in page.text
        stats = client.get("/api/stats/facets", params={"q": "bekasi"}).json()
        assert (stats["total"], stats["total_is_exact"], stats["sample"]) == (3, False, 2)
        assert stats["sentiment"]["total"] == 2
    finally:
        client.__exit__(None, None, None)
