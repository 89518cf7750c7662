"""Filters the SQLite store checks inside the full-text walk: agencies as tokens of the hidden
``keys`` column (``sqlite_rows.agency_token``) and tones read from the key (``tones_sql``).
Every answer is compared with the corpus itself, so a filter that drops or adds an article fails."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pantau.models import AgencyRef, Article, Sentiment
from search_api.query import parse
from search_api.store.base import SearchRequest
from search_api.store.sqlite import SQLiteStore
from search_api.store.sqlite_rows import agency_token
from tests.store.test_sqlite_scale import corpus

WIB = timezone(timedelta(hours=7))
Predicate = Callable[[Article], bool]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path_factory.mktemp("keys") / "k.db") as opened:
        opened.upsert(corpus())
        yield opened


def words(article: Article) -> set[str]:
    return set(article.text.lower().replace(".", " ").split()) | set(article.title.lower().split())


def agencies(article: Article) -> set[str]:
    return {agency.id for agency in article.agencies}


def tone(article: Article) -> str | None:
    return article.sentiment.label if article.sentiment else None


def found(store: SQLiteStore, request: SearchRequest) -> set[str]:
    result = store.search(dataclasses.replace(request, size=100))
    assert result.total_is_exact
    ids = {hit.article.id for hit in result.hits}
    assert result.total == len(ids)
    return ids


CASES: list[tuple[str, dict[str, object], Predicate]] = [
    (
        "kota agency:kota-bekasi/*",
        {},
        lambda a: "kota" in words(a) and any(g.startswith("kota-bekasi/") for g in agencies(a)),
    ),
    (
        "agency:kota-bekasi/pemkot (banjir OR pasar)",
        {},
        lambda a: "kota-bekasi/pemkot" in agencies(a) and bool({"banjir", "pasar"} & words(a)),
    ),
    (
        "warga -agency:kab-garut/bpbd",
        {},
        lambda a: "warga" in words(a) and "kab-garut/bpbd" not in agencies(a),
    ),
    ("agency:prov-jabar/dprd", {}, lambda a: "prov-jabar/dprd" in agencies(a)),
    ("agency:kab*", {}, lambda a: any(g.startswith("kab") for g in agencies(a))),
    (
        "kota",
        {"agencies": ["kab-garut/bpbd", "prov-jabar/dprd"]},
        lambda a: "kota" in words(a) and bool({"kab-garut/bpbd", "prov-jabar/dprd"} & agencies(a)),
    ),
    (
        "kota",
        {"sentiments": ["negative", "neutral"]},
        lambda a: "kota" in words(a) and tone(a) in ("negative", "neutral"),
    ),
    # No text: the agency filter alone is the full-text expression (its ``keys`` tokens).
    ("", {"agencies": ["kab-garut/bpbd"]}, lambda a: "kab-garut/bpbd" in agencies(a)),
    (
        "",
        {"agencies": ["kab-garut/bpbd", "prov-jabar/dprd"], "sentiments": ["negative"]},
        lambda a: (
            bool({"kab-garut/bpbd", "prov-jabar/dprd"} & agencies(a)) and tone(a) == "negative"
        ),
    ),
    (
        "outlet:b.id",
        {"agencies": ["kota-bekasi/pemkot"]},
        lambda a: "kota-bekasi/pemkot" in agencies(a) and a.outlet == "b.id",
    ),
    ("jalan -sentiment:negative", {}, lambda a: "jalan" in words(a) and tone(a) != "negative"),
    ("jalan sentiment:positive", {}, lambda a: "jalan" in words(a) and tone(a) == "positive"),
]


@pytest.mark.parametrize(
    ("text", "options", "expected"), CASES, ids=[f"{c[0]} {sorted(c[1])}" for c in CASES]
)
def test_index_filters_match_the_corpus(
    store: SQLiteStore, text: str, options: dict[str, object], expected: Predicate
) -> None:
    want = {a.id for a in corpus() if expected(a)}
    query = parse(text) if text else None
    assert found(store, SearchRequest(query=query, **options)) == want  # type: ignore[arg-type]


def test_the_corpus_exercises_every_case() -> None:
    # A case whose answer is empty (or everything) would pass whatever the filter did.
    for text, _, expected in CASES:
        hits = sum(expected(a) for a in corpus())
        assert 0 < hits < len(corpus()), text


def test_a_word_prefix_never_matches_agency_tokens(store: SQLiteStore) -> None:
    # Every article with an agency has a "0ag…" token in `keys`; no text word starts so.
    assert any(a.agencies for a in corpus())
    for prefix in ("0a*", "0ag*", "0agkota*"):
        assert found(store, SearchRequest(query=parse(prefix))) == set()
    # A prefix of both a word ("0", article 0's number) and the mark finds the word only.
    assert found(store, SearchRequest(query=parse("0*"))) == {"x000"}


def test_unusual_agency_ids_are_one_token_each(tmp_path: Path) -> None:
    ids = ["kab-x/dinas_ü", "kab-x/dinas-u", "kab-x/dinasz", "kab-x.y/z"]
    tokens = [agency_token(agency) for agency in ids]
    assert len(set(tokens)) == len(ids)
    assert all(token.isalnum() for token in tokens)
    assert all(token.startswith(agency_token("kab-x")) for token in tokens)
    when = datetime(2025, 3, 1, 8, tzinfo=WIB)
    articles = [
        Article(
            id=f"u{i}",
            url=f"https://u.id/{i}",
            canonical_url=f"https://u.id/{i}",
            outlet="u.id",
            title="Rapat",
            text="rapat dinas",
            published_at=when + timedelta(hours=i),
            agencies=[AgencyRef(id=agency, name=agency)],
            sentiment=Sentiment(label="neutral", score=0.5),
        )
        for i, agency in enumerate(ids)
    ]
    with SQLiteStore(tmp_path / "u.db") as opened:
        opened.upsert(articles)
        for i, agency in enumerate(ids):
            assert found(opened, SearchRequest(query=parse(f"rapat agency:{agency}"))) == {f"u{i}"}
        prefix = SearchRequest(query=parse("rapat agency:kab-x/dinas*"))
        assert found(opened, prefix) == {"u0", "u1", "u2"}


GRAM_TEXTS = {
    "g0": ("Rapat kerja wali kota", "Wali kota membuka rapat."),
    "g1": ("Kota dan wali", "Kota itu punya wali baru, bukan wali kota."),
    "g2": ("Banjir", "Warga kota menunggu wali, kota tenang."),
    "g3": ("Pasar", "WALI-KOTA meninjau pasar."),
    "g4": ("Kerja bakti", "Rapat warga: kerja bakti di kota."),
    "g5": ("Rapat kerja", "Dinas menggelar rapat."),
}


@pytest.fixture(scope="module")
def gram_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    when = datetime(2025, 5, 1, 8, tzinfo=WIB)
    articles = [
        Article(
            id=key,
            url=f"https://g.id/{key}",
            canonical_url=f"https://g.id/{key}",
            outlet="g.id",
            title=title,
            text=text,
            published_at=when + timedelta(hours=i),
        )
        for i, (key, (title, text)) in enumerate(GRAM_TEXTS.items())
    ]
    with SQLiteStore(tmp_path_factory.mktemp("grams") / "g.db") as opened:
        opened.upsert(articles)
        yield opened


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # A pair of common words is one token of `grams`: adjacency, case and punctuation as the
        # tokenizer sees them (a comma is no break for a phrase either), in the title or body.
        ('"wali kota"', {"g0", "g1", "g2", "g3"}),
        ("wali-kota", {"g0", "g1", "g2", "g3"}),
        ('"kota wali"', set()),
        ('"rapat kerja"', {"g0", "g5"}),
        ('"kerja bakti"', {"g4"}),  # "bakti" is not a common word: the phrase itself
        ("title:rapat", {"g0", "g5"}),
        ("title:kerja", {"g0", "g4", "g5"}),
        ('title:"rapat kerja"', {"g0", "g5"}),
        ("title:ker*", {"g0", "g4", "g5"}),
        ("title:wali -title:rapat", {"g1"}),
    ],
)
def test_grams_and_titles_answer_like_the_text(
    gram_store: SQLiteStore, text: str, want: set[str]
) -> None:
    assert found(gram_store, SearchRequest(query=parse(text))) == want


def test_a_pair_phrase_is_ranked_and_highlighted(gram_store: SQLiteStore) -> None:
    result = gram_store.search(SearchRequest(query=parse('"wali kota"'), size=10))
    assert all(hit.score is not None and hit.score > 0 for hit in result.hits)
    body_hits = [hit for hit in result.hits if hit.article.id in ("g0", "g1")]
    assert all("<mark>" in hit.snippet for hit in body_hits)
