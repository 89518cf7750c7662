"""The Store contract for the overview: the tone timeline and per-agency tones, on both stores.

The same expected numbers on SQLite and Elasticsearch, from ``sample_articles()`` (article tones)
and, for the tone towards each agency, a copy of them with agency tones set here.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest
from store_samples import WIB, sample_articles

from pantau.models import AgencyRef, Article
from search_api.query import parse
from search_api.store.base import (
    AgencyTone,
    Interval,
    SearchRequest,
    Store,
    Timeline,
    Tone,
    ToneCounts,
)


def timeline(store: Store, interval: Interval, q: str | None = None, **options: object) -> Timeline:
    request = SearchRequest(query=parse(q) if q else None, **options)  # type: ignore[arg-type]
    return store.timeline(request, interval)


def as_dict(result: Timeline) -> dict[str, dict[str, int]]:
    return {
        bucket.start.isoformat(): {
            tone: bucket.counts.get(tone)
            for tone in ("positive", "neutral", "negative", "none")
            if bucket.counts.get(tone)
        }
        for bucket in result.buckets
    }


def test_daily_timeline_by_article_tone(loaded: Store) -> None:
    result = timeline(loaded, "day")
    assert result.interval == "day"
    assert as_dict(result) == {
        "2025-02-27": {"none": 1},
        "2025-02-28": {"positive": 1},
        "2025-03-01": {"negative": 1},
        "2025-03-02": {"negative": 1},
        # a3 at 01:00 WIB is still 2 March in UTC: buckets are Jakarta days.
        "2025-03-03": {"positive": 1, "neutral": 1},
        "2025-03-04": {"positive": 1},
        "2025-03-05": {"negative": 1},
        "2025-03-06": {"neutral": 1},
    }
    assert result.undated == 1  # a7


def test_weekly_and_monthly_timelines(loaded: Store) -> None:
    # ISO weeks from Monday in Jakarta: a3 (Monday 01:00 WIB, Sunday in UTC) is in the 3 March week.
    assert as_dict(timeline(loaded, "week")) == {
        "2025-02-24": {"none": 1, "positive": 1, "negative": 2},
        "2025-03-03": {"positive": 2, "neutral": 2, "negative": 1},
    }
    assert as_dict(timeline(loaded, "month")) == {
        "2025-02-01": {"none": 1, "positive": 1},
        "2025-03-01": {"positive": 2, "neutral": 2, "negative": 3},
    }


@pytest.mark.parametrize(
    ("q", "options"),
    [
        ("banjir", {}),
        ("banjir OR warga", {"sentiments": ["negative"]}),
        (None, {"outlets": ["warta.id", "KabarMasa.com"]}),
        (None, {"agencies": ["kota-bekasi/pemkot"]}),
        ("warga OR banjir -sentiment:neutral", {}),
        (
            None,
            {
                "date_from": datetime(2025, 3, 1, tzinfo=WIB),
                "date_to": datetime(2025, 3, 4, tzinfo=WIB),
            },
        ),
    ],
)
def test_timeline_counts_what_search_matches(
    loaded: Store, q: str | None, options: dict[str, object]
) -> None:
    request = SearchRequest(query=parse(q) if q else None, size=100, **options)  # type: ignore[arg-type]
    hits = loaded.search(request).hits
    result = loaded.timeline(request, "day")
    expected: dict[date, ToneCounts] = {}
    undated = 0
    for hit in hits:
        article = hit.article
        if article.published_at is None:
            undated += 1
            continue
        day = article.published_at.astimezone(WIB).date()
        tone = article.sentiment.label if article.sentiment else "none"
        expected.setdefault(day, ToneCounts()).add(tone, 1)
    assert {b.start: b.counts for b in result.buckets} == expected
    assert [b.start for b in result.buckets] == sorted(expected)
    assert result.undated == undated


def test_timeline_of_nothing(loaded: Store) -> None:
    result = timeline(loaded, "week", "tidakadakatainidimanapun")
    assert (result.buckets, result.undated) == ([], 0)


# --- the tone towards each agency -----------------------------------------------------------

AGENCY_TONES: dict[str, list[tuple[str, Tone | None]]] = {
    "a1": [("kota-bekasi/bpbd", "neutral"), ("kota-bekasi/pemkot", "negative")],
    "a3": [("kota-bekasi/pemkot", "positive")],
    # The same agency twice (in another case): the first entry's tone counts, in both stores.
    "a4": [("kota-bekasi/diskominfo", "positive"), ("KOTA-BEKASI/Diskominfo", "negative")],
    "a8": [("prov-jabar/bpbd", None), ("prov-jabar/pemprov", "positive")],
    "a9": [("prov-jabar/pemprov", "negative")],
}


def toned_articles() -> list[Article]:
    articles = []
    for article in sample_articles():
        if article.id in AGENCY_TONES:
            agencies = [
                AgencyRef(id=agency, name=agency.split("/")[-1], sentiment=tone)
                for agency, tone in AGENCY_TONES[article.id]
            ]
            article = dataclasses.replace(article, agencies=agencies)
        articles.append(article)
    return articles


@pytest.fixture
def toned(store: Store) -> Store:
    report = store.upsert(toned_articles())
    assert report.failed == 0, report.errors
    return store


def tones(**counts: int) -> ToneCounts:
    return ToneCounts(**counts)


def test_top_agencies_with_the_tone_towards_each(toned: Store) -> None:
    result = toned.agency_tones(SearchRequest(), 3)
    # Count desc, then id: the agency facet's order.
    assert result == [
        AgencyTone(agency="kota-bekasi/pemkot", articles=2, tones=tones(positive=1, negative=1)),
        AgencyTone(agency="prov-jabar/pemprov", articles=2, tones=tones(positive=1, negative=1)),
        AgencyTone(agency="kab-garut/bpbd", articles=1, tones=tones(none=1)),
    ]
    facet = toned.search(SearchRequest(facet_size=3)).facets["agency"]
    assert [(f.value, f.count) for f in facet] == [(a.agency, a.articles) for a in result]


def test_agency_tones_follow_query_and_filters(toned: Store) -> None:
    # The agency's tone, not the article's: a1 is a negative article, neutral towards BPBD.
    result = toned.agency_tones(SearchRequest(query=parse("banjir"), sentiments=["negative"]), 10)
    assert {a.agency: a.tones for a in result} == {
        "kab-garut/bpbd": tones(none=1),
        "kota-bekasi/bpbd": tones(neutral=1),
        "kota-bekasi/pemkot": tones(negative=1),
    }
    everything = toned.agency_tones(SearchRequest(), 100)
    assert {a.agency: a.tones for a in everything}["kota-bekasi/diskominfo"] == tones(positive=1)
    assert sum(a.articles for a in everything) == sum(a.tones.total for a in everything) == 10
    assert toned.agency_tones(SearchRequest(query=parse("tidakadakatainidimanapun")), 5) == []


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([("kota-bekasi/pemkot", "negative")], {"a1"}),
        ([("Kota-Bekasi/Pemkot", "positive"), ("prov-jabar/pemprov", "negative")], {"a3", "a9"}),
        ([("prov-jabar/bpbd", "none")], {"a8"}),
        ([("kab-garut/bpbd", "none")], {"a5"}),
        ([("kota-bekasi/diskominfo", "negative")], set()),
        ([("kota-bekasi/diskominfo", "positive")], {"a4"}),
    ],
)
def test_agency_tone_filter(
    toned: Store, pairs: list[tuple[str, Tone]], expected: set[str]
) -> None:
    result = toned.search(SearchRequest(agency_tones=pairs, size=100))
    assert {hit.article.id for hit in result.hits} == expected
    assert result.total == len(expected)


def test_agency_tone_filter_matches_the_counts(toned: Store) -> None:
    request = SearchRequest(query=parse("banjir OR kota"))
    for row in toned.agency_tones(request, 10):
        for tone in ("positive", "neutral", "negative", "none"):
            narrowed = dataclasses.replace(request, agency_tones=[(row.agency, tone)])
            assert toned.search(narrowed).total == row.tones.get(tone), (row.agency, tone)
