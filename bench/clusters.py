"""What clustering costs: the crawl's window load, and collapsed search next to plain search.

Usage::

    .venv/bin/python bench/clusters.py [--n 20000] [--window 5000] [--es-url URL] [--repeat 10]

N synthetic articles (``bench/search.py``'s generator, fixed seed; every 10th article is given
the cluster of the one before it, so collapsing has copies to fold) go into a temp SQLite store
and, with ``--es-url``, a throwaway Elasticsearch alias. Printed:

* ``window load s`` — what each crawl does first (``crawler/cluster_pipeline.load_window``):
  read the newest ``--window`` articles and MinHash them; and ``assign ms`` per new article;
* per store, p50 ms of a broad query and of the match-all listing, plain and ``collapse=True``,
  and of the overview's extra story count (``overview.story_count``).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from bench.search import articles, batched, timed
from crawler.cluster_pipeline import load_window
from nlp.clusters import ClusterIndex
from search_api.query import parse
from search_api.store.base import SearchRequest, Store
from search_api.store.elastic import ElasticStore
from search_api.store.overview import story_count
from search_api.store.sqlite import SQLiteStore


def fill(store: Store, n: int) -> None:
    previous = None
    for batch in batched(articles(n), 1000):
        clustered = []
        for i, article in enumerate(batch):
            copy = previous is not None and i % 10 == 0
            cluster = previous.cluster_id if copy and previous else article.id
            clustered.append(dataclasses.replace(article, cluster_id=cluster))
            previous = clustered[-1]
        store.upsert(clustered)
    if isinstance(store, ElasticStore):
        store.refresh()


def searches(store: Store, repeat: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    for name, query in (("broad", "kota OR kabupaten"), ("all", None)):
        request = SearchRequest(query=parse(query) if query else None, size=20, facets=False)
        for mode, collapse in (("plain", False), ("collapse", True)):
            asked = dataclasses.replace(request, collapse=collapse)
            store.search(asked)  # warm caches once
            figures[f"{name} {mode} ms"] = statistics.median(
                timed(lambda r=asked: store.search(r), repeat)  # type: ignore[misc]
            )
        figures[f"{name} stories ms"] = statistics.median(
            timed(lambda r=request: story_count(store, r), repeat)  # type: ignore[misc]
        )
    return figures


def window(store: Store, size: int) -> dict[str, float]:
    index = ClusterIndex()
    started = time.perf_counter()
    loaded = load_window(index, store, size)
    load_s = time.perf_counter() - started
    fresh = list(articles(200, seed=99))
    started = time.perf_counter()
    for article in fresh:
        index.assign(article.id, article.title, article.text)
    assign_ms = (time.perf_counter() - started) * 1000 / len(fresh)
    return {"window articles": loaded, "window load s": load_s, "assign ms": assign_ms}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--window", type=int, default=5000)
    parser.add_argument("--es-url", help="also measure on this Elasticsearch node")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "bench.db") as sqlite:
        fill(sqlite, args.n)
        results["sqlite"] = {**window(sqlite, args.window), **searches(sqlite, args.repeat)}
    if args.es_url:
        alias = f"pantau-bench-{uuid.uuid4().hex[:8]}"
        with ElasticStore(args.es_url, index=alias, refresh=False) as elastic:
            try:
                fill(elastic, args.n)
                results["elasticsearch"] = searches(elastic, args.repeat)
            finally:
                elastic.drop()
    print(f"{args.n} articles (every 10th a copy), window {args.window}, repeat {args.repeat}")
    for store, figures in results.items():
        print(store)
        for key, value in figures.items():
            print(f"  {key:22} {value:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
