"""``/api/search?collapse=true`` over the sample site's articles clustered as the crawl does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from auth_helpers import grant
from fastapi.testclient import TestClient

from bench.sample_truth import sample_store_articles
from nlp.clusters import ClusterIndex
from pantau.settings import Settings
from search_api.app import create_app
from search_api.store import open_store


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    articles = sorted(sample_store_articles(), key=lambda a: a.published_at or 0)  # type: ignore[arg-type, return-value]
    index = ClusterIndex()
    for article in articles:
        article.cluster_id = index.assign(article.id, article.title, article.text).cluster_id
    store = f"sqlite:///{tmp_path / 'pantau.db'}"
    with open_store(store) as filled:
        filled.upsert(articles)
    with TestClient(create_app(Settings(home=tmp_path, store=store))) as anonymous:
        yield grant(anonymous, tmp_path, "baca")


def test_collapse_shows_each_story_once_with_its_copies(client: TestClient) -> None:
    plain = client.get("/api/search", params={"q": "polio", "size": 50}).json()
    stories = client.get(
        "/api/search", params={"q": "polio", "size": 50, "collapse": "true"}
    ).json()
    assert plain["articles"] is None
    assert stories["articles"] == plain["total"]
    assert stories["total"] == len({h["cluster_id"] for h in plain["hits"]}) < plain["total"]
    [sub_pin] = [h for h in stories["hits"] if h["copies"]]
    # The release on the office's site and two outlets' copies: one story, +2 media lain.
    assert sub_pin["copies"] == 2 == len(sub_pin["copies_list"])
    members = {sub_pin["outlet"], *(c["outlet"] for c in sub_pin["copies_list"])}
    assert members == {"humas.bekasikota.go.id", "wartabekasi.com", "kabarmasa.com"}
    assert sub_pin["id"] not in {c["id"] for c in sub_pin["copies_list"]}
    others = [h for h in stories["hits"] if not h["copies"]]
    assert all(h["copies_list"] == [] for h in others)


def test_search_page_folds_copies_into_plus_n_other_outlets(client: TestClient) -> None:
    page = client.get("/", params={"q": "polio"})
    assert page.status_code == 200
    plain = client.get("/api/search", params={"q": "polio"}).json()
    assert f"{plain['total']} berita ditemukan" in page.text
    assert "+2 media lain" in page.text
    folded = page.text.split('<details class="hit__copies" data-copies="2">')[1].split(
        "</details>"
    )[0]
    assert folded.count("<li>") == 2
    assert "/artikel/" in folded
    assert "salinan yang sama di media lain digabung" in page.text
    english = client.get("/", params={"q": "polio", "lang": "en"})
    assert "+2 other outlets" in english.text


def test_overview_counts_stories_and_copies_apart(client: TestClient) -> None:
    facets = client.get("/api/stats/facets", params={"q": "polio"}).json()
    plain = client.get("/api/search", params={"q": "polio"}).json()
    assert facets["total"] == plain["total"]
    assert facets["stories"] == plain["total"] - 2  # the release and its two verbatim copies
    page = client.get("/ringkasan", params={"q": "polio"})
    assert f'data-stories="{facets["stories"]}"' in page.text
    assert f"({facets['stories']} cerita; salinan" in page.text
