"""Run the news spider once, in this process, with names resolved by a fixed table.

Used by ``test_offsite.py`` in a subprocess (the reactor runs once per process)::

    python offsite_crawl.py SOURCES_YAML '{"kabarmasa.com": "127.0.0.1", ...}'

Prints the crawl's ``pantau/`` stats and the URLs of the articles extracted, as JSON. Only the
resolver differs from a real crawl: it answers the table's names (the test's outlet and its
"intranet" on loopback, no DNS server needed) through Scrapy's ``TWISTED_DNS_RESOLVER`` setting,
so the middleware under test asks Scrapy's resolver exactly as in production.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.base import ReactorBase

from crawler.items import CrawledArticle
from crawler.settings import crawl_settings
from pantau.settings import Settings

TABLE_ENV = "PANTAU_TEST_DNS_TABLE"


class TableResolver(CachingThreadedResolver):
    """Scrapy's resolver with a fixed answer for the names in ``PANTAU_TEST_DNS_TABLE``."""

    table: dict[str, str]

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> TableResolver:
        resolver = cls(reactor, 100, 5.0)
        resolver.table = json.loads(os.environ.get(TABLE_ENV, "{}"))
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        if name in self.table:
            return defer.succeed(self.table[name])
        return super().getHostByName(name, timeout)


def main(sources: str, table: str) -> None:
    os.environ[TABLE_ENV] = table
    values: dict[str, Any] = crawl_settings(Settings(home=Path.cwd()), sources_file=sources)
    values.update(
        {
            "TWISTED_DNS_RESOLVER": f"{__name__}.TableResolver",
            "ITEM_PIPELINES": {},
            "PANTAU_STORE_URL": None,
            "ROBOTSTXT_OBEY": False,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        }
    )
    process = CrawlerProcess(values)
    crawler = process.create_crawler("news")
    urls: list[str] = []

    def collect(item: object) -> None:
        if isinstance(item, CrawledArticle):
            urls.append(item.article.url)

    crawler.signals.connect(collect, signal=signals.item_scraped)
    process.crawl(crawler)
    process.start()
    assert crawler.stats is not None
    stats = {k: v for k, v in crawler.stats.get_stats().items() if k.startswith("pantau/")}
    print(json.dumps({"stats": stats, "articles": urls}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
