"""Article identity: what the new ids and the moved-URL check cost.

Usage::

    .venv/bin/python bench/rekey.py [--n 20000] [--repeat 200]

Printed:

* ids/s — ``article_id(outlet, canonicalize_url(url))`` for the N URLs, beside the old scheme
  (``blake2b`` of the canonical URL) as the baseline;
* migration s — opening a SQLite store of version 2 holding N articles under old ids, 5 % of them
  a second copy on another port: the 2 → 3 re-key (``search_api/store/sqlite_migrate.py``),
  with the articles before and after;
* moved check ms p50/p95 — ``crawler.moved.stored_original`` for ``--repeat`` unseen articles
  against that store (the per-article price ``DedupePipeline`` pays for a new article).

Synthetic articles from a fixed seed: 20 outlets, ~200-word texts, dates over 90 days, so a day of
one outlet holds ~N/1800 articles to compare with.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import statistics
import tempfile
import time
from contextlib import closing
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from crawler.moved import stored_original
from pantau.models import Article, article_id
from pantau.urls import canonicalize_url
from search_api.store.sqlite import SQLiteStore

WIB = timezone(timedelta(hours=7))
VOCABULARY = (
    "pemerintah kota bekasi warga banjir jalan pasar dinas kepala wali anggaran program desa "
    "kecamatan rumah sakit sekolah bantuan sosial polisi acara rapat koordinasi pembangunan "
    "jembatan air bersih sampah lingkungan kesehatan pendidikan pelayanan publik"
)
WORDS = VOCABULARY.split()


def _old_id(url: str) -> str:
    return hashlib.blake2b(url.encode("utf-8"), digest_size=10).hexdigest()


def articles(n: int, rng: random.Random) -> list[Article]:
    start = datetime(2026, 8, 1, 6, 0, tzinfo=WIB)
    made = []
    for i in range(n):
        outlet = f"outlet{rng.randrange(20):02d}.co.id"
        url = f"http://127.0.0.1:8601/berita/{i}/judul-{i}?utm_source=wa"
        canonical = canonicalize_url(url)
        made.append(
            Article(
                id=_old_id(canonical),
                url=url,
                canonical_url=canonical,
                outlet=outlet,
                title=" ".join(rng.choices(WORDS, k=8)).capitalize(),
                text=" ".join(rng.choices(WORDS, k=200)) + ".",
                published_at=start + timedelta(minutes=rng.randrange(90 * 24 * 60)),
                crawled_at=start + timedelta(days=91),
            )
        )
    return made


def bench_ids(items: list[Article]) -> None:
    urls = [a.url for a in items]
    begin = time.perf_counter()
    for url in urls:
        _old_id(canonicalize_url(url))
    old = time.perf_counter() - begin
    begin = time.perf_counter()
    for article in items:
        article_id(article.outlet, canonicalize_url(article.url))
    new = time.perf_counter() - begin
    rates = f"old scheme {len(urls) / old:>10,.0f}   outlet+path {len(urls) / new:>10,.0f}"
    print(f"ids/s            {rates}")


def bench_migration(items: list[Article], path: Path, rng: random.Random) -> SQLiteStore:
    copies = []
    for article in rng.sample(items, len(items) // 20):
        url = article.canonical_url.replace(":8601/", ":8701/")
        copies.append(replace(article, id=_old_id(url), url=url, canonical_url=url))
    with SQLiteStore(path) as store:
        for start in range(0, len(items), 1000):
            store.upsert(items[start : start + 1000])
        store.upsert(copies)
        before = store.count()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TABLE article_aliases")
        conn.execute("PRAGMA user_version = 2")
        conn.commit()
    begin = time.perf_counter()
    store = SQLiteStore(path)
    after = store.count()  # the first use opens the file, which migrates it
    took = time.perf_counter() - begin
    print(f"migration 2->3   {took:8.2f} s   articles {before:,} -> {after:,}")
    return store


def bench_moved(store: SQLiteStore, items: list[Article], repeat: int, rng: random.Random) -> None:
    times = []
    for article in rng.sample(items, repeat):
        unseen = replace(article, id="unseen", text=" ".join(rng.choices(WORDS, k=200)))
        begin = time.perf_counter()
        stored_original(store, unseen)
        times.append((time.perf_counter() - begin) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"moved check ms   p50 {statistics.median(times):6.2f}   p95 {p95:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(15)
    items = articles(args.n, rng)
    bench_ids(items)
    with tempfile.TemporaryDirectory() as tmp:
        store = bench_migration(items, Path(tmp) / "pantau.db", rng)
        try:
            bench_moved(store, items, args.repeat, rng)
        finally:
            store.close()


if __name__ == "__main__":
    main()
