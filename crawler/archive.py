"""Archive at crawl time: every stored article's raw HTTP response goes into a WARC file.

``ArchivePipeline`` is an item pipeline (after the store) that listens to Scrapy's
``item_scraped`` signal, the one place where an item that passed every pipeline meets the response
it came from; ``process_item`` itself cannot see responses. ``FetchTime`` (a downloader
middleware) stamps each response with the moment it arrived, the capture's fetch time.

Settings read: ``PANTAU_ARCHIVE`` (bool, default on), ``PANTAU_WARC_MAX_BYTES`` (rotation size),
``PANTAU_HOME`` and ``PANTAU_STORE_URL`` (nothing is archived without a store: the archive is of
stored articles). Outcomes are crawl stats under ``pantau/archive/``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from crawler.items import CrawledArticle
from crawler.stats import PantauStats
from search_api.archive.archive import Archive
from search_api.archive.warc import DEFAULT_MAX_FILE_BYTES, RawResponse

logger = logging.getLogger(__name__)
FETCHED_AT = "pantau_fetched_at"


class FetchTime:
    """Downloader middleware: ``response.meta["pantau_fetched_at"]``, when the response came."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FetchTime:
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        request.meta.setdefault(FETCHED_AT, datetime.now(UTC))
        return response


def raw_response(response: Response) -> RawResponse:
    headers = [
        (key.decode("latin-1"), value.decode("latin-1"))
        for key, values in response.headers.items()
        for value in values
    ]
    fetched_at = response.meta.get(FETCHED_AT) if response.request is not None else None
    return RawResponse(
        url=response.url,
        status=response.status,
        headers=headers,
        body=response.body,
        fetched_at=fetched_at if isinstance(fetched_at, datetime) else datetime.now(UTC),
    )


class ArchivePipeline:
    def __init__(self, crawler: Crawler, archive: Archive) -> None:
        self.crawler = crawler
        self.stats = PantauStats(crawler)
        self.archive = archive
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        settings = crawler.settings
        if not settings.getbool("PANTAU_ARCHIVE", True):
            raise NotConfigured("PANTAU_ARCHIVE is off")
        home = settings.get("PANTAU_HOME")
        if not home or not settings.get("PANTAU_STORE_URL"):
            raise NotConfigured("no PANTAU_HOME or PANTAU_STORE_URL: nothing stored to archive")
        max_bytes = settings.getint("PANTAU_WARC_MAX_BYTES", DEFAULT_MAX_FILE_BYTES)
        return cls(crawler, Archive.of_home(Path(home), max_file_bytes=max_bytes))

    def process_item(self, item: Any) -> Any:
        return item  # the work is in item_scraped, where the response is known

    def item_scraped(self, item: Any, response: Any) -> None:
        if not isinstance(item, CrawledArticle):
            return
        if not isinstance(response, Response):
            # An article finished by an errback (a later page failed) has no response to keep.
            self.stats.inc("archive/no_response")
            logger.warning("not archived (no response): %s", item.article.url)
            return
        raw = raw_response(response)
        # The record the extraction worker built, unless the article took another id meanwhile
        # (a moved URL: crawler.moved) or it is another response's: then built here.
        built = item.prepared.record if item.prepared is not None else None
        if built is not None and not built.holds(item.article.id, raw):
            built = None
            self.stats.inc("archive/rebuilt")
        elif built is not None:
            self.stats.inc("prepared/record")
        try:
            self.archive.record(
                item.article.id, raw, text=item.article.text, origin="crawl", built=built
            )
        except OSError as exc:
            # The article is stored; losing its archive copy is counted and logged, not fatal.
            self.stats.inc("archive/failed")
            logger.error("archiving %s failed: %s", item.article.url, exc)
            return
        self.stats.inc("archive/captures")
        self.stats.inc("archive/bytes", len(response.body))

    def close_spider(self) -> None:
        self.archive.close()
