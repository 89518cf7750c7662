"""Item pipelines, one job each: validate → dedupe → annotate → store.

Items are :class:`~crawler.items.CrawledArticle`: the article and its outlet's region, so the
tagger gets the region from the item itself.

Settings read: ``PANTAU_ANNOTATE`` (bool), ``PANTAU_AGENCIES_FILE`` (the user's agencies.yaml),
``PANTAU_STORE_URL``, ``PANTAU_STORE_BATCH_SIZE``, ``PANTAU_HOME`` (for the spool of unwritten
articles). Every outcome is a crawl stat under ``pantau/``.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from crawler.items import CrawledArticle
from crawler.shared_store import shared_store
from crawler.stats import PantauStats
from nlp.pipeline import Tagger
from pantau.models import Article
from search_api.store import Store
from search_api.store.base import StoreError

logger = logging.getLogger(__name__)


class ValidatePipeline:
    """Drops what cannot be an article: no title, no text, or a date in the future."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = PantauStats(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> CrawledArticle:
        if not isinstance(item, CrawledArticle):
            raise DropItem(f"not a CrawledArticle: {type(item).__name__}")
        problem = _invalid(item.article)
        if problem:
            self.stats.inc(f"invalid/{problem}")
            raise DropItem(f"invalid article {item.article.url}: {problem}")
        return item


def _invalid(article: Article) -> str | None:
    if not article.title.strip():
        return "no_title"
    if not article.text.strip():
        return "no_text"
    if article.published_at is not None and article.published_at.tzinfo is None:
        return "naive_date"
    return None


class DedupePipeline:
    """Within one crawl, the same canonical article reached through two URLs is stored once."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = PantauStats(crawler)
        self._ids: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: CrawledArticle) -> CrawledArticle:
        article = item.article
        if article.id in self._ids:
            self.stats.inc("dedupe/duplicate")
            raise DropItem(f"duplicate of an article already seen in this crawl: {article.url}")
        self._ids.add(article.id)
        return item


class AnnotatePipeline:
    """Runs the NLP tagger (agencies, people, quotes, sentiment); the model loads once per crawl."""

    def __init__(self, crawler: Crawler, tagger: Tagger) -> None:
        self.crawler = crawler
        self.stats = PantauStats(crawler)
        self.tagger = tagger

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AnnotatePipeline:
        if not crawler.settings.getbool("PANTAU_ANNOTATE", True):
            raise NotConfigured("PANTAU_ANNOTATE is off")
        agencies = crawler.settings.get("PANTAU_AGENCIES_FILE")
        return cls(crawler, Tagger(agencies_path=Path(agencies) if agencies else None))

    def process_item(self, item: CrawledArticle) -> CrawledArticle:
        article = item.article
        article.annotate(self.tagger.annotate_article(article, region=item.region))
        self.stats.inc("annotate/articles")
        return item


class StorePipeline:
    """Upserts articles in batches; a batch the store refuses is spooled to disk — never dropped.

    The spool (``PANTAU_HOME/spool/*.jsonl``) is retried after every batch the store accepts again,
    and at the start of the next crawl. Retrying this way never blocks the crawl with sleeps (the
    reactor would stall every download meanwhile); the store clients retry their own transient
    errors (Elasticsearch 429/503) before refusing.
    """

    def __init__(self, crawler: Crawler, store: Store, batch_size: int, spool_dir: Path) -> None:
        self.crawler = crawler
        self.stats = PantauStats(crawler)
        self.store = store
        self.batch_size = batch_size
        self.spool_dir = spool_dir
        self._batch: list[Article] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        store = shared_store(crawler)
        if store is None:
            raise NotConfigured("PANTAU_STORE_URL is not set")
        home = Path(settings.get("PANTAU_HOME") or "var")
        return cls(crawler, store, settings.getint("PANTAU_STORE_BATCH_SIZE", 50), home / "spool")

    def open_spider(self) -> None:
        self._replay_spool()

    def process_item(self, item: CrawledArticle) -> CrawledArticle:
        self._batch.append(item.article)
        if len(self._batch) >= self.batch_size:
            self._flush()
        return item

    def close_spider(self) -> None:
        # The store stays open: its owner (crawler.shared_store) closes it after this last flush.
        self._flush()

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        if self._write(batch):
            self._replay_spool()  # the store answers again: drain what it refused before
        else:
            self._spool(batch)

    def _write(self, batch: list[Article]) -> bool:
        try:
            report = self.store.upsert(batch)
        except StoreError as exc:
            self.stats.inc("store/write_failed")
            logger.warning("store refused a batch of %s articles: %s", len(batch), exc)
            return False
        self.stats.inc("store/created", report.created)
        self.stats.inc("store/updated", report.updated)
        if report.failed:
            # Bad records (not transient errors): counted and logged, the rest of the batch stored.
            self.stats.inc("store/failed", report.failed)
            logger.error("store rejected %s articles: %s", report.failed, report.errors[:5])
        return True

    def _spool(self, batch: list[Article]) -> None:
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        path = self.spool_dir / f"spool-{time.time_ns()}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for article in batch:
                fh.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        self.stats.inc("store/spooled", len(batch))
        logger.error("store unreachable: %s articles spooled to %s", len(batch), path)

    def _replay_spool(self) -> None:
        if not self.spool_dir.is_dir():
            return
        for path in sorted(self.spool_dir.glob("spool-*.jsonl")):
            with path.open(encoding="utf-8") as fh:
                batch = [Article.from_dict(json.loads(line)) for line in fh if line.strip()]
            if not self._write(batch):
                logger.error("spool %s kept: the store is still unreachable", path)
                return
            path.unlink()
            self.stats.inc("store/replayed", len(batch))
