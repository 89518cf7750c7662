"""The ``news`` spider: discovers article URLs of the configured outlets and extracts them.

Discovery per source: feeds (RSS 2.0 / Atom), sitemaps (index → urlset, Google News), the
``Sitemap:`` lines of robots.txt, and listing pages with pagination. URLs already in the store are
never fetched again; a feed or sitemap date travels with the request and fills in when the page has
none.

Article pages are read once each (:mod:`crawler.extract.page`: pagination links and the article
from one parse), in extraction worker processes (:mod:`crawler.extract_pool`) that the callbacks
await, so the reactor keeps downloading meanwhile and a page over the time limit is a ``timeout``.

Settings read: ``PANTAU_SOURCES_FILE``, ``PANTAU_MAX_LISTING_PAGES``,
``PANTAU_MAX_ARTICLES_PER_SOURCE``, ``PANTAU_DATE_HINTS`` (off: keep the page's own date, for
``pantau sources check``), ``PANTAU_EXTRACT_WORKERS`` (unset: one per CPU; 0: in this process)
and ``PANTAU_EXTRACT_TIMEOUT`` (seconds a page). Spider argument ``source`` (an outlet id)
limits the crawl to one outlet. The store (``PANTAU_STORE_URL``) is the crawl's shared one, from
:mod:`crawler.shared_store`.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.archive import ArchivePipeline, raw_response
from crawler.cluster_pipeline import ClusterPipeline
from crawler.discovery import (
    DiscoveryError,
    Entry,
    listing_links,
    parse_feed,
    parse_sitemap,
    sitemaps_from_robots,
)
from crawler.extract import merge_pages
from crawler.extract.core import size_rejection
from crawler.extract.page import PageResult
from crawler.extract_pool import POOL_REASONS, ExtractPool, PageJob
from crawler.items import CrawledArticle
from crawler.prepare import Wanted
from crawler.shared_store import shared_store
from crawler.sources import Source, load_sources
from crawler.stats import PantauStats
from pantau.models import Article, Rejected, article_id
from pantau.urls import canonicalize_url
from search_api.store import Store

logger = logging.getLogger(__name__)
# An index of indexes of sitemaps is the deepest real outlets go (a yearly index of monthly ones).
MAX_SITEMAP_DEPTH = 2
# Sitemaps fetched per outlet and crawl: a big outlet has one per month for a few years.
MAX_SITEMAPS = 200


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(
        self,
        sources: list[Source],
        store: Store | None = None,
        *,
        max_listing_pages: int = 5,
        max_articles_per_source: int = 500,
        date_hints: bool = True,
        extract_workers: int = 0,
        extract_timeout: float = 20.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sources = sources
        self.store = store
        self.max_listing_pages = max_listing_pages
        self.max_articles_per_source = max_articles_per_source
        self.date_hints = date_hints
        self._seen: set[str] = set()
        self._queued: dict[str, int] = {s.id: 0 for s in sources}
        self._sitemaps: dict[str, int] = {s.id: 0 for s in sources}
        # Extraction in worker processes (crawler.extract_pool); without workers, in this one.
        self.pool = ExtractPool(extract_workers, extract_timeout) if extract_workers else None
        # What the extraction prepares for the pipelines (crawler.prepare): set when the spider
        # opens, from the pipelines the crawl has.
        self.wanted = Wanted()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        settings = crawler.settings
        path = settings.get("PANTAU_SOURCES_FILE")
        if not path:
            raise NotConfigured("PANTAU_SOURCES_FILE is not set")
        sources = load_sources(Path(path))
        only = kwargs.pop("source", None)
        if only:
            sources = [s for s in sources if s.id == only]
            if not sources:
                raise NotConfigured(f"no source with id {only!r} in {path}")
        spider = super().from_crawler(
            crawler,
            sources,
            *args,
            max_listing_pages=settings.getint("PANTAU_MAX_LISTING_PAGES", 5),
            max_articles_per_source=settings.getint("PANTAU_MAX_ARTICLES_PER_SOURCE", 500),
            date_hints=settings.getbool("PANTAU_DATE_HINTS", True),
            extract_workers=_workers(settings.get("PANTAU_EXTRACT_WORKERS")),
            extract_timeout=settings.getfloat("PANTAU_EXTRACT_TIMEOUT", 20.0),
            **kwargs,
        )
        crawler.signals.connect(spider._use_shared_store, signal=scrapy.signals.spider_opened)
        crawler.signals.connect(spider._see_pipelines, signal=scrapy.signals.spider_opened)
        crawler.signals.connect(spider._start_pool, signal=scrapy.signals.spider_opened)
        crawler.signals.connect(spider._close_pool, signal=scrapy.signals.spider_closed)
        return spider

    def _start_pool(self) -> None:
        if self.pool is not None:
            self.pool.start(wait=False)

    def _close_pool(self) -> None:
        if self.pool is not None:
            self.pool.close()

    def _see_pipelines(self) -> None:
        # The pipelines are built after the spider: known once the engine is.
        try:
            clustering = self.crawler.get_item_pipeline(ClusterPipeline) is not None
            archiving = self.crawler.get_item_pipeline(ArchivePipeline) is not None
        except RuntimeError:
            # Scrapy's answer when no engine runs (callbacks driven by hand): no pipeline to
            # prepare anything for.
            logger.debug("no crawl engine: nothing prepared for the pipelines")
            return
        self.wanted = Wanted(fingerprint=clustering, record=archiving)

    def _use_shared_store(self) -> None:
        # Scrapy builds the extensions after the spider, so the store is picked up on open; its
        # owner (crawler.shared_store) also closes it.
        self.store = shared_store(self.crawler)

    @cached_property
    def stats(self) -> PantauStats:
        return PantauStats(self.crawler)

    async def start(self) -> AsyncIterator[Any]:
        for request in self._start_requests():
            yield request

    def _start_requests(self) -> Iterator[scrapy.Request]:
        for source in self.sources:
            kw = {"source": source}
            for url in source.feed_urls():
                yield scrapy.Request(url, self.parse_feed, cb_kwargs=kw)
            for url in source.sitemap_urls():
                yield scrapy.Request(url, self.parse_sitemap, cb_kwargs=kw)
            if source.robots_sitemaps:
                yield scrapy.Request(
                    source.absolute("/robots.txt"), self.parse_robots, cb_kwargs=kw
                )
            for url in source.listing_urls():
                yield scrapy.Request(
                    url, self.parse_listing, cb_kwargs={"source": source, "depth": 1}
                )

    # -- discovery -------------------------------------------------------------------------------

    def parse_feed(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        try:
            entries = parse_feed(response.body, response.url)
        except DiscoveryError as exc:
            self.stats.inc("discovery/broken_feed")
            logger.warning("broken feed %s: %s", response.url, exc)
            return
        self.stats.inc("discovery/feed_entries", len(entries))
        yield from self._article_requests(source, entries, "feed")

    def parse_sitemap(
        self, response: Response, source: Source, depth: int = 0
    ) -> Iterator[scrapy.Request]:
        try:
            kind, entries = parse_sitemap(response.body, response.url)
        except DiscoveryError as exc:
            self.stats.inc("discovery/broken_sitemap")
            logger.warning("broken sitemap %s: %s", response.url, exc)
            return
        if kind == "index":
            yield from self._child_sitemaps(source, entries, depth + 1)
            return
        self.stats.inc("discovery/sitemap_entries", len(entries))
        yield from self._article_requests(source, entries, "sitemap")

    def _child_sitemaps(
        self, source: Source, entries: list[Entry], depth: int
    ) -> Iterator[scrapy.Request]:
        """An index's sitemaps, within bounds: on the outlet's own site, at most
        :data:`MAX_SITEMAP_DEPTH` indexes deep and :data:`MAX_SITEMAPS` per outlet and crawl. A
        sitemap index that keeps listing new indexes made 17,638 requests in two minutes."""
        if depth > MAX_SITEMAP_DEPTH:
            self.stats.inc("discovery/sitemap_too_deep")
            logger.warning("%s: sitemap indexes nested deeper than %s", source.id, depth - 1)
            return
        for entry in entries:
            if not source.owns(entry.url):
                self.stats.inc("discovery/sitemap_off_site")
                continue
            if self._sitemaps[source.id] >= MAX_SITEMAPS:
                self.stats.inc("discovery/sitemap_limit")
                logger.warning(
                    "%s: more than %s sitemaps, the rest skipped", source.id, MAX_SITEMAPS
                )
                return
            self._sitemaps[source.id] += 1
            kw = {"source": source, "depth": depth}
            yield scrapy.Request(entry.url, self.parse_sitemap, cb_kwargs=kw)

    def parse_robots(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        for url in sitemaps_from_robots(response.text, response.url):
            if source.owns(url) and url not in source.sitemap_urls():
                yield scrapy.Request(url, self.parse_sitemap, cb_kwargs={"source": source})

    def parse_listing(
        self, response: Response, source: Source, depth: int
    ) -> Iterator[scrapy.Request]:
        try:
            links, pages = listing_links(response.text, response.url)
        except DiscoveryError as exc:
            logger.warning("broken listing page %s: %s", response.url, exc)
            return
        self.stats.inc("discovery/listing_pages")
        yield from self._article_requests(source, [Entry(u) for u in links], None)
        if depth < self.max_listing_pages:
            for url in pages:
                if source.owns(url) and not source.wants(url):
                    # Scrapy's duplicate filter stops the page 1 ↔ page 2 ping-pong.
                    yield scrapy.Request(
                        url, self.parse_listing, cb_kwargs={"source": source, "depth": depth + 1}
                    )

    def _article_requests(
        self, source: Source, entries: Iterable[Entry], date_source: str | None
    ) -> Iterator[scrapy.Request]:
        fresh: dict[str, Entry] = {}
        for entry in entries:
            if not source.wants(entry.url):
                continue
            key = article_id(source.id, canonicalize_url(entry.url))
            if key not in self._seen and key not in fresh:
                fresh[key] = entry
        stored = self.store.existing(fresh) if self.store is not None and fresh else set()
        if stored:
            self.stats.inc("skipped/already_stored", len(stored))
        for key, entry in fresh.items():
            self._seen.add(key)
            if key in stored:
                continue
            if self._queued[source.id] >= self.max_articles_per_source:
                self.stats.inc("skipped/source_limit")
                continue
            self._queued[source.id] += 1
            hint = {"published": entry.published, "date_source": date_source}
            yield scrapy.Request(
                entry.url, self.parse_article, cb_kwargs={"source": source, "hint": hint}
            )

    # -- articles --------------------------------------------------------------------------------

    async def parse_article(
        self, response: Response, source: Source, hint: dict[str, Any], whole: bool = False
    ) -> AsyncIterator[CrawledArticle | scrapy.Request]:
        page = await self._read(response, source, follow_pages=not whole, prepare=True)
        if page.page_all:
            # The one-page view is the whole article: extract that instead of this page.
            self.stats.inc("pagination/page_all")
            kwargs = {"source": source, "hint": hint, "whole": True}
            yield scrapy.Request(page.page_all, self.parse_article, cb_kwargs=kwargs)
            return
        article = self._accepted(page, response, source, "extract")
        if article is None:
            return
        if self.date_hints:
            _apply_date_hint(article, hint, ZoneInfo(source.timezone))
        if page.more:
            yield self._page_request(source, article, page.more, [])
        else:
            self.stats.inc("extract/articles")
            yield CrawledArticle(
                article=article, region=source.region, own=source.own, prepared=page.prepared
            )

    # -- multi-page articles: pages are fetched one after another, then merged --------------------

    def _page_request(
        self, source: Source, first: Article, pending: list[str], pages: list[Article]
    ) -> scrapy.Request:
        kwargs = {"source": source, "first": first, "pending": pending[1:], "pages": pages}
        return scrapy.Request(
            pending[0], self.parse_page, errback=self.page_failed, cb_kwargs=kwargs
        )

    async def parse_page(
        self,
        response: Response,
        source: Source,
        first: Article,
        pending: list[str],
        pages: list[Article],
    ) -> AsyncIterator[CrawledArticle | scrapy.Request]:
        result = await self._read(response, source, follow_pages=False, prepare=False)
        page = self._accepted(result, response, source, "pagination")
        pages = [*pages, page] if page is not None else pages
        if pending:
            yield self._page_request(source, first, pending, pages)
        else:
            yield self._merged(source, first, pages)

    def page_failed(self, failure: Failure) -> Iterator[CrawledArticle]:
        """A later page did not load: keep the pages we have (counted), never drop the article."""
        self.stats.inc("pagination/failed")
        request: scrapy.Request = failure.request  # type: ignore[attr-defined]  # set by Scrapy
        kwargs = request.cb_kwargs
        logger.warning(
            "page %s of %s failed: %s", request.url, kwargs["first"].url, failure.getErrorMessage()
        )
        yield self._merged(kwargs["source"], kwargs["first"], kwargs["pages"])

    def _merged(self, source: Source, first: Article, pages: list[Article]) -> CrawledArticle:
        self.stats.inc("pagination/merged_pages", len(pages))
        self.stats.inc("extract/articles")
        return CrawledArticle(
            article=merge_pages(first, pages), region=source.region, own=source.own
        )

    async def _read(
        self, response: Response, source: Source, *, follow_pages: bool, prepare: bool
    ) -> PageResult:
        """The page's links and article from one parse, in a worker when there is a pool; with
        ``prepare`` (a page that may be a whole article), what the pipelines want beside it."""
        body = _body(response)
        too_big = size_rejection(body, response.url)
        if too_big is not None:
            return PageResult(too_big)
        job = PageJob(
            body,
            response.url,
            source.id,
            source.name,
            source.timezone,
            follow_pages,
            fingerprint=prepare and self.wanted.fingerprint,
            response=raw_response(response) if prepare and self.wanted.record else None,
        )
        if self.pool is None:
            return job.run()
        page = await asyncio.wrap_future(self.pool.submit(job))
        if isinstance(page.article, Rejected) and page.article.reason in POOL_REASONS:
            # Also among the outlet's failures (crawler.failures): the page came but gave nothing.
            self.stats.inc(f"source/{source.id}/failed/extraction {page.article.reason}")
        return page

    def _accepted(
        self, page: PageResult, response: Response, source: Source, stat: str
    ) -> Article | None:
        result = page.article
        if result is None:
            return None
        if isinstance(result, Rejected):
            self.stats.inc(f"{stat}/rejected/{result.reason}")
            self.stats.inc(f"source/{source.id}/rejected")
            logger.info("rejected %s: %s %s", response.url, result.reason, result.detail)
            return None
        result.outlet = source.id
        result.outlet_name = source.name
        return result


def _workers(value: Any) -> int:
    """``PANTAU_EXTRACT_WORKERS``: unset is one worker per CPU."""
    return (os.cpu_count() or 1) if value is None else int(value)


def _body(response: Response) -> str | bytes:
    """A charset in the HTTP header beats the page's own declaration; without one, ``extract()``
    reads the bytes itself (BOM, ``<meta charset>``, then detection)."""
    declared = b"charset=" in (response.headers.get("Content-Type") or b"").lower()
    return response.text if declared and isinstance(response, TextResponse) else response.body


def _apply_date_hint(article: Article, hint: dict[str, Any], tz: tzinfo) -> None:
    """Fill or sharpen the publication date from the feed/sitemap that listed the article.

    The page wins when it states a time of day; a feed timestamp fills a missing date, and replaces
    a date-only page date (Blogger's "Kamis, 09 November 2023") when both name the same local day.
    """
    published: datetime | None = hint.get("published")
    source = hint.get("date_source")
    if published is None or source not in ("feed", "sitemap"):
        return
    if article.published_at is None:
        article.published_at, article.date_source = published, source
        return
    page = article.published_at
    date_only = (
        article.date_source in ("text", "url")
        and page.timetz().replace(tzinfo=None) == page.min.time()
    )
    if date_only and page.astimezone(tz).date() == published.astimezone(tz).date():
        article.published_at, article.date_source = published, source
