"""Collapsed searches of the SQLite store (one hit per story) against the same search uncollapsed:
a story's hit is its first match in the request's order, the stories come in the order of those
hits, and each hit's copies are the story's other matches. The corpus has stories of many
articles spread over more kept matches than the store looks up at once (``_STORY_BATCH``)."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from pantau.models import Article
from search_api.query import parse
from search_api.store.base import SearchRequest
from search_api.store.sqlite import SQLiteStore
from search_api.store.sqlite_search import _STORY_BATCH, Limits
from tests.store.test_sqlite_scale import corpus

ARTICLES = 400
STORIES = 90


def _storied() -> list[Article]:
    rng = random.Random(11)
    return [
        dataclasses.replace(a, cluster_id=f"s{rng.randrange(STORIES):02d}")
        for a in corpus(ARTICLES, seed=5)
    ]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path_factory.mktemp("collapse") / "c.db") as opened:
        opened.upsert(_storied())
        yield opened


def _all(store: SQLiteStore, request: SearchRequest) -> list[Article]:
    """Every match, uncollapsed, in the request's order."""
    found: list[Article] = []
    page = 1
    while True:
        result = store.search(dataclasses.replace(request, collapse=False, page=page, size=100))
        found.extend(hit.article for hit in result.hits)
        if len(result.hits) < 100:
            return found
        page += 1


QUERIES = [None, "banjir OR pasar OR jalan", "kota", "kota -banjir"]


@pytest.mark.parametrize("sort", ["newest", "oldest", "relevance"])
@pytest.mark.parametrize("query", QUERIES)
def test_collapsed_pages_are_the_first_match_of_each_story(
    store: SQLiteStore, query: str | None, sort: str
) -> None:
    request = SearchRequest(query=parse(query) if query else None, sort=sort)
    matches = _all(store, request)
    assert len(matches) > _STORY_BATCH  # the walk needs more than one look-up
    firsts: dict[str, Article] = {}
    members: dict[str, int] = {}
    for article in matches:
        story = article.cluster_id or ""
        firsts.setdefault(story, article)
        members[story] = members.get(story, 0) + 1
    expected = list(firsts.values())
    seen: list[tuple[str, int]] = []
    size = 7
    for page in range(1, len(expected) // size + 2):
        result = store.search(dataclasses.replace(request, collapse=True, page=page, size=size))
        assert result.total == len(expected)
        assert result.articles == len(matches)
        seen.extend((hit.article.id, hit.copies) for hit in result.hits)
    assert seen == [(a.id, members[a.cluster_id or ""] - 1) for a in expected]


def test_a_capped_search_collapses_the_newest_kept_matches(tmp_path: Path) -> None:
    cap = 150
    with SQLiteStore(tmp_path / "cap.db", Limits(cap=cap, facet_sample=50)) as capped:
        capped.upsert(_storied())
        newest = _all(capped, SearchRequest())[:cap]
        result = capped.search(SearchRequest(collapse=True, size=100))
    assert not result.total_is_exact
    stories: dict[str, int] = {}
    for article in newest:
        stories[article.cluster_id or ""] = stories.get(article.cluster_id or "", 0) + 1
    assert result.total == len(stories)
    firsts = list(dict.fromkeys(a.cluster_id for a in newest))
    assert [hit.article.cluster_id for hit in result.hits] == firsts[:100]
    assert all(hit.copies == stories[hit.article.cluster_id or ""] - 1 for hit in result.hits)
