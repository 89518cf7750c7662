"""``Retry-After`` obeyed: an outlet that answers 429 or 503 with ``Retry-After`` is left alone
for that long (capped) before the next request to it, retries included.

Scrapy's RetryMiddleware retries such answers at once, which is exactly what an overloaded
outlet asked us not to do. This middleware sits above it (560: its ``process_response`` sees the
answer first), records a "not before" time per host, and makes every later request to that host
wait in ``process_request`` (an ``await``: other outlets keep downloading meanwhile).

Settings read: ``PANTAU_RETRY_AFTER_MAX`` (seconds; a longer wish is cut to it, default 600).
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.stats import PantauStats

logger = logging.getLogger(__name__)

PRIORITY = 560
STATUSES = frozenset({429, 503})


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """``Retry-After`` as seconds from ``now``: delta-seconds or an HTTP date; None if absent or
    unreadable (then Scrapy's own retry policy applies)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class RetryAfter:
    def __init__(self, crawler: Crawler, max_wait: float) -> None:
        self.stats = PantauStats(crawler)
        self.max_wait = max_wait
        self.not_before: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfter:
        return cls(crawler, crawler.settings.getfloat("PANTAU_RETRY_AFTER_MAX", 600.0))

    async def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        wait = self.not_before.get(host, 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status in STATUSES:
            raw = response.headers.get(b"Retry-After")
            text = raw.decode("latin-1") if raw else None
            seconds = retry_after_seconds(text, datetime.now(UTC))
            if seconds is not None:
                host = urlsplit(request.url).hostname or ""
                until = time.monotonic() + min(seconds, self.max_wait)
                self.not_before[host] = max(self.not_before.get(host, 0.0), until)
                self.stats.inc("retry_after/honoured")
                logger.info("%s asked to wait %.0f s (Retry-After)", host, seconds)
        return response
