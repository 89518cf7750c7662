"""The clustering stage of the crawl: every article leaves it with a ``cluster_id``.

Signatures are not stored: at the start of each crawl the :class:`~nlp.clusters.ClusterIndex` is
rebuilt from the store's newest ``PANTAU_CLUSTER_WINDOW`` articles (5,000 by default, a few
weeks of an office's outlets; MinHash of one article takes well under a millisecond), each with
the cluster id it was stored with. So clustering works across crawls and processes with both
stores, through the ``Store`` protocol only, and a new copy of a story joins the cluster of the
copies stored before it. An article stored before clustering existed (no ``cluster_id``) counts as
the lead of its own cluster.

An article already stored keeps its cluster id when crawled again (a re-crawl never moves it);
one outside the window is looked up with ``Store.get``.

Settings read: ``PANTAU_CLUSTER_WINDOW``, ``PANTAU_CLUSTER_THRESHOLD``. Stats: ``pantau/cluster/
{new,joined,kept}``.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from crawler.items import CrawledArticle
from crawler.shared_store import shared_store
from crawler.stats import PantauStats
from nlp.clusters import THRESHOLD, ClusterIndex
from search_api.store import Store
from search_api.store.base import SearchRequest, StoreError
from search_api.store.paging import iter_hits

logger = logging.getLogger(__name__)

DEFAULT_WINDOW = 5000


def load_window(index: ClusterIndex, store: Store, window: int) -> int:
    """Index the store's ``window`` newest articles with their clusters; how many were indexed."""
    loaded = 0
    for hit in iter_hits(store, SearchRequest(), limit=window):
        article = hit.article
        index.add(article.id, article.cluster_id or article.id, article.title, article.text)
        loaded += 1
    return loaded


class ClusterPipeline:
    """Gives each article its cluster (see the module docstring)."""

    def __init__(
        self, crawler: Crawler, store: Store | None, *, window: int, threshold: float
    ) -> None:
        self.crawler = crawler
        self.stats = PantauStats(crawler)
        self.store = store
        self.window = window
        self.index = ClusterIndex(threshold)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterPipeline:
        settings = crawler.settings
        return cls(
            crawler,
            shared_store(crawler),
            window=settings.getint("PANTAU_CLUSTER_WINDOW", DEFAULT_WINDOW),
            threshold=settings.getfloat("PANTAU_CLUSTER_THRESHOLD", THRESHOLD),
        )

    def open_spider(self) -> None:
        if self.store is None:
            return
        try:
            loaded = load_window(self.index, self.store, self.window)
        except StoreError as exc:
            # The crawl still clusters its own articles; earlier copies are not matched this time.
            logger.warning("clustering without stored articles (store: %s)", exc)
            self.stats.inc("cluster/window_unavailable")
            return
        logger.info("cluster index: %s stored articles", loaded)

    def process_item(self, item: CrawledArticle) -> CrawledArticle:
        article = item.article
        stored = self._stored_cluster(article.id)
        if stored is not None:
            article.cluster_id = stored
            self.stats.inc("cluster/kept")
            return item
        # The shingle hashes the extraction worker computed, while they are this text's.
        fingerprint = item.prepared.fingerprint if item.prepared is not None else None
        hashes = (
            fingerprint.hashes if fingerprint is not None and fingerprint.fits(article) else None
        )
        if hashes is not None:
            self.stats.inc("prepared/fingerprint")
        assignment = self.index.assign(article.id, article.title, article.text, hashes=hashes)
        article.cluster_id = assignment.cluster_id
        self.stats.inc("cluster/joined" if assignment.matched else "cluster/new")
        return item

    def _stored_cluster(self, article_id: str) -> str | None:
        known = self.index.cluster_of(article_id)
        if known is not None or self.store is None:
            return known
        try:
            stored = self.store.get(article_id)
        except StoreError as exc:
            logger.warning("cluster of %s not looked up (store: %s)", article_id, exc)
            return None
        return stored.cluster_id if stored is not None else None
