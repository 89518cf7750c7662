"""The Store contract: what every implementation (SQLite and Elasticsearch) must do.

Runs against the parametrised ``store``/``loaded`` fixtures in conftest.py, on the ten articles of
``sample_articles()``; nothing here may depend on one implementation's internals.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from store_samples import WIB, sample_articles

from crawler.moved import stored_original
from pantau.models import article_id
from pantau.urls import canonicalize_url
from search_api.query import parse
from search_api.store.base import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    FacetCount,
    SearchRequest,
    SearchResult,
    SortOrder,
    Store,
)


def run(store: Store, q: str | None = None, **options: object) -> SearchResult:
    return store.search(SearchRequest(query=parse(q) if q else None, **options))  # type: ignore[arg-type]


def ids(store: Store, q: str | None = None, **options: object) -> set[str]:
    return {hit.article.id for hit in run(store, q, size=100, **options).hits}


def ordered(store: Store, q: str | None = None, **options: object) -> list[str]:
    return [hit.article.id for hit in run(store, q, size=100, **options).hits]


# --- writes and reads ------------------------------------------------------------------------


def test_upsert_counts_created_then_updated(store: Store) -> None:
    articles = sample_articles()
    first = store.upsert(articles)
    assert (first.created, first.updated, first.failed) == (10, 0, 0)
    second = store.upsert(articles[:3])
    assert (second.created, second.updated, second.failed) == (0, 3, 0)
    assert store.count() == 10


def test_get_round_trips_the_article(loaded: Store) -> None:
    for article in sample_articles():
        assert loaded.get(article.id) == article
    assert loaded.get("missing") is None


def test_update_replaces_text_and_agencies(loaded: Store) -> None:
    original = sample_articles()[0]
    changed = dataclasses.replace(
        original, title="Judul baru tentang kemacetan", text="Macet total."
    )
    changed.agencies = []
    assert loaded.upsert([changed]).updated == 1
    assert loaded.get(original.id) == changed
    assert "a1" not in ids(loaded, "rendam")
    assert "a1" in ids(loaded, "kemacetan")
    assert "a1" not in ids(loaded, "agency:kota-bekasi/bpbd")
    assert loaded.count() == 10


def test_existing(loaded: Store) -> None:
    assert loaded.existing(["a1", "a7", "nope", "a1"]) == {"a1", "a7"}
    assert loaded.existing([]) == set()
    assert loaded.existing(f"x{i}" for i in range(1200)) == set()


def test_maintenance_loses_nothing(loaded: Store) -> None:
    before = loaded.count()
    found = loaded.search(SearchRequest(query=parse("bekasi"))).total
    report = loaded.maintain()
    assert report["engine"] in ("sqlite", "elasticsearch")
    assert loaded.count() == before
    assert loaded.search(SearchRequest(query=parse("bekasi"))).total == found


def test_ping(store: Store) -> None:
    assert store.ping() is True


# --- the query language ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("banjir", {"a1", "a5", "a6", "a9"}),
        ("BANJIR", {"a1", "a5", "a6", "a9"}),
        ("banjir bekasi", {"a1"}),
        ("banjir AND garut", {"a5"}),
        ("banjir OR longsor", {"a1", "a2", "a5", "a6", "a9"}),
        ("banjir -bandang", {"a1", "a6", "a9"}),
        ("banjir NOT bandang", {"a1", "a6", "a9"}),
        ('banjir -"banjir bandang"', {"a1", "a6", "a9"}),
        ("banjir -(garut OR bekasi)", {"a6", "a9"}),
        ('"banjir bandang"', {"a5"}),
        ('"bandang banjir"', set()),
        ("(banjir OR longsor) bekasi", {"a1"}),
        ("banjir OR longsor bekasi", {"a1", "a5", "a6", "a9"}),
        ("bencan*", {"a7", "a8"}),
        ("sembak*", {"a4"}),
        ("and", set()),  # a plain word, not an operator
    ],
)
def test_boolean_logic(loaded: Store, query: str, expected: set[str]) -> None:
    assert ids(loaded, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("andre", {"a1", "a5"}),  # "André Wijaya" and "andre"
        ("André", {"a1", "a5"}),
        ("ANDRÉ", {"a1", "a5"}),
    ],
)
def test_case_and_accent_insensitive(loaded: Store, query: str, expected: set[str]) -> None:
    assert ids(loaded, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Jum'at", {"a4"}),
        ("Jum’at", {"a4"}),  # a typographic apostrophe matches the typed one
        ("warga-warga", {"a2"}),
        ('"warga warga"', {"a2"}),
        ("kota-kota", {"a8"}),
        ("alun-alun", {"a10"}),
    ],
)
def test_apostrophes_and_hyphens(loaded: Store, query: str, expected: set[str]) -> None:
    assert ids(loaded, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:banjir", {"a1", "a5"}),
        ("title:(banjir OR longsor)", {"a1", "a2", "a5"}),
        ('title:"banjir bandang"', {"a5"}),
        ("title:banj*", {"a1", "a5"}),
        ("author:andre", {"a1", "a5"}),
        ("author:siti", {"a3"}),
        ("location:bekasi", {"a1"}),
        ("location:sumedang", {"a2"}),
        ("outlet:warta.id", {"a3", "a4", "a7"}),
        ("outlet:koranbaru.co.id banjir", {"a5", "a6"}),
        ("outlet:jabar*", {"a9", "a10"}),
        ("agency:kota-bekasi/pemkot", {"a1", "a3"}),
        ("agency:kota-bekasi/*", {"a1", "a3", "a4", "a7"}),
        ("agency:prov-jabar/pemprov -agency:prov-jabar/bpbd", {"a9"}),
        ("agency:kota-bekasi/pemkot OR agency:kab-garut/bpbd", {"a1", "a3", "a5"}),
        ("sentiment:negative", {"a1", "a2", "a5"}),
        ("sentiment:positif", {"a3", "a4", "a9"}),
        ("festival -sentiment:negative", {"a10"}),  # no sentiment at all is "not negative"
        ("banjir -sentiment:negative", {"a6", "a9"}),
    ],
)
def test_fields(loaded: Store, query: str, expected: set[str]) -> None:
    assert ids(loaded, query) == expected


def test_agency_prefix_wildcards_are_literal(loaded: Store) -> None:
    # "_" and "%" are LIKE wildcards in SQL; in an agency prefix they are plain characters.
    assert ids(loaded, "agency:kota_*") == set()
    assert ids(loaded, "agency:%*") == set()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Each would be syntax to SQLite FTS5 or to SQL; to us it is text (or punctuation).
        ("NEAR(banjir longsor)", set()),
        ('"NEAR(banjir"', set()),
        ('"title:banjir"', set()),
        ('"body:banjir"', set()),
        ('"a"" OR b"', set()),
        ('"\'; DROP TABLE articles; --"', set()),
        ("x'; DROP TABLE articles", set()),
        ("{title}", set()),
        ("^banjir", {"a1", "a5", "a6", "a9"}),
        ("title:banjir:*", {"a1", "a5"}),
        ("outlet:'x'--", set()),
        ("agency:%", set()),
    ],
)
def test_search_syntax_cannot_be_injected(loaded: Store, query: str, expected: set[str]) -> None:
    assert ids(loaded, query) == expected
    assert loaded.count() == 10


def test_near_is_just_a_word(loaded: Store) -> None:
    assert ids(loaded, "NEAR(banjir)") == set()  # no article contains the word "near"


# --- filters, sort, paging -------------------------------------------------------------------


def test_date_filters_from_inclusive_to_exclusive(loaded: Store) -> None:
    start = datetime(2025, 3, 2, 9, 0, tzinfo=WIB)  # exactly a2's time
    end = datetime(2025, 3, 4, 10, 0, tzinfo=WIB)  # exactly a4's time
    assert ids(loaded, date_from=start, date_to=end) == {"a2", "a3", "a8"}
    assert ids(loaded, "banjir", date_from=datetime(2025, 3, 1, tzinfo=WIB)) == {"a1", "a5", "a6"}


def test_list_filters(loaded: Store) -> None:
    assert ids(loaded, outlets=["warta.id", "jabarnews.id"]) == {"a3", "a4", "a7", "a9", "a10"}
    assert ids(loaded, agencies=["kota-bekasi/pemkot", "kab-garut/bpbd"]) == {"a1", "a3", "a5"}
    assert ids(loaded, sentiments=["neutral"]) == {"a6", "a7", "a8"}
    assert ids(loaded, "banjir", outlets=["kabarmasa.com"], sentiments=["negative"]) == {"a1"}


def test_filters_combine_with_query(loaded: Store) -> None:
    assert ids(loaded, "banjir OR longsor", agencies=["kab-sumedang/bpbd"]) == {"a2"}


def test_sort_newest_and_oldest_put_undated_last(loaded: Store) -> None:
    newest = ["a6", "a5", "a4", "a8", "a3", "a2", "a1", "a9", "a10", "a7"]
    assert ordered(loaded, sort="newest") == newest
    assert ordered(loaded, sort="oldest") == [*reversed(newest[:-1]), "a7"]


def test_relevance_without_text_terms_is_newest(loaded: Store) -> None:
    assert ordered(loaded, "outlet:warta.id", sort="relevance") == ["a4", "a3", "a7"]
    assert ordered(loaded, sort="relevance") == ordered(loaded, sort="newest")


def test_relevance_ranks_title_matches_first(loaded: Store) -> None:
    result = run(loaded, "banjir", sort="relevance")
    top = [hit.article.id for hit in result.hits[:2]]
    assert set(top) == {"a1", "a5"}  # "banjir" in the title as well as the text
    scores = [hit.score for hit in result.hits]
    assert all(score is not None for score in scores)
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]


@pytest.mark.parametrize("sort", ["newest", "oldest", "relevance"])
def test_paging_covers_every_match_once(loaded: Store, sort: SortOrder) -> None:
    pages = [run(loaded, "banjir OR kota", sort=sort, page=p, size=3) for p in (1, 2, 3)]
    assert {page.total for page in pages} == {8}
    seen = [hit.article.id for page in pages for hit in page.hits]
    assert [len(page.hits) for page in pages] == [3, 3, 2]
    assert set(seen) == {"a1", "a3", "a4", "a5", "a6", "a7", "a8", "a9"}
    assert run(loaded, "banjir OR kota", sort=sort, page=4, size=3).hits == []


def test_total_counts_all_matches_not_the_page(loaded: Store) -> None:
    result = run(loaded, size=2)
    assert result.total == 10
    assert len(result.hits) == 2


@pytest.mark.parametrize("facets", [True, False])
def test_small_totals_and_facets_are_exact(loaded: Store, facets: bool) -> None:
    # Both stores count exactly up to MAX_RESULT_WINDOW matches and say when they did not.
    for q in (None, "banjir", "bekasi -macet"):
        result = run(loaded, q, facets=facets)
        assert result.total_is_exact is True
        assert result.facets_sample is None


def test_bad_paging_is_rejected(loaded: Store) -> None:
    with pytest.raises(ValueError, match="page"):
        run(loaded, page=0)


# --- snippets --------------------------------------------------------------------------------


def hit_for(result: SearchResult, article_id: str) -> str:
    return next(hit.snippet for hit in result.hits if hit.article.id == article_id)


def test_snippet_marks_terms_and_escapes_html(loaded: Store) -> None:
    snippet = hit_for(run(loaded, "lumpur"), "a6")
    assert f"{HIGHLIGHT_START}lumpur{HIGHLIGHT_END}" in snippet
    assert "&lt;b&gt;" in snippet
    assert "&amp;" in snippet
    assert "<b>" not in snippet


def test_title_with_script_comes_back_escaped_in_snippet(loaded: Store) -> None:
    script = sample_articles()[5]
    script.lead = "<script>alert(1)</script> awal berita"
    loaded.upsert([script])
    for q in ("lumpur", "outlet:koranbaru.co.id", "alert"):
        snippet = hit_for(run(loaded, q), "a6")
        assert "<script>" not in snippet
    assert "&lt;script&gt;" in hit_for(run(loaded, "outlet:koranbaru.co.id"), "a6")


def test_snippet_is_short_and_around_the_term(loaded: Store) -> None:
    snippet = hit_for(run(loaded, "banjir"), "a9")
    assert f"{HIGHLIGHT_START}banjir{HIGHLIGHT_END}" in snippet
    assert len(snippet.split()) <= 40
    assert snippet.startswith("…")  # the term is deep in a long text


def test_snippet_marks_prefix_and_phrase_not_negated_terms(loaded: Store) -> None:
    snippet = hit_for(run(loaded, "banj* -longsor"), "a1")
    assert f"{HIGHLIGHT_START}Banjir{HIGHLIGHT_END}" in snippet
    snippet = hit_for(run(loaded, '"banjir bandang" -bekasi'), "a5")
    assert HIGHLIGHT_START in snippet
    assert "Bekasi" not in snippet


def test_snippet_without_text_terms_is_the_lead(loaded: Store) -> None:
    result = run(loaded, "agency:kota-bekasi/bpbd")
    assert hit_for(result, "a1") == "Hujan deras sejak malam."
    result = run(loaded, outlets=["warta.id"])
    assert hit_for(result, "a3") == "Wali Kota meresmikan taman baru di pusat kota."
    assert all(HIGHLIGHT_START not in hit.snippet for hit in result.hits)


def test_without_snippets_every_hit_has_its_lead_and_the_same_place(loaded: Store) -> None:
    marked = run(loaded, "banjir OR lumpur", sort="newest")
    plain = run(loaded, "banjir OR lumpur", sort="newest", snippets=False)
    assert [hit.article.id for hit in plain.hits] == [hit.article.id for hit in marked.hits]
    assert any(HIGHLIGHT_START in hit.snippet for hit in marked.hits)
    leads = {hit.article.id: hit.snippet for hit in run(loaded, size=100).hits}
    assert {hit.article.id: hit.snippet for hit in plain.hits} == {
        hit.article.id: leads[hit.article.id] for hit in plain.hits
    }
    assert plain.total == marked.total
    assert plain.facets == marked.facets


# --- facets ----------------------------------------------------------------------------------


def facet(result: SearchResult, name: str) -> list[tuple[str, int]]:
    return [(item.value, item.count) for item in result.facets[name]]


def test_facets_count_all_matches(loaded: Store) -> None:
    result = run(loaded, "banjir OR longsor OR bencana", size=1)
    assert result.total == 7
    assert facet(result, "outlet") == [
        ("kabarmasa.com", 3),
        ("koranbaru.co.id", 2),
        ("jabarnews.id", 1),
        ("warta.id", 1),
    ]
    assert facet(result, "sentiment") == [("negative", 3), ("neutral", 3), ("positive", 1)]
    agencies = dict(facet(result, "agency"))
    assert agencies["prov-jabar/pemprov"] == 2
    assert agencies["kota-bekasi/dprd"] == 1
    assert facet(result, "agency")[0] == ("prov-jabar/pemprov", 2)


def test_day_facet_is_jakarta_days_sorted_by_day(loaded: Store) -> None:
    days = facet(run(loaded), "day")
    assert [day for day, _ in days] == sorted(day for day, _ in days)
    assert dict(days) == {
        "2025-02-27": 1,
        "2025-02-28": 1,
        "2025-03-01": 1,
        "2025-03-02": 1,
        "2025-03-03": 2,  # a3 at 01:00 WIB is 2 March in UTC but 3 March in Jakarta
        "2025-03-04": 1,
        "2025-03-05": 1,
        "2025-03-06": 1,
    }


def test_facets_are_optional(loaded: Store) -> None:
    assert run(loaded, "banjir", facets=False).facets == {}
    assert run(loaded, "zzzz").facets["outlet"] == []


@pytest.mark.parametrize(
    "options",
    [
        {},  # no text, no filter: the SQLite store answers from its rollups
        {"q": "banjir OR macet"},  # text: counted over the matches
        {"agencies": ["kota-bekasi/pemkot"]},  # one agency: its index entries
    ],
    ids=["rollup", "text", "agency"],
)
@pytest.mark.parametrize("fields", [("outlet", "sentiment"), ("agency",), ("day",), ()])
def test_facet_fields_computes_those_facets_only(
    loaded: Store, options: dict[str, object], fields: tuple[str, ...]
) -> None:
    every = run(loaded, **options).facets  # type: ignore[arg-type]
    some = run(loaded, facet_fields=fields, **options).facets  # type: ignore[arg-type]
    assert set(every) == {"outlet", "agency", "sentiment", "day"}
    assert some == {name: every[name] for name in fields}


def test_facet_counts_type(loaded: Store) -> None:
    assert all(isinstance(item, FacetCount) for item in run(loaded).facets["sentiment"])


# --- article identity (pantau.models.article_id, crawler.moved) -----------------------------


def test_one_article_from_two_hosts_and_ports_is_one_record(store: Store) -> None:
    # The sample site on two ports, then the outlet's mobile host: one id, the newest URL kept.
    urls = [
        "http://127.0.0.1:8601/berita/7/pasar-baru",
        "http://127.0.0.1:8701/berita/7/pasar-baru/",
        "https://m.kabarmasa.com/berita/7/pasar-baru?share=wa",
    ]
    base = sample_articles()[0]
    for url in urls:
        canonical = canonicalize_url(url)
        copy = dataclasses.replace(
            base, id=article_id("kabarmasa.com", canonical), url=url, canonical_url=canonical
        )
        assert store.upsert([copy]).failed == 0
    assert store.count() == 1
    stored = store.get(article_id("kabarmasa.com", canonicalize_url(urls[0])))
    assert stored is not None
    assert stored.url == urls[-1]


def test_a_moved_article_is_found_by_outlet_title_and_day(loaded: Store) -> None:
    refresh = getattr(loaded, "refresh", None)
    if refresh is not None:
        refresh()  # Elasticsearch: make the writes searchable now
    original = sample_articles()[0]
    moved = dataclasses.replace(
        original,
        id="moved",
        title=original.title.upper() + "!",  # case and punctuation do not count
        url="https://kabarmasa.com/2025/03/01/banjir-rendam-tiga-kecamatan",
    )
    found = stored_original(loaded, moved)
    assert found is not None
    assert found.id == original.id
    # Another day, or another outlet, is another article.
    next_day = dataclasses.replace(moved, published_at=datetime(2025, 3, 2, 8, 0, tzinfo=WIB))
    assert stored_original(loaded, next_day) is None
    elsewhere = dataclasses.replace(moved, outlet="wartabekasi.com")
    assert stored_original(loaded, elsewhere) is None


# --- clusters ----------------------------------------------------------------------------------


def test_cluster_id_is_stored_and_filters_the_copies(store: Store) -> None:
    articles = sample_articles()
    lead, copy, other = articles[0], articles[1], articles[2]
    clustered = [
        dataclasses.replace(lead, cluster_id=lead.id),
        dataclasses.replace(copy, cluster_id=lead.id),
        dataclasses.replace(other, cluster_id=other.id),
        dataclasses.replace(articles[3], cluster_id=None),  # stored as a cluster of its own
        *articles[4:],
    ]
    store.upsert(clustered)
    refresh = getattr(store, "refresh", None)
    if refresh is not None:
        refresh()
    assert store.get(copy.id) == clustered[1]
    assert store.get(articles[3].id) == articles[3]
    assert store.get(articles[3].id).cluster_id == articles[3].id  # type: ignore[union-attr]
    assert ids(store, clusters=[lead.id]) == {lead.id, copy.id}
    assert ids(store, clusters=[lead.id, other.id]) == {lead.id, copy.id, other.id}
    assert ids(store, clusters=["0" * 20]) == set()
    assert run(store, clusters=[lead.id]).total == 2


def test_collapse_gives_one_hit_per_story_with_its_copies(store: Store) -> None:
    articles = sample_articles()
    lead = articles[0]
    # Two copies of the first story (same cluster), the rest stories of their own.
    copies = [
        dataclasses.replace(articles[1], cluster_id=lead.id),
        dataclasses.replace(articles[2], cluster_id=lead.id),
    ]
    store.upsert([lead, *copies, *articles[3:]])
    refresh = getattr(store, "refresh", None)
    if refresh is not None:
        refresh()
    plain = run(store, size=100)
    collapsed = run(store, size=100, collapse=True)
    assert plain.articles is None
    assert (collapsed.total, collapsed.articles) == (8, 10)
    assert len(collapsed.hits) == 8
    by_cluster = {hit.article.cluster_id: hit for hit in collapsed.hits}
    assert len(by_cluster) == 8
    assert by_cluster[lead.id].copies == 2
    assert all(hit.copies == 0 for c, hit in by_cluster.items() if c != lead.id)
    # The cluster's best hit in the request's order leads it: newest first here.
    story = [lead, *copies]
    assert by_cluster[lead.id].article.id == copies[1].id  # a3, the story's newest
    oldest = run(store, size=100, collapse=True, sort="oldest")
    assert {h.article.cluster_id: h.article.id for h in oldest.hits}[lead.id] == lead.id
    # Paging walks stories, never splitting or repeating one.
    paged = [
        h.article.cluster_id
        for p in (1, 2, 3)
        for h in run(store, size=3, page=p, collapse=True).hits
    ]
    assert sorted(paged) == sorted(by_cluster)
    # A query narrows the copies counted.
    narrowed = run(store, size=100, collapse=True, clusters=[lead.id], outlets=[copies[0].outlet])
    assert narrowed.total == 1
    assert narrowed.hits[0].copies == sum(a.outlet == copies[0].outlet for a in story) - 1
    # Ranked by relevance too: as many stories as the plain search's hits have clusters.
    ranked = run(store, "banjir OR longsor", size=100)
    ranked_stories = run(store, "banjir OR longsor", size=100, collapse=True)
    clusters = {h.article.cluster_id for h in ranked.hits}
    assert ranked_stories.total == len(clusters) == len(ranked_stories.hits)
    assert ranked_stories.articles == ranked.total
    assert sum(h.copies + 1 for h in ranked_stories.hits) == ranked.total
    assert all(h.score is not None for h in ranked_stories.hits)
