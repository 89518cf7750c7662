"""The SQLite store's bounded work (sqlite_search.py), rollups (sqlite_rollups.py) and keys
(sqlite_keys.py): small limits make a few dozen articles cross the thresholds a million would."""

from __future__ import annotations

import dataclasses
import random
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pantau.models import AgencyRef, Article, Sentiment, SentimentLabel
from search_api.query import parse
from search_api.store.base import SearchRequest, SearchResult
from search_api.store.sqlite import SQLiteStore
from search_api.store.sqlite_rollups import REBUILD
from search_api.store.sqlite_search import Limits

WIB = timezone(timedelta(hours=7))
OUTLETS = ["a.id", "b.id", "c.id"]
AGENCIES = ["kota-bekasi/pemkot", "kota-bekasi/dinkes", "kab-garut/bpbd", "prov-jabar/dprd"]
TONES: list[SentimentLabel | None] = ["positive", "neutral", "negative", None]
WORDS = ["banjir", "jalan", "pasar", "sekolah", "warga", "kota"]


def corpus(n: int = 60, seed: int = 3) -> list[Article]:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 6, tzinfo=WIB)
    hours = rng.sample(range(24 * 40), n)  # distinct times: no ties to break
    articles = []
    for i in range(n):
        words = rng.sample(WORDS, 3)
        agencies = sorted(set(rng.sample(AGENCIES, rng.randint(0, 2))))
        tone = rng.choice(TONES)
        when = None if i % 13 == 5 else start + timedelta(hours=hours[i])
        articles.append(
            Article(
                id=f"x{i:03d}",
                url=f"https://{OUTLETS[i % 3]}/{i}",
                canonical_url=f"https://{OUTLETS[i % 3]}/{i}",
                outlet=OUTLETS[i % 3],
                title=f"{words[0].title()} hari ini",
                text=" ".join(words) + f" nomor {i}.",
                published_at=when,
                agencies=[AgencyRef(id=a, name=a, sentiment=rng.choice(TONES)) for a in agencies],
                sentiment=Sentiment(label=tone, score=0.5) if tone else None,
                cluster_id=f"x{i:03d}",  # a story of its own, as the store records one without
            )
        )
    return articles


@pytest.fixture
def small(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "s.db", Limits(cap=10, facet_sample=4)) as store:
        store.upsert(corpus())
        yield store


def newest(articles: list[Article]) -> list[Article]:
    """Newest first, undated last in the order they were stored (the corpus has no ties)."""
    dated = sorted((a for a in articles if a.published_at), key=lambda a: a.published_at)  # type: ignore[arg-type, return-value]
    return [*reversed(dated), *(a for a in articles if a.published_at is None)]


def matching(word: str) -> list[Article]:
    return [a for a in corpus() if word in a.text.split() or word in a.title.lower().split()]


def test_totals_are_exact_up_to_the_cap(small: SQLiteStore) -> None:
    few = small.search(SearchRequest(query=parse("nomor 7")))
    assert (few.total, few.total_is_exact, few.facets_sample) == (1, True, None)
    many = small.search(SearchRequest(query=parse("kota")))
    assert len(matching("kota")) > 10
    assert (many.total, many.total_is_exact) == (10, False)


def test_sampled_facets_count_the_newest_matches(small: SQLiteStore) -> None:
    result = small.search(SearchRequest(query=parse("kota"), sort="newest"))
    sample = newest(matching("kota"))[:4]
    assert result.facets_sample == 4
    assert facet(result, "outlet") == dict(Counter(a.outlet for a in sample))
    labels = Counter(a.sentiment.label for a in sample if a.sentiment)
    assert facet(result, "sentiment") == dict(labels)
    assert sum(facet(result, "day").values()) == sum(1 for a in sample if a.published_at)


def facet(result: SearchResult, name: str) -> dict[str, int]:
    return {f.value: f.count for f in result.facets[name]}


def test_newest_pages_stay_exact_past_the_cap(small: SQLiteStore) -> None:
    expected = [a.id for a in newest(matching("kota"))[:10]]
    pages = [
        small.search(SearchRequest(query=parse("kota"), sort="newest", size=3, page=page))
        for page in (1, 2, 3)
    ]
    assert [h.article.id for p in pages for h in p.hits] == expected[:9]


def test_oldest_first_walks_dated_then_undated(small: SQLiteStore) -> None:
    everything = newest(corpus())
    dated = [a.id for a in reversed([a for a in everything if a.published_at])]
    undated = [a.id for a in everything if a.published_at is None]
    ids = []
    for page in range(1, 8):
        result = small.search(SearchRequest(sort="oldest", size=10, page=page, facets=False))
        ids += [h.article.id for h in result.hits]
    assert ids == dated + undated


def test_relevance_ranks_the_kept_matches(small: SQLiteStore) -> None:
    result = small.search(SearchRequest(query=parse("kota"), size=10))
    kept = {a.id for a in newest(matching("kota"))[:11]}
    assert {h.article.id for h in result.hits} <= kept
    scores = [h.score for h in result.hits]
    assert all(s is not None for s in scores)
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]


def _general(request: SearchRequest) -> SearchRequest:
    """The same search, with a date bound one second off midnight: not answerable by rollups."""
    start = request.date_from or datetime(2024, 1, 1, tzinfo=WIB)
    return dataclasses.replace(request, date_from=start + timedelta(seconds=1))


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"outlets": ["a.id", "c.id"]},
        {"sentiments": ["negative"]},
        {"agencies": ["kota-bekasi/pemkot"]},
        {"agencies": ["kab-garut/bpbd"], "sentiments": ["positive", "neutral"]},
        {"date_to": datetime(2025, 1, 20, tzinfo=WIB)},
    ],
)
def test_rollups_answer_like_the_rows(tmp_path: Path, options: dict[str, object]) -> None:
    # No article is published in the first second of 2024-01-01 (WIB), so both ask the same.
    with SQLiteStore(tmp_path / "r.db") as store:  # default limits: every count exact
        store.upsert(corpus())
        base = SearchRequest(date_from=datetime(2024, 1, 1, tzinfo=WIB), **options)  # type: ignore[arg-type]
        for request in (base, _general(base)):
            assert request.date_from is not None
        fast, slow = store.search(base), store.search(_general(base))
        assert (fast.total, fast.facets) == (slow.total, slow.facets)
        assert fast.total > 0
        for interval in ("day", "week", "month"):
            assert store.timeline(base, interval) == store.timeline(_general(base), interval)  # type: ignore[arg-type]
        assert store.agency_tones(base, 3) == store.agency_tones(_general(base), 3)


def _rollup_rows(conn: sqlite3.Connection) -> list[list[tuple[object, ...]]]:
    return [
        conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3, 4").fetchall()
        for table in ("rollup_articles", "rollup_agencies", "rollup_agency_days")
    ]


def test_rollups_follow_updates(tmp_path: Path) -> None:
    rng = random.Random(9)
    with SQLiteStore(tmp_path / "u.db") as store:
        store.upsert(corpus())
        changed = []
        for article in rng.sample(corpus(), 25):
            tone = rng.choice(TONES)
            changed.append(
                dataclasses.replace(
                    article,
                    outlet=rng.choice(OUTLETS),
                    published_at=rng.choice([None, datetime(2025, 3, 1, 9, tzinfo=WIB)]),
                    sentiment=Sentiment(label=tone, score=0.1) if tone else None,
                    agencies=[AgencyRef(id=AGENCIES[0], name="x", sentiment="negative")],
                )
            )
        report = store.upsert(changed)
        assert report.updated == 25
        with store._connection() as conn:
            kept = _rollup_rows(conn)
            conn.execute("BEGIN")
            for statement in REBUILD:
                conn.execute(statement)
            rebuilt = _rollup_rows(conn)
            conn.execute("ROLLBACK")
            conn.execute(
                "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"
            )
        assert kept == rebuilt
        assert store.search(SearchRequest(query=parse("kota"))).total == len(matching("kota"))


def test_key_timeline_matches_the_rows(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "t.db") as store:
        store.upsert(corpus())
        by_keys = SearchRequest(query=parse("kota OR pasar"))
        by_rows = dataclasses.replace(by_keys, outlets=OUTLETS)  # the same matches, read by row
        for interval in ("day", "week", "month"):
            fast = store.timeline(by_keys, interval)  # type: ignore[arg-type]
            assert fast == store.timeline(by_rows, interval)  # type: ignore[arg-type]
        assert fast.undated > 0


def test_documents_are_stored_once_and_compressed(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "d.db") as store:
        store.upsert(corpus())
        with store._connection() as conn:
            columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
            doc = conn.execute("SELECT doc FROM articles LIMIT 1").fetchone()[0]
        assert not {"title", "body", "text"} & columns
        assert isinstance(doc, bytes)
        assert store.get("x001") == corpus()[1]


def test_article_moves_when_its_date_changes(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "m.db") as store:
        store.upsert(corpus())
        first = newest(corpus())[-1]  # undated
        moved = dataclasses.replace(first, published_at=datetime(2030, 1, 1, tzinfo=WIB))
        store.upsert([moved])
        top = store.search(SearchRequest(query=parse("nomor"), sort="newest", size=1))
        assert top.hits[0].article.id == first.id
        assert store.search(SearchRequest(query=parse(first.text.split()[0]))).total > 0


@pytest.mark.parametrize("agency", AGENCIES)
def test_one_agency_alone_answers_like_the_query(tmp_path: Path, agency: str) -> None:
    # The filter takes the rollups and the agency's entries; agency:ID in the query reads rows.
    with SQLiteStore(tmp_path / "a.db") as store:
        store.upsert(corpus())
        fast = SearchRequest(agencies=[agency])
        slow = SearchRequest(query=parse(f"agency:{agency}"))
        assert store.search(fast).facets == store.search(slow).facets
        assert store.search(fast).total == store.search(slow).total > 0
        assert store.agency_tones(fast, 10) == store.agency_tones(slow, 10)
        assert store.timeline(fast, "week") == store.timeline(slow, "week")
