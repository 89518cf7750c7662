"""Run ``pantau crawl --worker`` processes the way an operator does: one subprocess each, its own
``PANTAU_HOME`` (logs, spool), one frontier and one Elasticsearch store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pantau.crawl_process import LOCAL_SITE_ENV


def worker_env(
    home: Path, *, store: str, frontier: str, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    return {
        **os.environ,
        "PANTAU_HOME": str(home),
        "PANTAU_STORE": store,
        "PANTAU_CRAWL__FRONTIER": frontier,
        "PANTAU_CRAWL__CYCLE_SECONDS": "0",
        # The generated outlet has 2,000 articles; the default cap is 500 per outlet and worker.
        "PANTAU_CRAWL__MAX_ARTICLES_PER_SOURCE": "5000",
        **LOCAL_SITE_ENV,
        **(extra or {}),
    }


def start_worker(env: Mapping[str, str], sources: Path) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "pantau_cli", "crawl", "--worker", "--no-alerts", "--json"]
    return subprocess.Popen(
        [*cmd, "--sources", str(sources)],
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 600) -> dict[str, Any]:
    """The worker's JSON summary; a worker that failed raises with its stderr."""
    out, err = process.communicate(timeout=timeout)
    if process.returncode != 0:
        raise AssertionError(f"worker exited {process.returncode}: {err[-3000:]}")
    summary: dict[str, Any] = json.loads(out)
    return summary


def stop_left(processes: Iterable[subprocess.Popen[str]]) -> None:
    """Kill and reap the workers still running: a test that failed midway leaves none crawling."""
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.communicate()


def fetched_twice(requests: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(outlet, path) pairs requested more than once, robots.txt aside: each worker reads an
    outlet's rules itself (Scrapy's robots.txt middleware keeps them per process)."""
    counts = Counter(r for r in requests if r[1] != "/robots.txt")
    return {request: n for request, n in counts.items() if n > 1}
