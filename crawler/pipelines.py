"""Item pipelines, one job each: validate → dedupe → annotate → store.

Items are :class:`~crawler.items.CrawledArticle`: the article and its outlet's region, so the
tagger gets the region from the item itself.

Tagging is batched (``nlp.pipe``) inside ``AnnotatePipeline`` itself rather than in the store's
batches: annotation stays one job, independent of whether a store is configured, and every item
leaves the annotate stage tagged, so the store, its spool and ``item_scraped`` see the same
articles as before. The price is that an item waits for its batch, at most
``PANTAU_ANNOTATE_MAX_WAIT`` seconds; nothing is lost at close, because Scrapy closes the pipelines
only after every item has left them.

Settings read: ``PANTAU_ANNOTATE`` (bool), ``PANTAU_ANNOTATE_BATCH_SIZE``,
``PANTAU_ANNOTATE_MAX_WAIT`` (seconds), ``PANTAU_AGENCIES_FILE`` (the user's agencies.yaml),
``PANTAU_STORE_URL``, ``PANTAU_STORE_BATCH_SIZE``, ``PANTAU_HOME`` (for the spool, the journal of
articles not yet known to be stored). Every outcome is a crawl stat under ``pantau/``.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.asyncio import is_asyncio_available

from crawler import spool
from crawler.items import CrawledArticle
from crawler.moved import StoredStories, StoryKey, same_story, story_key
from crawler.shared_store import shared_store
from crawler.signals_store import store_flush_wanted, store_flushed
from crawler.stats import PantauStats
from nlp.pipeline import Tagger
from pantau.models import Annotation, Article
from search_api.corrections.apply import reapply
from search_api.digests.db import OFFICE_DB_NAME, OfficeDBError, connect
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
    """One article is stored once, whichever URL it was reached through.

    Within one crawl, a second item with an id already seen is dropped, and so is a second item
    telling the same story (:mod:`crawler.moved`: same outlet, title, day, near-identical text)
    under another path. An item whose id is new to the store but whose story the store already
    has (a moved URL) takes the stored article's id, so the store updates that article instead
    of adding a copy (``pantau/dedupe/moved``).
    """

    def __init__(self, crawler: Crawler, store: Store | None = None) -> None:
        self.crawler = crawler
        self.stats = PantauStats(crawler)
        self.store = store
        self._stored = StoredStories(store) if store is not None else None
        self._ids: set[str] = set()
        self._stories: dict[StoryKey, list[Article]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler, shared_store(crawler))

    def process_item(self, item: CrawledArticle) -> CrawledArticle:
        article = item.article
        if article.id in self._ids:
            self.stats.inc("dedupe/duplicate")
            raise DropItem(f"duplicate of an article already seen in this crawl: {article.url}")
        key = story_key(article)
        seen = self._stories.get(key, []) if key is not None else []
        if any(same_story(article, other) for other in seen):
            self.stats.inc("dedupe/duplicate")
            raise DropItem(f"same article as one already seen in this crawl: {article.url}")
        self._ids.add(article.id)
        if key is not None:
            seen.append(article)
            self._stories[key] = seen
        self._adopt_stored_id(article)
        return item

    def _adopt_stored_id(self, article: Article) -> None:
        if self.store is None or self._stored is None or article.published_at is None:
            return
        try:
            if self.store.existing([article.id]):
                return  # an update of the article under its own id
            original = self._stored.original(article)
        except StoreError as exc:
            # Not a reason to lose the article: it is stored under its own id (a copy at worst).
            logger.warning("moved-URL check skipped for %s: %s", article.url, exc)
            self.stats.inc("dedupe/moved_check_failed")
            return
        if original is not None:
            logger.info("%s is %s moved: updating %s", article.url, original.url, original.id)
            self.stats.inc("dedupe/moved")
            self._ids.add(original.id)
            article.id = original.id


class AnnotatePipeline:
    """Runs the NLP tagger (agencies, people, quotes, sentiment) in batches through ``nlp.pipe``.

    Each item waits (``process_item`` is a coroutine) until its batch is tagged: when
    ``batch_size`` items wait, or ``max_wait`` seconds after the first of them arrived. The timer
    is what finishes a partial batch: Scrapy closes the spider only once no item is in a pipeline,
    so a batch left for ``close_spider`` would wait for ever.

    The model loads once per crawl, in a thread (:func:`load_tagger`): building spaCy's Indonesian
    tokenizer alone takes seconds, during which the crawl already fetches and extracts; the first
    items wait for it. A tagger that cannot load stops the crawl (``tagger_failed``), its error
    logged once and raised in every waiting item.
    """

    def __init__(
        self,
        crawler: Crawler,
        tagger: Tagger | Future[Tagger],
        *,
        batch_size: int = 16,
        max_wait: float = 1.0,
    ) -> None:
        self.crawler = crawler
        self.stats = PantauStats(crawler)
        self._loading = tagger if isinstance(tagger, Future) else None
        self._tagger = None if isinstance(tagger, Future) else tagger
        self._load_failed = False
        self._closing: asyncio.Future[None] | None = None
        self.batch_size = batch_size
        self.max_wait = max_wait
        self._waiting: list[tuple[CrawledArticle, asyncio.Future[None]]] = []
        self._timer: asyncio.TimerHandle | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AnnotatePipeline:
        settings = crawler.settings
        if not settings.getbool("PANTAU_ANNOTATE", True):
            raise NotConfigured("PANTAU_ANNOTATE is off")
        if not is_asyncio_available():
            # Without it every item would fail in process_item; refuse to start instead.
            raise RuntimeError(
                "AnnotatePipeline batches on the asyncio loop: keep Scrapy's default asyncio "
                "TWISTED_REACTOR"
            )
        agencies = settings.get("PANTAU_AGENCIES_FILE")
        return cls(
            crawler,
            load_tagger(Path(agencies) if agencies else None),
            batch_size=settings.getint("PANTAU_ANNOTATE_BATCH_SIZE", 16),
            max_wait=settings.getfloat("PANTAU_ANNOTATE_MAX_WAIT", 1.0),
        )

    @property
    def tagger(self) -> Tagger:
        if self._tagger is None:
            raise RuntimeError("the tagger is still loading")
        return self._tagger

    async def process_item(self, item: CrawledArticle) -> CrawledArticle:
        if self._tagger is None:
            self._tagger = await self._loaded()
        loop = asyncio.get_running_loop()
        tagged: asyncio.Future[None] = loop.create_future()
        self._waiting.append((item, tagged))
        if len(self._waiting) >= self.batch_size:
            self._flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.max_wait, self._flush)
        await tagged  # raises what tagging this article raised, as the one-by-one call did
        return item

    async def _loaded(self) -> Tagger:
        assert self._loading is not None  # a tagger given ready is never None
        try:
            return await asyncio.wrap_future(self._loading)
        except Exception:
            if not self._load_failed:
                self._load_failed = True
                logger.exception("the tagger could not load: stopping the crawl")
                self._stop_crawl()
            raise

    def _stop_crawl(self) -> None:
        try:
            engine = self.crawler.engine
        except RuntimeError:
            # Scrapy's answer when no crawl is running (the pipeline driven by hand): nothing
            # to stop, and each item raises the load error anyway.
            return
        # Kept here until it ran (asyncio keeps only weak references to tasks).
        self._closing = asyncio.ensure_future(engine.close_spider_async(reason="tagger_failed"))

    def close_spider(self) -> None:
        # Scrapy gets here only after every item left the pipelines; a leftover would be a bug.
        self._flush()

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._waiting = self._waiting, []
        batch = [(item, tagged) for item, tagged in batch if not tagged.done()]
        if not batch:
            return
        pairs = [(item.article, item.region) for item, _ in batch]
        try:
            annotations = self.tagger.annotate_articles(pairs, batch_size=self.batch_size)
        except Exception:
            # One bad article must not cost its batch-mates their tags: tag them one by one.
            logger.warning(
                "tagging a batch of %s failed, retrying one by one", len(batch), exc_info=True
            )
            self._tag_one_by_one(batch)
            return
        logger.debug("tagged a batch of %s articles", len(batch))
        for (item, tagged), annotation in zip(batch, annotations, strict=True):
            self._done(item, tagged, annotation)

    def _tag_one_by_one(self, batch: list[tuple[CrawledArticle, asyncio.Future[None]]]) -> None:
        for item, tagged in batch:
            try:
                annotation = self.tagger.annotate_article(item.article, region=item.region)
            except Exception as exc:  # noqa: BLE001  # not swallowed: see below
                # Raised in this item's own process_item, where Scrapy logs it and drops the item.
                tagged.set_exception(exc)
                continue
            self._done(item, tagged, annotation)

    def _done(
        self, item: CrawledArticle, tagged: asyncio.Future[None], annotation: Annotation
    ) -> None:
        item.article.annotate(annotation)
        self.stats.inc("annotate/articles")
        tagged.set_result(None)


def load_tagger(agencies_path: Path | None) -> Future[Tagger]:
    """A :class:`Tagger` built in a thread of its own: the future of it, or of its error."""
    loading: Future[Tagger] = Future()

    def load() -> None:
        try:
            loading.set_result(Tagger(agencies_path=agencies_path))
        except Exception as exc:  # noqa: BLE001 — raised where the tagger is awaited
            loading.set_exception(exc)

    # A daemon: a crawl over before the model loaded (nothing to fetch) does not wait for it.
    threading.Thread(target=load, name="pantau-tagger-load", daemon=True).start()
    return loading


class StorePipeline:
    """Upserts articles in batches, each article journaled to the spool before it counts as
    handled (:mod:`crawler.spool`): a crawl killed mid-batch loses nothing, and a batch the store
    refuses simply stays in the spool — never dropped.

    The spool (``PANTAU_HOME/spool/*.jsonl``) is retried after every batch the store accepts again,
    and at the start of the next crawl. Retrying this way never blocks the crawl with sleeps (the
    reactor would stall every download meanwhile); the store clients retry their own transient
    errors (Elasticsearch 429/503) before refusing.

    Staff corrections of tone (``office.db``, :mod:`search_api.corrections`) are put back on every
    article before it is written, so writing an article again never undoes one.
    """

    def __init__(self, crawler: Crawler, store: Store, batch_size: int, spool_dir: Path) -> None:
        self.crawler = crawler
        self.stats = PantauStats(crawler)
        self.store = store
        self.batch_size = batch_size
        self.spool_dir = spool_dir
        self.office_db = spool_dir.parent / OFFICE_DB_NAME
        self._batch: list[Article] = []
        self._journal = spool.Journal(spool_dir)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        store = shared_store(crawler)
        if store is None:
            raise NotConfigured("PANTAU_STORE_URL is not set")
        home = Path(settings.get("PANTAU_HOME") or "var")
        batch_size = settings.getint("PANTAU_STORE_BATCH_SIZE", 50)
        pipeline = cls(crawler, store, batch_size, home / "spool")
        crawler.signals.connect(pipeline._flush, signal=store_flush_wanted)
        return pipeline

    def open_spider(self) -> None:
        self._replay_spool()

    def process_item(self, item: CrawledArticle) -> CrawledArticle:
        # On disk before Scrapy hears the item is handled: a kill from here on loses nothing.
        self._journal.append(item.article)
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
            # Nothing unwritten, and whoever asked must hear so: an item whose batch was written
            # inside its own process_item is announced (item_scraped) only after that write, so
            # a distributed worker may still count it as waiting (crawler/distributed/worker.py).
            self.crawler.signals.send_catch_log(signal=store_flushed)
            return
        if self._write(batch):
            self._journal.committed()
            self._replay_spool()  # the store answers again: drain what it refused before
        else:
            path = self._journal.kept()
            self.stats.inc("store/spooled", len(batch))
            logger.error("store unreachable: %s articles kept in the spool (%s)", len(batch), path)
        # Written or spooled: whoever waits for these items to be safe may go on.
        self.crawler.signals.send_catch_log(signal=store_flushed)

    def _corrected(self, batch: list[Article]) -> list[Article]:
        if not self.office_db.is_file():  # no office database: nothing was ever corrected
            return batch
        try:
            conn = connect(self.office_db)
        except OfficeDBError as exc:
            # Not a reason to lose articles: written as tagged, the warning says corrections wait.
            logger.warning("corrections not applied (office database: %s)", exc)
            self.stats.inc("store/corrections_unavailable")
            return batch
        try:
            return reapply(conn, batch)
        finally:
            conn.close()

    def _write(self, batch: list[Article]) -> bool:
        batch = self._corrected(batch)
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

    def _replay_spool(self) -> None:
        for path in spool.pending(self.spool_dir, besides=self._journal.path):
            try:
                batch = spool.read(path)
            except spool.UnreadableSpoolFile as exc:
                self.stats.inc("store/spool_unreadable")
                logger.error("%s", exc)
                continue
            if batch and not self._write(batch):
                logger.error("spool %s kept: the store is still unreachable", path)
                return
            path.unlink()
            self.stats.inc("store/replayed", len(batch))
