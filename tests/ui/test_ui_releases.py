"""``/rilis``: the releases list, registering by URL and by pasted text, and a release's page with
its pickups — on a real SQLite store holding the sample site's articles."""

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


def test_empty_list_explains_how_releases_arrive(client: TestClient) -> None:
    page = client.get("/rilis")
    assert page.status_code == 200
    assert "Belum ada rilis" in page.text
    assert 'action="/rilis"' in page.text
    assert 'href="/rilis" aria-current="page"' in page.text


def test_register_by_url_and_see_the_pickups(client: TestClient) -> None:
    release = release_articles()["rilis-beasiswa-mahasiswa-kota-bekasi"]
    made = client.post("/rilis", data={"url": release.url}, follow_redirects=False)
    assert made.status_code == 303
    page = client.get(made.headers["location"])
    assert release.title in page.text
    assert 'data-pickups="1"' in page.text
    row = page.text.split('<tr data-outlet="wartabekasi.com" data-kind="rewritten">')[1]
    assert "Tulis ulang" in row.split("</tr>")[0]
    assert "7 jam 40 menit" in row
    assert "Kuota 1.500 itu jauh dari cukup" in row  # the DPRD member's added quote
    listed = client.get("/rilis")
    assert release.title in listed.text
    assert "Alamat halaman" in listed.text
    english = client.get(made.headers["location"], params={"lang": "en"})
    assert "Rewritten" in english.text
    assert "7 h 40 min" in english.text


def test_register_pasted_text_with_a_problem_first(client: TestClient) -> None:
    short = client.post("/rilis", data={"title": "Pendek", "text": "Tiga kata saja."})
    assert short.status_code == 400
    assert "at least 30 words" in short.text
    assert "Tiga kata saja." in short.text  # what was typed is kept
    missing = client.post("/rilis", data={"url": "https://humas.bekasikota.go.id/tidak-ada/"})
    assert missing.status_code == 400
    assert "belum dirayapi" in missing.text
    text = release_articles()["rilis-car-free-day-ahmad-yani"]
    made = client.post(
        "/rilis",
        data={"title": text.title, "text": text.text, "published": "2023-11-12T15:00"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    assert "Teks ditempel" in client.get("/rilis").text


def test_unknown_release_is_a_404_page(client: TestClient) -> None:
    assert client.get("/rilis/12345").status_code == 404


def test_registering_needs_role_staf(settings: Settings) -> None:
    with TestClient(create_app(settings)) as reader:
        grant(reader, settings.home, "baca")
        assert reader.get("/rilis").status_code == 200
        refused = reader.post("/rilis", data={"url": "https://x.example/"}, follow_redirects=False)
        assert refused.status_code == 403
