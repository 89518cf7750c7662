"""Three ``pantau crawl --worker`` processes on one frontier crawl the sample site and a generated
outlet of 2,000 articles into one Elasticsearch store: every article stored exactly once, no
URL fetched twice (the sites' own request logs), and ``pantau crawl status`` shows the three
workers and their total."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from samplesite.generated import GeneratedSite
from samplesite.model import load_articles
from search_api.store import open_store
from tests.distributed.workers import fetched_twice, finish, start_worker, worker_env

pytestmark = [pytest.mark.slow, pytest.mark.elasticsearch]

WORKERS = 3


@pytest.fixture(scope="module")
def generated() -> Any:
    with GeneratedSite(count=2000) as site:
        yield site


def test_three_workers_store_every_article_once_and_fetch_no_url_twice(
    sample_site: Any, generated: GeneratedSite, frontier_url: str, es_index: str, tmp_path: Path
) -> None:
    sample_sources = yaml.safe_load(
        sample_site.write_sources(tmp_path / "sample.yaml").read_text(encoding="utf-8")
    )["sources"]
    sources = generated.write_sources(tmp_path / "sources.yaml", extra=sample_sources)
    sample_log_start = len(sample_site.request_log)

    procs = [
        start_worker(worker_env(tmp_path / f"w{i}", store=es_index, frontier=frontier_url), sources)
        for i in range(WORKERS)
    ]
    summaries = [finish(p) for p in procs]

    sample_wanted = sum(1 for a in load_articles() if a.expect == "article")
    expected = generated.count + sample_wanted
    store = open_store(es_index)
    try:
        assert store.count() == expected
    finally:
        store.close()
    assert sum(s["created"] for s in summaries) == expected
    assert sum(s["counts"].get("store/updated", 0) for s in summaries) == 0
    assert sum(1 for s in summaries if s["worker"]["seeded"]) == 1
    assert all(s["requests"] > 0 for s in summaries)  # every worker took a share

    assert fetched_twice(("generated", path) for _, path in generated.request_log) == {}
    assert fetched_twice(sample_site.request_log[sample_log_start:]) == {}
    print(
        f"\n{WORKERS} workers: {expected} articles stored once; requests per worker "
        f"{[s['requests'] for s in summaries]}"
    )

    status = subprocess.run(
        [sys.executable, "-m", "pantau_cli", "crawl", "status", "--json"],
        env=dict(os.environ, PANTAU_CRAWL__FRONTIER=frontier_url, PANTAU_STORE=es_index),
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(status.stdout)
    assert len(report["workers"]) == WORKERS
    assert report["total"]["created"] == expected
    assert report["queued"] == 0
    assert report["in_flight"] == 0
    assert all(w["state"] == "finished (finished)" for w in report["workers"].values())
