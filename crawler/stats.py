"""The crawl's own counters: every Pantau stat lives under ``pantau/`` in Scrapy's stats.

One helper for the spider and every pipeline, so the prefix is written once and ``crawler.run``
(which reads the counters back into the crawl summary) agrees with what was counted.
"""

from __future__ import annotations

from scrapy.crawler import Crawler

PREFIX = "pantau/"


class PantauStats:
    """Counts ``pantau/<key>`` on a crawler's stats collector.

    Holds the crawler, not its stats collector: a spider is built before Scrapy creates the
    collector, so the collector is looked up when a count is made.
    """

    def __init__(self, crawler: Crawler) -> None:
        self._crawler = crawler

    def inc(self, key: str, count: int = 1) -> None:
        self._crawler.stats.inc_value(PREFIX + key, count)

    def get(self, key: str) -> int:
        return int(self._crawler.stats.get_value(PREFIX + key, 0))
