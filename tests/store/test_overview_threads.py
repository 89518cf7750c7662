"""The overview's store questions asked at once on threads (``share_of_voice(threads=…)``, as
``/ringkasan`` does) give the same numbers as asked one after the other."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from store_samples import sample_articles

from search_api.query import parse
from search_api.store.base import SearchRequest
from search_api.store.overview import facet_request, share_of_voice
from search_api.store.sqlite import SQLiteStore


def test_threads_give_the_same_share_of_voice(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "pantau.db") as store, ThreadPoolExecutor(4) as threads:
        store.upsert(sample_articles())
        for request in (SearchRequest(), SearchRequest(query=parse("banjir OR bekasi"))):
            alone = share_of_voice(store, request, 5)
            assert alone.total > 0
            assert share_of_voice(store, request, 5, threads=threads) == alone
            started = threads.submit(store.search, facet_request(request, 5))
            assert share_of_voice(store, request, 5, started, threads) == alone
