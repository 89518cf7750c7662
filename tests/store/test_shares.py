"""``Store.shares`` (the overview's shares from one walk of the matches) gives what its three
questions give asked one by one, on both stores, for searches whose matches are all kept and
for ones beyond the store's bounds (``Limits``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from store_samples import sample_articles

from search_api.query import parse
from search_api.store.base import SearchRequest, Store, story_request
from search_api.store.overview import facet_request
from search_api.store.sqlite import SQLiteStore
from search_api.store.sqlite_search import Limits

REQUESTS = [
    SearchRequest(),  # no text: rollups
    SearchRequest(agencies=["kota-bekasi/pemkot"]),  # one agency: its keys
    SearchRequest(query=parse("banjir OR bekasi")),
    SearchRequest(query=parse("banjir OR bekasi"), sort="newest", size=3, snippets=False),
    SearchRequest(query=parse("kota OR banjir OR taman"), outlets=["warta.id"]),
    SearchRequest(query=parse("banjir"), collapse=True),
]


def _asked_apart(store: Store, request: SearchRequest, size: int) -> tuple[object, ...]:
    return (
        store.search(request),
        store.agency_tones(request, size),
        store.search(story_request(request)).total,
    )


@pytest.mark.parametrize("request_", REQUESTS, ids=range(len(REQUESTS)))
def test_shares_are_the_three_questions_asked_apart(loaded: Store, request_: SearchRequest) -> None:
    for size in (1, 5):
        asked = facet_request(request_, size)
        shares = loaded.shares(asked, size)
        assert (shares.result, shares.agencies, shares.stories) == _asked_apart(loaded, asked, size)


@pytest.mark.parametrize("request_", REQUESTS, ids=range(len(REQUESTS)))
def test_beyond_the_bounds_the_same_matches_are_counted(
    tmp_path: Path, request_: SearchRequest
) -> None:
    # Three matches kept at most, facets of the newest two: every bound of the walk is crossed.
    with SQLiteStore(tmp_path / "pantau.db", limits=Limits(cap=3, facet_sample=2)) as store:
        store.upsert(sample_articles())
        for size in (1, 5):
            asked = facet_request(replace(request_, size=2), size)
            shares = store.shares(asked, size)
            apart = _asked_apart(store, asked, size)
            assert (shares.result, shares.agencies, shares.stories) == apart
