"""The JSON API over a real temp-file SQLite store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import fields
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from auth_helpers import grant
from fastapi.testclient import TestClient

from pantau.models import AgencyRef, Article, Sentiment, article_id
from pantau.settings import Settings
from search_api.app import create_app
from search_api.app.schemas import ArticleOut
from search_api.store import open_store

WIB = timezone(timedelta(hours=7))


def _article(
    n: int, title: str, text: str, outlet: str, day: int, agency: str, label: str
) -> Article:
    url = f"https://{outlet}/berita/{n}"
    return Article(
        id=article_id(outlet, url),
        url=url,
        canonical_url=url,
        outlet=outlet,
        outlet_name=outlet.split(".")[0].title(),
        title=title,
        text=text,
        lead=text.split(".")[0],
        published_at=datetime(2023, 11, day, 9, 30, tzinfo=WIB),
        date_source="meta",
        agencies=[AgencyRef(id=agency, name=agency)],
        sentiment=Sentiment(label=label, score=0.7),  # type: ignore[arg-type]
        word_count=len(text.split()),
    )


ARTICLES = [
    _article(
        1,
        "Pemkot Bekasi raih opini WTP",
        "Pemerintah Kota Bekasi meraih opini WTP dari BPK.",
        "kabarmasa.com",
        9,
        "kota-bekasi/pemkot",
        "positive",
    ),
    _article(
        2,
        "Banjir rendam perumahan di Bekasi",
        "Banjir merendam ratusan rumah di Kota Bekasi.",
        "wartabekasi.com",
        10,
        "kota-bekasi/bpbd",
        "negative",
    ),
    _article(
        3,
        "Bupati Sumedang buka pasar murah",
        "Pemkab Sumedang menggelar pasar murah.",
        "sumedangpost.blogspot.com",
        11,
        "kab-sumedang/pemkab",
        "positive",
    ),
    _article(
        4,
        "Rapat <script>alert(1)</script> DPRD",
        "DPRD Kota Bekasi menggelar rapat paripurna.",
        "kabarmasa.com",
        30,
        "kota-bekasi/dprd",
        "neutral",
    ),
]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(home=tmp_path, store=f"sqlite:///{tmp_path / 'api.db'}")
    store = open_store(settings.store_url)
    store.upsert(ARTICLES)
    store.close()
    with TestClient(create_app(settings)) as test_client:
        yield grant(test_client, settings.home)


def test_search_returns_hits_snippets_and_facets(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "bekasi"}).json()
    assert body["total"] == 3
    assert {h["id"] for h in body["hits"]} == {ARTICLES[0].id, ARTICLES[1].id, ARTICLES[3].id}
    assert any("<mark>" in h["snippet"] for h in body["hits"])
    outlets = {f["value"]: f["count"] for f in body["facets"]["outlet"]}
    assert outlets == {"kabarmasa.com": 2, "wartabekasi.com": 1}
    assert body["hits"][0]["published_at"].endswith("+07:00")


def test_title_is_escaped_in_snippets(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "rapat"}).json()
    (hit,) = body["hits"]
    assert "<script>" not in hit["snippet"]


def test_filters_and_sort(client: TestClient) -> None:
    params: dict[str, str | list[str]] = {"q": "bekasi", "sentiment": "negative"}
    assert [h["id"] for h in client.get("/api/search", params=params).json()["hits"]] == [
        ARTICLES[1].id
    ]
    params = {"agency": "kab-sumedang/pemkab"}
    assert client.get("/api/search", params=params).json()["total"] == 1
    params = {"from": "2023-11-10", "to": "2023-11-11", "sort": "oldest"}
    ids = [h["id"] for h in client.get("/api/search", params=params).json()["hits"]]
    assert ids == [ARTICLES[1].id, ARTICLES[2].id]  # `to` includes the whole day
    params = {
        "outlet": ["kabarmasa.com", "wartabekasi.com"],
        "sort": "newest",
        "size": "1",
        "page": "2",
    }
    body = client.get("/api/search", params=params).json()
    assert body["total"] == 3
    assert [h["id"] for h in body["hits"]] == [ARTICLES[1].id]


def test_query_language_fields(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "title:wtp OR agency:kota-bekasi/dprd"}).json()
    assert {h["id"] for h in body["hits"]} == {ARTICLES[0].id, ARTICLES[3].id}


@pytest.mark.parametrize(("query", "position"), [('"unclosed', 0), ("AND OR", 0), ("title:", 0)])
def test_malformed_query_is_400_with_position(
    client: TestClient, query: str, position: int
) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail["query"] == query
    assert isinstance(detail["position"], int)
    assert 0 <= detail["position"] <= len(query)
    assert detail["message"]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "101", "size": "100"},
        {"size": "1000"},
        {"sort": "random"},
        {"from": "kemarin"},
        {"from": "2023-11-10", "to": "2023-11-01"},
    ],
)
def test_bad_parameters_are_client_errors(client: TestClient, params: dict[str, str]) -> None:
    assert client.get("/api/search", params=params).status_code in (400, 422)


@pytest.mark.parametrize("params", [{"to": "9999-12-31"}, {"from": "0001-01-01"}])
def test_dates_at_the_edge_of_the_calendar_are_400_not_500(
    client: TestClient, params: dict[str, str]
) -> None:
    for path in ("/api/search", "/api/stats/timeline", "/api/stats/facets"):
        response = client.get(path, params=params)
        assert response.status_code == 400, (path, response.text)
        assert "out of range" in response.json()["detail"]["message"]
    # The last day itself is a fine start: nothing is that new.
    for path in ("/api/search", "/api/stats/timeline", "/api/stats/facets"):
        assert client.get(path, params={"from": "9999-12-31"}).status_code == 200, path


def test_article_out_has_the_fields_of_the_article() -> None:
    # ArticleOut reads the Article by attribute: a field added to one must be added to the other.
    assert set(ArticleOut.model_fields) == {f.name for f in fields(Article)}


def test_article_by_id_and_404(client: TestClient) -> None:
    body = client.get(f"/api/articles/{ARTICLES[0].id}").json()
    assert body["title"] == ARTICLES[0].title
    assert body["agencies"][0]["id"] == "kota-bekasi/pemkot"
    assert body["sentiment"]["label"] == "positive"
    assert client.get("/api/articles/nope").status_code == 404


def test_healthz_and_docs(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "store": "ok", "articles": 4}
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert "/api/search" in spec["paths"]


def test_every_api_error_has_one_envelope(client: TestClient) -> None:
    cases = [
        ("/api/search", {"q": '"unclosed'}, 400),  # query error: message, position, query
        ("/api/search", {"from": "2023-11-10", "to": "2023-11-01"}, 400),  # a filter problem
        ("/api/search", {"page": "0"}, 422),  # a parameter out of range
        ("/api/search", {"size": "1000"}, 400),  # over the configured page size
        ("/api/articles/nope", {}, 404),
        ("/api/nothing-here", {}, 404),
    ]
    for path, params, status in cases:
        response = client.get(path, params=params)
        assert response.status_code == status, (path, params)
        detail = response.json()["detail"]
        assert isinstance(detail, dict), (path, params, detail)
        assert isinstance(detail["message"], str)
        assert detail["message"]
    invalid = client.get("/api/search", params={"page": "0"}).json()["detail"]
    assert invalid["errors"][0]["field"] == "query.page"


def test_sentiment_takes_the_indonesian_words_too(client: TestClient) -> None:
    english = client.get("/api/search", params={"sentiment": "negative"}).json()
    indonesian = client.get("/api/search", params={"sentiment": "negatif"}).json()
    assert english["total"] == indonesian["total"] > 0
    response = client.get("/api/search", params={"sentiment": "marah"})
    assert response.status_code == 400
    assert "sentiment 'marah'" in response.json()["detail"]["message"]


def test_an_unknown_page_is_an_html_404(client: TestClient) -> None:
    response = client.get("/halaman-yang-tidak-ada")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Halaman tidak ditemukan" in response.text


def test_docs_load_nothing_from_elsewhere(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets, page
        assert all(url.startswith("/") for url in assets), (page, assets)
        for url in assets:
            asset = client.get(url)
            assert asset.status_code == 200, url
            assert len(asset.content) > 1000, url


def test_openapi_documents_the_error_envelope(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    search = spec["paths"]["/api/search"]["get"]["responses"]
    for status in ("400", "401", "422", "429"):
        ref = search[status]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/ErrorOut"), (status, ref)
    envelope = spec["components"]["schemas"]["ErrorOut"]
    assert list(envelope["properties"]) == ["detail"]
    # What the app really sends has that shape.
    body = client.get("/api/search", params={"page": "0"}).json()
    assert set(body) == {"detail"}
    assert set(body["detail"]) <= set(spec["components"]["schemas"]["ErrorDetailOut"]["properties"])
