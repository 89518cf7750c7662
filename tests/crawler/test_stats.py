"""The one stats helper: counters under ``pantau/``, read back by the crawl summary."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from crawler.run import summarize
from crawler.stats import PantauStats


def test_counts_under_the_pantau_prefix_and_reads_them_back() -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()
    stats = PantauStats(crawler)
    stats.inc("store/created")
    stats.inc("store/created", 2)
    stats.inc("extract/rejected/no_text")
    assert crawler.stats.get_value("pantau/store/created") == 3
    assert stats.get("store/created") == 3
    assert stats.get("never/counted") == 0
    summary = summarize(crawler.stats.get_stats())
    assert summary["created"] == 3
    assert summary["rejected"] == {"no_text": 1}
