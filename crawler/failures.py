"""What failed, per outlet: a downloader middleware that counts every request's final outcome.

Counted in the crawl stats (``crawler.stats``): ``pantau/source/<id>/fetched`` for a response
that came back (status below 400), ``pantau/source/<id>/failed/<reason>`` for one that did not —
``HTTP 503``, ``connection refused``, ``DNS lookup failed``, ``timeout`` … ``crawler.run`` turns
them into the summary, so a crawl where nothing could be fetched says why and exits 1.

It sits below Scrapy's RetryMiddleware (550) and RedirectMiddleware (600): responses and errors
pass through those first, so only a request's final outcome reaches it, once.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.sources import Source
from crawler.stats import PantauStats

PRIORITY = 540

# Scrapy's (2.14+) and Twisted's exception names, as a humas operator would say them.
_REASONS = {
    "DownloadConnectionRefusedError": "connection refused",
    "CannotResolveHostError": "DNS lookup failed",
    "DownloadTimeoutError": "timeout",
    "DownloadFailedError": "download failed",
    "ResponseDataLossError": "response cut short",
    "ConnectionRefusedError": "connection refused",
    "DNSLookupError": "DNS lookup failed",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "ConnectionLost": "connection lost",
    "ConnectionDone": "connection lost",
    "ResponseNeverReceived": "no response",
    "ResponseFailed": "broken response",
    "SSLError": "TLS error",
}


def reason_for(exception: BaseException) -> str:
    name = type(exception).__name__
    return _REASONS.get(name, name)


class FailureStats:
    """Counts each request's final outcome per outlet (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = PantauStats(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailureStats:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status < 400 or _missing_robots_txt(request, response):
            self.stats.inc(f"source/{self._outlet(request)}/fetched")
        else:
            self.stats.inc(f"source/{self._outlet(request)}/failed/HTTP {response.status}")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        # A robots.txt disallow or a filtered request is a decision, not a failure.
        if not isinstance(exception, IgnoreRequest):
            self.stats.inc(f"source/{self._outlet(request)}/failed/{reason_for(exception)}")

    def _outlet(self, request: Request) -> str:
        """The request's outlet id (its ``source``), or the host (robots.txt of Scrapy's own)."""
        source = request.cb_kwargs.get("source")
        if isinstance(source, Source):
            return source.id
        for candidate in getattr(self.crawler.spider, "sources", []):
            if isinstance(candidate, Source) and candidate.owns(request.url):
                return candidate.id
        return urlsplit(request.url).netloc or "?"


def _missing_robots_txt(request: Request, response: Response) -> bool:
    # No robots.txt means everything is allowed: an outlet without one is healthy.
    return response.status == 404 and urlsplit(request.url).path == "/robots.txt"
