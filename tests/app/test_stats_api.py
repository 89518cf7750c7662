"""``/api/stats/timeline`` and ``/api/stats/facets`` over a real temp-file SQLite store.

(The same numbers on Elasticsearch: the store contract, tests/store/test_contract_stats.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from auth_helpers import grant
from fastapi.testclient import TestClient

from pantau.models import AgencyRef, Article, Sentiment, SentimentLabel, article_id
from pantau.settings import Settings
from search_api.app import create_app
from search_api.store import open_store

WIB = timezone(timedelta(hours=7))


def _article(
    n: int,
    outlet: str,
    title: str,
    when: datetime | None,
    label: SentimentLabel | None,
    agencies: list[tuple[str, SentimentLabel | None]],
) -> Article:
    url = f"https://{outlet}/berita/{n}"
    return Article(
        id=article_id(outlet, url),
        url=url,
        canonical_url=url,
        outlet=outlet,
        title=title,
        text=f"{title}. Berita nomor {n}.",
        published_at=when,
        agencies=[AgencyRef(id=a, name=a, sentiment=tone) for a, tone in agencies],
        sentiment=Sentiment(label=label, score=0.7) if label else None,
    )


PEMKOT, BPBD, DPRD, PEMKAB = (
    "kota-bekasi/pemkot",
    "kota-bekasi/bpbd",
    "kota-bekasi/dprd",
    "kab-sumedang/pemkab",
)
ARTICLES = [
    _article(1, "kabarmasa.com", "Banjir di Bekasi Timur", datetime(2026, 11, 2, 8, 0, tzinfo=WIB),
             "negative", [(PEMKOT, "negative"), (BPBD, "neutral")]),
    _article(2, "wartabekasi.com", "Pemkot raih WTP", datetime(2026, 11, 2, 23, 30, tzinfo=WIB),
             "positive", [(PEMKOT, "positive")]),
    # 00:30 WIB on 3 November is still 2 November in UTC: the bucket is the Jakarta day.
    _article(3, "kabarmasa.com", "Rapat paripurna DPRD", datetime(2026, 11, 3, 0, 30, tzinfo=WIB),
             "neutral", [(DPRD, None)]),
    _article(4, "wartabekasi.com", "Banjir lagi, warga kecewa",
             datetime(2026, 11, 10, 12, 0, tzinfo=WIB), "negative", [(PEMKOT, "negative")]),
    _article(5, "sumedangpost.com", "Pasar murah Sumedang", datetime(2026, 12, 1, 9, 0, tzinfo=WIB),
             None, [(PEMKAB, "positive")]),
    _article(6, "kabarmasa.com", "Profil kota tanpa tanggal", None, "positive", []),
]  # fmt: skip


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(home=tmp_path, store=f"sqlite:///{tmp_path / 'stats.db'}")
    store = open_store(settings.store_url)
    try:
        assert store.upsert(ARTICLES).failed == 0
    finally:
        store.close()
    with TestClient(create_app(settings)) as test_client:
        yield grant(test_client, settings.home)


def tones(**counts: int) -> dict[str, int]:
    full = {"positive": 0, "neutral": 0, "negative": 0, "none": 0, **counts}
    return {**full, "total": sum(full.values())}


def get(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_daily_timeline_fills_the_range(client: TestClient) -> None:
    body = get(client, "/api/stats/timeline", **{"from": "2026-11-01", "to": "2026-11-10"})
    assert (body["from"], body["to"], body["interval"]) == ("2026-11-01", "2026-11-10", "day")
    days = {b["start"]: b["tones"] for b in body["buckets"]}
    assert len(days) == 10
    assert next(iter(days)) == "2026-11-01"
    assert all(b["start"] == b["end"] for b in body["buckets"])
    assert days["2026-11-01"] == tones()
    assert days["2026-11-02"] == tones(negative=1, positive=1)
    assert days["2026-11-03"] == tones(neutral=1)
    assert days["2026-11-10"] == tones(negative=1)
    assert body["totals"] == tones(negative=2, positive=1, neutral=1)
    assert body["undated"] == 0  # a date range leaves undated articles out


def test_weekly_and_monthly_buckets(client: TestClient) -> None:
    weeks = get(client, "/api/stats/timeline", interval="week")
    assert [(b["start"], b["end"], b["tones"]["total"]) for b in weeks["buckets"]] == [
        ("2026-11-02", "2026-11-08", 3),
        ("2026-11-09", "2026-11-15", 1),
        ("2026-11-16", "2026-11-22", 0),
        ("2026-11-23", "2026-11-29", 0),
        ("2026-11-30", "2026-12-06", 1),
    ]
    assert weeks["undated"] == 1
    months = get(client, "/api/stats/timeline", interval="month")
    assert [(b["start"], b["end"], b["tones"]) for b in months["buckets"]] == [
        ("2026-11-01", "2026-11-30", tones(negative=2, positive=1, neutral=1)),
        ("2026-12-01", "2026-12-31", tones(none=1)),
    ]


def test_auto_interval(client: TestClient) -> None:
    # Open range: the matches span 2 Nov to 1 Dec, a month: days.
    assert get(client, "/api/stats/timeline")["interval"] == "day"
    assert len(get(client, "/api/stats/timeline")["buckets"]) == 30
    year = get(client, "/api/stats/timeline", **{"from": "2026-01-01", "to": "2026-12-31"})
    assert year["interval"] == "week"
    assert year["buckets"][0]["start"] == "2025-12-29"  # the Monday of the week of 1 January
    longer = get(client, "/api/stats/timeline", **{"from": "2025-01-01", "to": "2026-12-31"})
    assert longer["interval"] == "month"
    assert len(longer["buckets"]) == 24
    assert longer["totals"]["total"] == 5


def test_timeline_follows_query_and_filters(client: TestClient) -> None:
    body = get(client, "/api/stats/timeline", q="banjir", interval="month")
    assert body["totals"] == tones(negative=2)
    body = get(client, "/api/stats/timeline", outlet="wartabekasi.com", sentiment="negative")
    assert body["totals"] == tones(negative=1)
    body = get(client, "/api/stats/timeline", agency=[DPRD, PEMKAB], interval="week")
    assert body["totals"] == tones(neutral=1, none=1)


def test_facets_share_of_voice_and_agency_tones(client: TestClient) -> None:
    body = get(client, "/api/stats/facets")
    assert body["total"] == 6
    assert body["sentiment"] == tones(positive=2, negative=2, neutral=1, none=1)
    assert body["outlets"] == [
        {"value": "kabarmasa.com", "count": 3, "share": 0.5},
        {"value": "wartabekasi.com", "count": 2, "share": pytest.approx(2 / 6)},
        {"value": "sumedangpost.com", "count": 1, "share": pytest.approx(1 / 6)},
    ]
    agencies = {a["value"]: a for a in body["agencies"]}
    assert next(a["value"] for a in body["agencies"]) == PEMKOT
    # The tone towards Pemkot, not the articles' tones.
    assert agencies[PEMKOT]["tones"] == tones(negative=2, positive=1)
    assert (agencies[PEMKOT]["count"], agencies[PEMKOT]["share"]) == (3, 0.5)
    assert agencies[DPRD]["tones"] == tones(none=1)
    assert agencies[PEMKAB]["tones"] == tones(positive=1)  # an article without a tone of its own


def test_facets_follow_filters_and_size(client: TestClient) -> None:
    body = get(client, "/api/stats/facets", q="banjir OR wtp", size=1, to="2026-11-05")
    assert body["total"] == 2
    assert body["to"] == "2026-11-05"
    assert body["sentiment"] == tones(negative=1, positive=1)
    assert [(o["value"], o["count"]) for o in body["outlets"]] == [("kabarmasa.com", 1)]
    assert body["agencies"] == [
        {"value": PEMKOT, "count": 2, "share": 1.0, "tones": tones(negative=1, positive=1)}
    ]
    empty = get(client, "/api/stats/facets", q="tidakadasamasekali")
    assert (empty["total"], empty["outlets"], empty["agencies"]) == (0, [], [])
    assert empty["sentiment"] == tones()


def test_agency_tone_filter_on_search_and_stats(client: TestClient) -> None:
    """The same `agency_tone` filter on /api/search and /api/stats/*: the tone towards an agency."""
    negative = get(client, "/api/search", agency_tone=f"{PEMKOT}:negative", sort="oldest")
    assert [h["title"] for h in negative["hits"]] == [
        "Banjir di Bekasi Timur",
        "Banjir lagi, warga kecewa",
    ]
    either = get(client, "/api/search", agency_tone=[f"{PEMKOT}:positive", f"{DPRD}:none"])
    assert either["total"] == 2  # values of one filter are ORed
    timeline = get(client, "/api/stats/timeline", agency_tone=f"{PEMKOT}:negative")
    assert timeline["totals"] == tones(negative=2)
    facets = get(client, "/api/stats/facets", agency_tone=f"{BPBD}:neutral")
    assert facets["total"] == 1
    for bad in ("kota-bekasi/pemkot", "kota-bekasi/pemkot:angry", ":negative"):
        response = client.get("/api/search", params={"agency_tone": bad})
        assert response.status_code == 400
        assert "agency_tone" in response.json()["detail"]["message"]


@pytest.mark.parametrize("path", ["/api/stats/timeline", "/api/stats/facets"])
def test_bad_query_is_400_with_position(client: TestClient, path: str) -> None:
    response = client.get(path, params={"q": 'banjir AND "bekasi'})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail["position"] == 11
    assert detail["query"] == 'banjir AND "bekasi'


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-11-10", "to": "2026-11-01"},
        {"interval": "hour"},
        {"sentiment": "angry"},
        {"from": "kemarin"},
    ],
)
def test_bad_parameters_are_400_or_422(client: TestClient, params: dict[str, str]) -> None:
    assert client.get("/api/stats/timeline", params=params).status_code in (400, 422)


def test_facets_size_is_bounded(client: TestClient) -> None:
    assert client.get("/api/stats/facets", params={"size": 0}).status_code == 422
    assert client.get("/api/stats/facets", params={"size": 101}).status_code == 422


def test_openapi_documents_the_stats_routes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    timeline = spec["paths"]["/api/stats/timeline"]["get"]
    facets = spec["paths"]["/api/stats/facets"]["get"]
    assert timeline["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/TimelineOut"
    )
    assert "400" in timeline["responses"]
    assert "400" in facets["responses"]
    assert {"TimelineOut", "FacetsOut", "TonesOut", "AgencyShareOut"} <= set(
        spec["components"]["schemas"]
    )
    assert "from" in spec["components"]["schemas"]["TimelineOut"]["properties"]
