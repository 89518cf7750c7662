"""Per-outlet fetch outcomes (``crawler.failures``) and how the crawl summary reads them."""

from __future__ import annotations

from scrapy import Request
from scrapy.exceptions import DownloadConnectionRefusedError, IgnoreRequest
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.failures import FailureStats
from crawler.progress import progress_counts, progress_line
from crawler.run import summarize
from crawler.sources import parse_sources

SOURCES = parse_sources(
    "sources:\n"
    "  - {id: kabarmasa.com, name: K, url: 'http://127.0.0.1:8601/', feeds: [/feed/]}\n"
    "  - {id: wartabekasi.com, name: W, url: 'http://127.0.0.1:8602/', feeds: [/feed/]}\n"
)


def test_final_outcomes_are_counted_per_outlet() -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()
    middleware = FailureStats.from_crawler(crawler)
    kabar, warta = SOURCES

    feed = Request(kabar.absolute("/feed/"), cb_kwargs={"source": kabar})
    middleware.process_exception(feed, DownloadConnectionRefusedError("refused"))
    middleware.process_exception(feed, IgnoreRequest())  # robots.txt said no: not a failure
    page = Request(warta.absolute("/feed/"), cb_kwargs={"source": warta})
    middleware.process_response(page, Response(page.url, status=503))
    middleware.process_response(page, Response(page.url, status=200))
    robots = Request("http://127.0.0.1:8602/robots.txt")  # Scrapy's own, without a source
    middleware.process_response(robots, Response(robots.url, status=404))

    summary = summarize(crawler.stats.get_stats())
    assert summary["failed"] == {
        "kabarmasa.com": {"connection refused": 1},
        "wartabekasi.com": {"HTTP 503": 1},
    }
    # A missing robots.txt (everything allowed) counts as fetched, under its host here.
    assert summary["counts"]["source/127.0.0.1:8602/fetched"] == 1
    assert summary["unreachable"] == ["kabarmasa.com"]
    assert summary["all_failed"] is False


def test_nothing_fetched_at_all_is_all_failed() -> None:
    stats = {
        "pantau/source/kabarmasa.com/failed/connection refused": 4,
        "pantau/source/wartabekasi.com/failed/HTTP 503": 2,
    }
    summary = summarize(stats)
    assert summary["all_failed"] is True
    assert summary["unreachable"] == ["kabarmasa.com", "wartabekasi.com"]
    assert summarize({})["all_failed"] is False  # nothing asked, nothing failed
    assert "6 requests failed" in progress_line(progress_counts(stats))


def test_progress_line_counts() -> None:
    stats = {
        "response_received_count": 50,
        "pantau/extract/articles": 44,
        "pantau/store/created": 40,
        "pantau/store/updated": 4,
        "pantau/extract/rejected/too_short": 1,
    }
    assert progress_line(progress_counts(stats)) == (
        "crawl: 50 pages, 44 articles found, 44 stored, 1 rejected, 0 requests failed"
    )
