"""Articles per second of distributed crawling with 1, 2, … ``pantau crawl --worker`` processes.

Usage::

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/pipeline_workers.py \\
        [--workers 1,2] [--articles 2000]

Each run: a fresh frontier (a redis-server this script starts on loopback, no files), a fresh
Elasticsearch alias, the generated outlet (``samplesite/generated.py``) of ``--articles`` pages on
loopback, and N worker processes each with its own PANTAU_HOME, with the full pipeline
(extraction, tagging, store) and no delay (the site is ours). The clock runs from starting the
workers to the last one exiting, so it includes their start (loading the tagger), as an operator
would see it. Prints articles/s per worker count and each count's ratio to the first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pantau.crawl_process import LOCAL_SITE_ENV  # noqa: E402
from samplesite.generated import GeneratedSite  # noqa: E402
from search_api.store.elastic import ElasticStore  # noqa: E402
from tests.net_helpers import free_port  # noqa: E402


def _redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server not found (apt-get install redis-server)")
    port = free_port()
    cmd = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(workdir)]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    client.close()
    return process, url


def run(
    workers: int, articles: int, es_url: str, frontier: str, workdir: Path
) -> tuple[float, float]:
    """Articles per second with ``workers`` processes on a fresh frontier and index: from
    starting the workers to the last exit, and while crawling (the site's first article request
    to its last, without the workers' start and end)."""
    client = redis.Redis.from_url(frontier)
    client.flushdb()
    client.close()
    alias = f"pantau-bench-workers-{uuid.uuid4().hex[:8]}"
    store_url = f"{es_url.rstrip('/')}/?index={alias}"
    with GeneratedSite(count=articles) as site:
        sources = site.write_sources(workdir / "sources.yaml")
        procs = []
        started = time.monotonic()
        for i in range(workers):
            env = {
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "PANTAU_HOME": str(workdir / f"run{workers}-w{i}"),
                "PANTAU_STORE": store_url,
                "PANTAU_CRAWL__FRONTIER": frontier,
                "PANTAU_CRAWL__CYCLE_SECONDS": "0",
                "PANTAU_CRAWL__MAX_ARTICLES_PER_SOURCE": str(articles * 2),
                **LOCAL_SITE_ENV,
            }
            cmd = [sys.executable, "-m", "pantau_cli", "crawl", "--worker", "--no-alerts"]
            procs.append(
                subprocess.Popen(
                    [*cmd, "--sources", str(sources)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            )
        for process in procs:
            _, err = process.communicate(timeout=3600)
            if process.returncode != 0:
                raise SystemExit(f"worker failed: {err.decode()[-2000:]}")
        elapsed = time.monotonic() - started
        fetched = [t for t, path in site.request_log if path.startswith("/artikel/")]
    store = ElasticStore(es_url, index=alias)
    try:
        stored = store.count()
    finally:
        store.drop()
        store.close()
    if stored != articles:
        raise SystemExit(f"{workers} workers stored {stored} of {articles} articles")
    return stored / elapsed, len(fetched) / (max(fetched) - min(fetched))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args(argv)
    es_url = os.environ.get("ELASTICSEARCH_URL")
    if not es_url:
        raise SystemExit("set ELASTICSEARCH_URL (distributed mode stores to Elasticsearch)")
    counts = [int(n) for n in args.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="pantau-bench-workers-") as tmp:
        workdir = Path(tmp)
        server, frontier = _redis(workdir)
        try:
            rates = {n: run(n, args.articles, es_url, frontier, workdir) for n in counts}
        finally:
            server.terminate()
            server.wait(timeout=10)
    base, base_crawling = rates[counts[0]]
    print(f"{args.articles} generated articles, full pipeline, {os.cpu_count()} CPUs")
    print("workers   articles/s start→exit   ratio   articles/s while crawling   ratio")
    for n, (rate, crawling) in rates.items():
        print(
            f"{n:7}   {rate:20.1f}   ×{rate / base:.2f}   {crawling:25.1f}   "
            f"×{crawling / base_crawling:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
