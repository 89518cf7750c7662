"""Content that really belongs to its outlet: a request for an outlet goes only to that outlet's
site, or to a feed, sitemap or listing address its entry in ``sources.yaml`` names.

A redirect or a sitemap entry pointing elsewhere — another host, an address on the office's
intranet — was followed and the page stored under the outlet. This downloader middleware sees
every request, redirected ones included (Scrapy schedules a redirect as a new request with the
same ``cb_kwargs``), and refuses those of an outlet that leave its hosts: ``IgnoreRequest``,
counted as ``pantau/offsite/refused`` and logged with the target.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.sources import Source
from crawler.stats import PantauStats

logger = logging.getLogger(__name__)


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.")


def listed_hosts(source: Source) -> frozenset[str]:
    """The outlet's own host and the hosts of the addresses its entry names."""
    urls = [source.url, *source.feed_urls(), *source.sitemap_urls(), *source.listing_urls()]
    return frozenset(_host(url) for url in urls)


class OutletHosts:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = PantauStats(crawler)
        self._hosts: dict[str, frozenset[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OutletHosts:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        source = request.cb_kwargs.get("source")
        if not isinstance(source, Source):
            return  # robots.txt and other requests that are no outlet's
        hosts = self._hosts.get(source.id)
        if hosts is None:
            hosts = self._hosts[source.id] = listed_hosts(source)
        if _host(request.url) in hosts:
            return
        self.stats.inc("offsite/refused")
        logger.warning("%s: %s is not on the outlet's site; not fetched", source.id, request.url)
        raise IgnoreRequest(f"{request.url} is not on {source.id}'s site")
