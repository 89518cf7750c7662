"""Editing a saved search in the web UI, the outlet and agency pickers, and outlets that match
nothing refused with a suggestion (UI, API and CLI)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pantau_cli.main import main
from search_api.digests import searches
from search_api.digests.db import connect
from search_api.digests.searches import SavedSearch


def _saved(home: Path) -> list[SavedSearch]:
    conn: sqlite3.Connection = connect(home / "office.db")
    try:
        return searches.list_saved_searches(conn)
    finally:
        conn.close()


def _create(client: TestClient) -> None:
    data = {"name": "Banjir Bekasi", "q": "banjir", "outlet": "kabarmasa.com"}
    assert client.post("/tersimpan/baru", data=data, follow_redirects=False).status_code == 303


def test_the_form_offers_outlets_and_agencies_by_name(client: TestClient) -> None:
    html = client.get("/tersimpan/baru").text
    assert 'data-picker="outlet"' in html
    assert 'name="outlet" value="kabarmasa.com"> KabarMasa' in html
    assert 'name="outlet" value="wartabekasi.com"' in html
    assert 'data-picker="agency"' in html
    assert 'name="agency" value="kota-bekasi/pemkot"> Pemerintah Kota Bekasi' in html


def test_edit_a_saved_search(client: TestClient, tmp_path: Path) -> None:
    _create(client)
    form = client.get("/tersimpan/1/ubah")
    assert form.status_code == 200
    assert 'action="/tersimpan/1/ubah"' in form.text
    assert 'value="Banjir Bekasi"' in form.text
    assert 'name="outlet" value="kabarmasa.com" checked' in form.text
    assert 'name="email"' not in form.text  # recipients are managed on the list page
    listing = client.get("/tersimpan").text
    assert 'href="/tersimpan/1/ubah"' in listing

    changed = client.post(
        "/tersimpan/1/ubah",
        data={
            "name": "Banjir dan genangan",
            "q": "banjir OR genangan",
            "outlet": ["kabarmasa.com", "wartabekasi.com"],
            "agency": "kota-bekasi/bpbd",
            "sentiment": "negative",
        },
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert changed.headers["location"] == "/tersimpan?ok=updated#saved-1"
    (saved,) = _saved(tmp_path)
    assert (saved.name, saved.query) == ("Banjir dan genangan", "banjir OR genangan")
    assert saved.outlets == ["kabarmasa.com", "wartabekasi.com"]
    assert (saved.agencies, saved.sentiments) == (["kota-bekasi/bpbd"], ["negative"])
    assert "Pencarian tersimpan diubah." in client.get("/tersimpan?ok=updated").text


def test_edit_problems_come_back_and_change_nothing(client: TestClient, tmp_path: Path) -> None:
    _create(client)
    response = client.post("/tersimpan/1/ubah", data={"name": "", "q": "(banjir"})
    assert response.status_code == 400
    assert 'action="/tersimpan/1/ubah"' in response.text
    assert _saved(tmp_path)[0].name == "Banjir Bekasi"
    assert client.get("/tersimpan/99/ubah").status_code == 404
    assert client.post("/tersimpan/99/ubah", data={"name": "x", "q": "x"}).status_code == 404


def test_an_unknown_outlet_is_refused_with_a_suggestion(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/tersimpan/baru", data={"name": "x", "q": "", "outlet": "wartabekasi"})
    assert response.status_code == 400
    assert "Maksud Anda &#34;wartabekasi.com&#34;?" in response.text
    assert _saved(tmp_path) == []
    api = client.post("/api/saved-searches", json={"name": "x", "outlets": ["wartabekasi"]})
    assert api.status_code == 400
    assert "did you mean 'wartabekasi.com'" in api.text
    _create(client)
    patch = client.patch("/api/saved-searches/1", json={"outlets": ["kabarmas.com"]})
    assert patch.status_code == 400
    assert "kabarmasa.com" in patch.text
    # A change that leaves the outlets alone is not checked against the store again.
    assert client.patch("/api/saved-searches/1", json={"name": "y"}).status_code == 200


def test_an_empty_store_takes_outlets_as_typed(empty_client: TestClient, tmp_path: Path) -> None:
    data = {"name": "Sebelum crawl pertama", "q": "", "outlet": "kabarmasa.com"}
    response = empty_client.post("/tersimpan/baru", data=data, follow_redirects=False)
    assert response.status_code == 303


def test_cli_refuses_an_unknown_outlet(
    client: TestClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PANTAU_HOME", str(tmp_path))
    monkeypatch.setenv("PANTAU_STORE", f"sqlite:///{tmp_path / 'ui.db'}")  # the client's store
    assert main(["saved", "add", "x", "", "--outlet", "wartabekasi"]) == 2
    assert "wartabekasi.com" in capsys.readouterr().err
