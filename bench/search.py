"""Both stores side by side: indexing rate, query latency, facet latency and size on disk.

Usage::

    .venv/bin/python bench/search.py [--n 100000] [--es-url http://127.0.0.1:9200] [--repeat 20]

N synthetic articles (default 100,000; ``--n 1000000`` for the large run) are generated from a
fixed seed — Indonesian regional-news vocabulary, 50 outlets, 120 agencies, two years of dates,
~250-word bodies with a Zipf-like word distribution — and written to a temp SQLite file and to a
throwaway Elasticsearch alias (a node from ``scripts/es-test-node`` unless ``--es-url`` is given;
the alias is deleted afterwards). Printed per store:

* index docs/s — ``upsert`` in batches of 1,000 (Elasticsearch: no refresh until the end);
* query p50/p95 ms — each fixed boolean query with filters, ``--repeat`` times, no facets;
* facets ms — p50 of a broad query with the four facets;
* timeline p50/p95 ms — ``/api/stats/timeline``'s work (``interval=auto``) for each of
  :data:`STATS_QUERIES`, ``--repeat`` times; stats facets p50/p95 ms — ``/api/stats/facets``'s
  (totals by tone, top 10 outlets, top 10 agencies with the tone towards each);
* disk MB — the SQLite file (plus WAL) and the Elasticsearch primary store after a flush.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from pantau.models import AgencyRef, Article, Sentiment, SentimentLabel, article_id
from search_api.app.ui.dashboard_page import NAME_SAMPLE
from search_api.query import parse
from search_api.store.base import SearchRequest, Store
from search_api.store.elastic import ElasticStore
from search_api.store.overview import (
    StatsQuery,
    facet_request,
    share_of_voice,
    tone_timeline,
)
from search_api.store.sqlite import SQLiteStore, load_schema

WIB = timezone(timedelta(hours=7))
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "es-test-node"
# fmt: off
REGIONS = ["kota-bekasi", "kab-bekasi", "kab-sumedang", "kab-garut", "kota-bandung",
           "prov-jabar", "kota-depok", "kab-bogor", "kota-bogor", "kab-cirebon", "kota-cimahi"]
UNITS = ["pemkot", "pemkab", "pemprov", "setda", "dprd", "dinkes", "disdik", "dishub", "bpbd"]
TOPICS = ["banjir", "longsor", "jalan", "anggaran", "vaksin", "sekolah", "pasar", "sampah",
          "bantuan", "pelantikan", "inflasi", "stunting", "macet", "pajak", "festival", "hoaks"]
# Most frequent first: the Zipf-like weights below favour the function words, as real text does.
_FILLER_TEXT = (
          "yang dan di ke dari untuk dengan pada dalam ini itu akan telah warga kota kabupaten "
          "pemerintah daerah program kegiatan masyarakat wali bupati gubernur kepala dinas "
          "tahun hari kamis jumat senin rapat kerja sama pembangunan pelayanan publik kesehatan "
          "pendidikan ekonomi sosial lingkungan infrastruktur anggaran rencana laporan data"
          )
# fmt: on
FILLER = _FILLER_TEXT.split()
QUERIES = [
    ("banjir OR longsor", {}),
    ('"wali kota" -hoaks', {"sentiments": ["negative", "neutral"]}),
    ("title:anggaran agency:kota-bekasi/*", {}),
    ("bantu* (sekolah OR pasar)", {"outlets": ["outlet07.id", "outlet21.id", "outlet33.id"]}),
    ("vaksin stunting -sentiment:negative", {"date_from": datetime(2025, 1, 1, tzinfo=WIB)}),
    ("(jalan OR macet) dishub", {"agencies": ["kota-bandung/dishub", "kab-bogor/dishub"]}),
]  # fmt: skip


# The overview's questions: the last week, a quarter of one topic, two years of one agency.
STATS_QUERIES = [
    ("", {"date_from": datetime(2025, 12, 25, tzinfo=WIB),
          "date_to": datetime(2026, 1, 1, tzinfo=WIB)}),
    ("banjir OR longsor", {"date_from": datetime(2025, 7, 1, tzinfo=WIB),
                           "date_to": datetime(2025, 10, 1, tzinfo=WIB)}),
    ("", {"agencies": ["kota-bekasi/pemkot"]}),
    ("kota OR kabupaten", {}),
]  # fmt: skip
TONE_CHOICES: list[SentimentLabel | None] = ["positive", "neutral", "negative", None]


def articles(n: int, seed: int = 7) -> Iterator[Article]:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(FILLER))]
    start = datetime(2024, 1, 1, 6, 0, tzinfo=WIB)
    for i in range(n):
        outlet = f"outlet{rng.randrange(50):02d}.id"
        url = f"https://{outlet}/berita/{i}"
        topic, region = rng.choice(TOPICS), rng.choice(REGIONS)
        agencies = sorted({f"{region}/{rng.choice(UNITS)}" for _ in range(rng.randint(0, 3))})
        body = rng.choices(FILLER, weights, k=250)
        for _ in range(3):
            body.insert(rng.randrange(len(body)), topic)
        label: SentimentLabel = rng.choice(["positive", "neutral", "negative"])
        yield Article(
            id=article_id(outlet, url), url=url, canonical_url=url, outlet=outlet,
            title=f"{topic.title()} di {region.split('-', 1)[1].title()}: {' '.join(body[:6])}",
            text=" ".join(body) + ".", lead=" ".join(body[:20]) + ".",
            published_at=start + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
            agencies=[
                AgencyRef(id=a, name=a, sentiment=rng.choice(TONE_CHOICES)) for a in agencies
            ],
            sentiment=Sentiment(label=label, score=round(rng.random(), 3)), word_count=250,
        )  # fmt: skip


def batched(items: Iterator[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def fill(store: Store, n: int) -> float:
    """Index the ``n`` articles; docs/s."""
    started = time.perf_counter()
    done = 0
    for batch in batched(articles(n), 1000):
        report = store.upsert(batch)
        if report.failed:
            sys.exit(f"{report.failed} articles refused: {report.errors[:3]}")
        done += len(batch)
        if done % 100_000 == 0:
            elapsed = time.perf_counter() - started
            print(f"  indexed {done} ({done / elapsed:.0f} docs/s)", file=sys.stderr, flush=True)
    if isinstance(store, ElasticStore):
        store.refresh()
    return n / (time.perf_counter() - started)


def measure(store: Store, rate: float, repeat: int) -> dict[str, float]:
    latencies: list[float] = []
    with_facets: list[float] = []
    for text, options in QUERIES:
        request = SearchRequest(query=parse(text), facets=False, **options)  # type: ignore[arg-type]
        store.search(request)  # warm caches once
        latencies += timed(lambda r=request: store.search(r), repeat)  # type: ignore[misc]
        faceted = SearchRequest(query=parse(text), **options)  # type: ignore[arg-type]
        store.search(faceted)
        with_facets += timed(lambda r=faceted: store.search(r), repeat)  # type: ignore[misc]
    broad = SearchRequest(query=parse("kota OR kabupaten"), size=20)
    store.search(broad)
    broad_ms = timed(lambda: store.search(broad), repeat)
    cuts = statistics.quantiles(latencies, n=20)
    f_cuts = statistics.quantiles(with_facets, n=20)
    b_cuts = statistics.quantiles(broad_ms, n=20)
    return {
        "docs/s": rate,
        "p50 ms": cuts[9],
        "p95 ms": cuts[18],
        "facets p50": f_cuts[9],
        "facets p95": f_cuts[18],
        "broad p50": b_cuts[9],
        "broad p95": b_cuts[18],
        **stats_latencies(store, repeat),
    }


def stats_latencies(store: Store, repeat: int) -> dict[str, float]:
    """p50/p95 of what ``/api/stats/timeline`` and ``/api/stats/facets`` ask the store."""
    timeline: list[float] = []
    facets: list[float] = []
    for text, options in STATS_QUERIES:
        request = SearchRequest(query=parse(text), size=1, **options)  # type: ignore[arg-type]
        query = StatsQuery.of(text, request, ZoneInfo("Asia/Jakarta"))
        tone_timeline(store, query, "auto")  # warm caches once
        share_of_voice(store, query.request, 10)
        timeline += timed(lambda q=query: tone_timeline(store, q, "auto"), repeat)  # type: ignore[misc]
        facets += timed(lambda q=query: share_of_voice(store, q.request, 10), repeat)  # type: ignore[misc]
    t_cuts, f_cuts = statistics.quantiles(timeline, n=20), statistics.quantiles(facets, n=20)
    return {
        "timeline p50 ms": t_cuts[9],
        "timeline p95 ms": t_cuts[18],
        "stats facets p50": f_cuts[9],
        "stats facets p95": f_cuts[18],
    }


STATS_METRICS = ("timeline p50 ms", "timeline p95 ms", "stats facets p50", "stats facets p95")


def start_node() -> tuple[subprocess.Popen[str], str]:
    node = subprocess.Popen([sys.executable, str(SCRIPT)], stdout=subprocess.PIPE, text=True)
    assert node.stdout is not None
    line = node.stdout.readline()
    if not line.startswith("ELASTICSEARCH_URL="):
        sys.exit("scripts/es-test-node could not start a node")
    return node, line.strip().split("=", 1)[1]


def sqlite_file(cache: Path | None, n: int) -> tuple[Path, float]:
    """The store file with the ``n`` articles: built once per schema version under ``cache``
    (reused by later runs; docs/s is then the figure of the run that built it, read from a side
    file), or in a temporary directory without a cache."""
    version = load_schema()[1]
    if cache is None:
        path = Path(tempfile.mkdtemp()) / "bench.db"
    else:
        cache.mkdir(parents=True, exist_ok=True)
        path = cache / f"sqlite-{n}-v{version}.db"
    rate_file = path.with_name(path.name + ".rate")
    if path.exists() and rate_file.exists():
        return path, float(rate_file.read_text())
    building = path.with_name(path.name + ".building")
    for leftover in building.parent.glob(building.name + "*"):
        leftover.unlink()
    with SQLiteStore(building) as store:
        rate = fill(store, n)
        started = time.perf_counter()
        store.maintain()  # what the weekly job does: ANALYZE, FTS optimize, VACUUM
        print(f"  maintained in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    building.rename(path)
    rate_file.write_text(f"{rate:.1f}")
    return path, rate


def measure_sqlite(args: argparse.Namespace, n: int) -> dict[str, float]:
    path, rate = sqlite_file(None if args.no_cache else Path(args.cache), n)
    with SQLiteStore(path) as sqlite:
        figures = measure(sqlite, rate, args.repeat)
        figures.update(overview_latencies(sqlite, args.repeat))
    files = [path, path.with_name(path.name + "-wal")]
    figures["disk MB"] = sum(f.stat().st_size for f in files if f.exists()) / 1e6
    figures["kB/article"] = figures["disk MB"] * 1000 / n
    return figures


def overview_page(store: Store, query: StatsQuery) -> None:
    """The store work of one overview page (``dashboard_page.py``): the shares of voice with the
    newest hits for display names, the timeline."""
    names_of = replace(query.request, page=1, size=NAME_SAMPLE, sort="newest", snippets=False)
    share_of_voice(store, query.request, 10, store.shares(facet_request(names_of, 10), 10))
    tone_timeline(store, query, "auto")


def overview_latencies(store: Store, repeat: int) -> dict[str, float]:
    """The overview page's store work, p50/p95 ms over :data:`STATS_QUERIES`."""
    times: list[float] = []
    for text, options in STATS_QUERIES:
        request = SearchRequest(query=parse(text), size=1, **options)  # type: ignore[arg-type]
        query = StatsQuery.of(text, request, ZoneInfo("Asia/Jakarta"))
        overview_page(store, query)
        times += timed(lambda q=query: overview_page(store, q), repeat)  # type: ignore[misc]
    cuts = statistics.quantiles(times, n=20)
    return {"overview p50": cuts[9], "overview p95": cuts[18]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--es-url", help="default: $ELASTICSEARCH_URL, else start a node")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--store", choices=["both", "sqlite", "elasticsearch"], default="both")
    parser.add_argument(
        "--compare-n",
        type=int,
        default=100_000,
        help="also both stores at this size in the same run (0: no)",
    )
    parser.add_argument("--cache", default="/work/bench-cache", help="where SQLite files are kept")
    parser.add_argument("--no-cache", action="store_true", help="build SQLite in a temp dir")
    parser.add_argument("--build-only", action="store_true", help="only build the cached file")
    args = parser.parse_args()
    if args.build_only:
        print(sqlite_file(Path(args.cache), args.n))
        return 0
    args.es_url = args.es_url or os.environ.get("ELASTICSEARCH_URL")
    results: dict[str, dict[str, float]] = {}
    if args.store in ("both", "sqlite"):
        results[f"sqlite {args.n}"] = measure_sqlite(args, args.n)
    if args.store in ("both", "elasticsearch"):
        results[f"es {args.n}"] = measure_elastic(args, args.n)
    if args.compare_n and args.compare_n != args.n:
        results[f"sqlite {args.compare_n}"] = measure_sqlite(args, args.compare_n)
        results[f"es {args.compare_n}"] = measure_elastic(args, args.compare_n)
    print(f"{len(QUERIES)} queries x {args.repeat}; {len(STATS_QUERIES)} overview questions")
    print(f"{'':16}" + "".join(f"{name:>16}" for name in results))
    metrics = (
        "docs/s", "p50 ms", "p95 ms", "facets p50", "facets p95", "broad p50", "broad p95",
        *STATS_METRICS, "overview p50", "overview p95", "disk MB", "kB/article",
    )  # fmt: skip
    for metric in metrics:
        print(
            f"{metric:16}"
            + "".join(
                f"{r[metric]:>16.1f}" if metric in r else f"{'—':>16}" for r in results.values()
            )
        )
    return 0


def measure_elastic(args: argparse.Namespace, n: int) -> dict[str, float]:
    """The same figures on a throwaway alias of ``--es-url`` (or a node started for the run)."""
    node, url = (None, args.es_url) if args.es_url else start_node()
    try:
        alias = f"pantau-bench-{uuid.uuid4().hex[:8]}"
        with ElasticStore(url, index=alias, refresh=False) as elastic:
            try:
                figures = measure(elastic, fill(elastic, n), args.repeat)
                figures.update(overview_latencies(elastic, args.repeat))
                figures["disk MB"] = elastic.size_bytes() / 1e6
                figures["kB/article"] = figures["disk MB"] * 1000 / n
            finally:
                elastic.drop()
        return figures
    finally:
        if node is not None:
            node.terminate()
            node.wait()


if __name__ == "__main__":
    sys.exit(main())
