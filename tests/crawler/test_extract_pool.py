"""The extraction pool (crawler/extract_pool.py): real worker processes, real pages.

Results equal in-process extraction on every sample-site page; a page over the time limit is a
``timeout`` and its worker is replaced; a worker killed mid-page is that page's failure only.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pathological_pages import good_article, huge_page, many_attributes

from crawler.extract.page import PageResult
from crawler.extract_pool import ExtractionError, ExtractPool, PageJob
from pantau.models import Article, Rejected

EXPECTED = sorted((Path(__file__).resolve().parents[1] / "site" / "expected").glob("*/*.json"))
URL = "http://127.0.0.1:9/berita/{}/judul"


@pytest.fixture
def pool() -> Iterator[ExtractPool]:
    extract_pool = ExtractPool(workers=1, timeout=3.0)
    extract_pool.start()
    yield extract_pool
    extract_pool.close()


def _comparable(result: PageResult) -> PageResult:
    """``crawled_at`` is the time of extraction, the only field allowed to differ."""
    if isinstance(result.article, Article):
        return dataclasses.replace(
            result, article=dataclasses.replace(result.article, crawled_at=None)
        )  # type: ignore[arg-type]
    return result


def test_results_equal_in_process_extraction(sample_site: Any) -> None:
    jobs = []
    for path in EXPECTED:
        expected = json.loads(path.read_text(encoding="utf-8"))
        url = sample_site.base_urls[expected["outlet"]].rstrip("/") + expected["url_path"]
        with urllib.request.urlopen(url, timeout=10) as response:
            jobs.append(PageJob(response.read(), response.geturl(), expected["outlet"], "Outlet"))
    extract_pool = ExtractPool(workers=2, timeout=20.0)
    try:
        futures = [extract_pool.submit(job) for job in jobs]
        in_workers = [_comparable(f.result(timeout=60)) for f in futures]
    finally:
        extract_pool.close()
    in_process = [_comparable(job.run()) for job in jobs]
    assert len(jobs) == len(EXPECTED) >= 40
    assert in_workers == in_process
    assert sum(isinstance(r.article, Article) for r in in_workers) >= 30


def test_a_page_over_the_time_limit_is_a_timeout_and_the_next_page_flows(
    pool: ExtractPool,
) -> None:
    (first_worker,) = pool.worker_pids()
    started = time.monotonic()
    stuck = pool.submit(PageJob(many_attributes(), URL.format(1)))
    after = pool.submit(PageJob(good_article(2), URL.format(2)))
    result = stuck.result(timeout=30)
    assert isinstance(result.article, Rejected)
    assert result.article.reason == "timeout"
    good = after.result(timeout=30)
    # 26 s in one process; here the time limit and a fresh worker's start-up.
    assert time.monotonic() - started < 15
    assert isinstance(good.article, Article)
    assert good.article.title == "Berita nomor 2 dari balai kota"
    assert pool.replaced == 1
    assert pool.worker_pids() != [first_worker]
    with pytest.raises(ProcessLookupError):
        os.kill(first_worker, 0)  # the stuck worker is gone, not left running


def test_a_huge_page_is_a_timeout_too(pool: ExtractPool) -> None:
    html = huge_page()
    assert 3_000_000 < len(html) < 5 * 1024 * 1024  # under the size cap: the time limit holds it
    result = pool.submit(PageJob(html, URL.format(3))).result(timeout=30)
    assert isinstance(result.article, Rejected)
    assert result.article.reason == "timeout"


def test_a_killed_worker_fails_its_page_only(pool: ExtractPool) -> None:
    (worker,) = pool.worker_pids()
    doomed = pool.submit(PageJob(many_attributes(), URL.format(4)))
    time.sleep(0.5)  # the page is in the worker
    os.kill(worker, signal.SIGKILL)
    result = doomed.result(timeout=30)
    assert isinstance(result.article, Rejected)
    assert result.article.reason == "worker_crashed"
    good = pool.submit(PageJob(good_article(5), URL.format(5))).result(timeout=30)
    assert isinstance(good.article, Article)


def test_an_extraction_bug_is_raised_in_the_caller(pool: ExtractPool) -> None:
    broken = PageJob(12345, URL.format(6))  # type: ignore[arg-type]  # not HTML at all
    with pytest.raises(ExtractionError, match="AttributeError"):
        pool.submit(broken).result(timeout=30)
    good = pool.submit(PageJob(good_article(7), URL.format(7))).result(timeout=30)
    assert isinstance(good.article, Article)
    assert pool.replaced == 0  # a bug is not a reason to replace the worker


def test_bad_pool_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one worker"):
        ExtractPool(workers=0, timeout=1.0)
    with pytest.raises(ValueError, match="positive"):
        ExtractPool(workers=1, timeout=0)


def test_the_page_behind_a_crashed_one_goes_to_the_replacement(pool: ExtractPool) -> None:
    """A worker holds two pages (the next waits in its pipe): when it dies on the first, the
    second is extracted by its replacement, not lost."""
    (worker,) = pool.worker_pids()
    doomed = pool.submit(PageJob(many_attributes(), URL.format(8)))
    behind = pool.submit(PageJob(good_article(9), URL.format(9)))
    time.sleep(0.5)  # both in the worker's hands, the first being extracted
    os.kill(worker, signal.SIGKILL)
    failed = doomed.result(timeout=30)
    assert isinstance(failed.article, Rejected)
    assert failed.article.reason == "worker_crashed"
    good = behind.result(timeout=30)
    assert isinstance(good.article, Article)
    assert good.article.title == "Berita nomor 9 dari balai kota"
    assert pool.replaced == 1


def test_closing_cancels_queued_pages_and_finishes_those_in_hand() -> None:
    extract_pool = ExtractPool(workers=1, timeout=20.0)
    extract_pool.start()
    futures = [extract_pool.submit(PageJob(good_article(n), URL.format(n))) for n in range(12)]
    futures[0].result(timeout=30)  # the worker has pages in hand
    extract_pool.close()
    done = [f for f in futures if not f.cancelled()]
    assert 2 <= len(done) < len(futures)
    assert all(isinstance(f.result(timeout=0).article, Article) for f in done)
    assert futures[-1].cancelled()
    pids = extract_pool.worker_pids()
    assert pids
    assert all(_gone(pid) for pid in pids)
    with pytest.raises(RuntimeError, match="closed"):
        extract_pool.submit(PageJob(good_article(1), URL.format(1)))


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False
