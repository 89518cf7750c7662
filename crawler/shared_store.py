"""The crawl's one store connection, shared by the spider and ``StorePipeline``.

The spider asks the store which discovered URLs it already has; the pipeline writes articles to it.
Both used to open their own connection. Now this extension opens the one connection in
``from_crawler`` and closes it on ``spider_closed``, which Scrapy sends only after the item
pipelines' ``close_spider`` (so the last batch is written before the store closes). The others
find it through :func:`shared_store`, Scrapy's public ``crawler.get_extension``.

The owner is an extension, not the pipeline or the spider: Scrapy builds the spider first and the
pipelines last, and the spider also needs the store when no pipeline stores anything (``-s
ITEM_PIPELINES={}``).

Settings read: ``PANTAU_STORE_URL`` (unset: no store, so nothing is skipped and nothing stored).
"""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from search_api.store import Store, open_store


class SharedStore:
    """Owns the crawl's store: opened once, closed once when the spider closes."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedStore:
        url = crawler.settings.get("PANTAU_STORE_URL")
        if not url:
            raise NotConfigured("PANTAU_STORE_URL is not set")
        extension = cls(open_store(url))
        crawler.signals.connect(extension.close, signal=signals.spider_closed)
        return extension

    def close(self) -> None:
        self.store.close()


def shared_store(crawler: Crawler) -> Store | None:
    """The crawl's store, or None when ``PANTAU_STORE_URL`` is unset.

    Call it once Scrapy has built its extensions: in a pipeline's ``from_crawler`` or, for the
    spider (built before the extensions), from ``spider_opened`` on.
    """
    extension = crawler.get_extension(SharedStore)
    if extension is not None:
        return extension.store
    if crawler.settings.get("PANTAU_STORE_URL"):
        # Storing nothing without a word would lose the crawl: say what is missing instead.
        raise RuntimeError(
            "PANTAU_STORE_URL is set but the crawler.shared_store.SharedStore extension is not "
            "enabled (EXTENSIONS)"
        )
    return None
