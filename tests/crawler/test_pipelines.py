"""Item pipelines with real stores: validation, dedupe, and the spool when the store is down."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import CrawledArticle
from crawler.pipelines import (
    AnnotatePipeline,
    DedupePipeline,
    StorePipeline,
    ValidatePipeline,
    load_tagger,
)
from crawler.run import spooled_articles
from crawler.shared_store import SharedStore
from crawler.signals_store import store_flush_wanted, store_flushed
from pantau.models import Annotation, Article, Sentiment, article_id
from search_api.corrections.ledger import record
from search_api.digests.db import connect
from search_api.store import open_store


def _article(n: int, title: str = "Judul", text: str = "Isi berita.") -> CrawledArticle:
    url = f"https://kabarmasa.com/berita/{n}"
    article = Article(id=article_id("kabarmasa.com", url), url=url, canonical_url=url,
                      outlet="kabarmasa.com",
                      title=title, text=text)  # fmt: skip
    return CrawledArticle(article=article, region="kota-bekasi")


def _store_pipeline(tmp_path: Path, batch: int = 2) -> StorePipeline:
    crawler = get_crawler(
        settings_dict={
            "PANTAU_STORE_URL": f"sqlite:///{tmp_path / 'p.db'}",
            "PANTAU_HOME": str(tmp_path),
            "PANTAU_STORE_BATCH_SIZE": batch,
            "EXTENSIONS": {SharedStore: 100},
        }
    )
    crawler.stats.open_spider()  # type: ignore[union-attr]
    return StorePipeline.from_crawler(crawler)


def _stat(pipeline: StorePipeline | AnnotatePipeline, key: str) -> int:
    return int(pipeline.crawler.stats.get_value(f"pantau/{key}", 0))  # type: ignore[union-attr]


def test_validate_drops_what_cannot_be_an_article() -> None:
    pipeline = ValidatePipeline.from_crawler(get_crawler())
    pipeline.crawler.stats.open_spider()  # type: ignore[union-attr]
    assert pipeline.process_item(_article(1)).article.id
    with pytest.raises(DropItem, match="no_title"):
        pipeline.process_item(_article(2, title="  "))
    with pytest.raises(DropItem, match="no_text"):
        pipeline.process_item(_article(3, text=""))
    with pytest.raises(DropItem, match="not a CrawledArticle"):
        pipeline.process_item({"title": "dict"})
    with pytest.raises(DropItem, match="not a CrawledArticle"):
        pipeline.process_item(_article(4).article)  # a bare Article has lost its crawl context


def test_dedupe_within_a_crawl() -> None:
    pipeline = DedupePipeline.from_crawler(get_crawler())
    pipeline.crawler.stats.open_spider()  # type: ignore[union-attr]
    pipeline.process_item(_article(1))
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item(_article(1))


def test_unreachable_store_spools_and_the_next_crawl_replays(tmp_path: Path) -> None:
    down = _store_pipeline(tmp_path)
    down.open_spider()
    down.store.close()  # the store goes away mid-crawl
    for n in range(5):
        down.process_item(_article(n))
    down.close_spider()
    assert _stat(down, "store/spooled") == 5
    assert len(list((tmp_path / "spool").glob("spool-*.jsonl"))) == 3  # batches of 2, 2, 1

    up = _store_pipeline(tmp_path)
    up.open_spider()  # replays the spool before the new crawl's items
    up.process_item(_article(9))
    up.close_spider()
    up.store.close()  # what the SharedStore extension does on spider_closed
    assert _stat(up, "store/replayed") == 5
    assert list((tmp_path / "spool").glob("*.jsonl")) == []
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        assert store.count() == 6
    finally:
        store.close()


def test_store_puts_staff_corrections_back_before_writing(tmp_path: Path) -> None:
    # An article a staff member corrected, written again with the tagger's tone (a re-crawl).
    tagged = _article(7).article
    tagged.sentiment = Sentiment(label="negative", score=0.9)
    conn = connect(tmp_path / "office.db")
    try:
        record(conn, tagged, agency_id=None, tone="positive", reason="Bantuan.", corrected_by="Ani")
    finally:
        conn.close()
    pipeline = _store_pipeline(tmp_path, batch=1)
    pipeline.process_item(CrawledArticle(article=tagged, region=None))
    pipeline.close_spider()
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        stored = store.get(tagged.id)
    finally:
        store.close()
    assert stored is not None
    assert stored.sentiment is not None
    assert stored.sentiment.label == "positive"


def test_spool_drains_as_soon_as_the_store_answers(tmp_path: Path) -> None:
    pipeline = _store_pipeline(tmp_path, batch=1)
    pipeline.open_spider()
    healthy = pipeline.store
    pipeline.store = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    pipeline.store.close()  # refuses writes
    pipeline.process_item(_article(1))
    assert _stat(pipeline, "store/spooled") == 1
    pipeline.store = healthy  # back again
    pipeline.process_item(_article(2))
    assert _stat(pipeline, "store/replayed") == 1
    pipeline.close_spider()
    healthy.close()
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        assert store.count() == 2
    finally:
        store.close()


class _RecordingTagger:
    """Stands in for nlp's Tagger: records the batches and regions it was asked to tag."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.batches: list[list[str | None]] = []
        self.single: list[str] = []
        self.fail_on = fail_on  # the url whose tagging raises

    def annotate_articles(
        self, pairs: list[tuple[Article, str | None]], *, batch_size: int = 64
    ) -> list[Annotation]:
        self.batches.append([region for _, region in pairs])
        if any(article.url == self.fail_on for article, _ in pairs):
            raise ValueError("bad article")
        return [Annotation(sentiment=_NEUTRAL) for _ in pairs]

    def annotate_article(self, article: Article, *, region: str | None = None) -> Annotation:
        self.single.append(article.url)
        if article.url == self.fail_on:
            raise ValueError("bad article")
        return Annotation(sentiment=_NEUTRAL)


_NEUTRAL = Sentiment(label="neutral", score=0.0)


def _annotate(tagger: _RecordingTagger, *, batch: int = 3, wait: float = 60.0) -> AnnotatePipeline:
    crawler = get_crawler()
    crawler.stats.open_spider()
    return AnnotatePipeline(crawler, tagger, batch_size=batch, max_wait=wait)  # type: ignore[arg-type]


def _run(pipeline: AnnotatePipeline, items: list[CrawledArticle]) -> list[object]:
    async def crawl() -> list[object]:
        tasks = [asyncio.ensure_future(pipeline.process_item(item)) for item in items]
        return await asyncio.gather(*tasks, return_exceptions=True)

    return asyncio.run(crawl())


def test_annotate_tags_full_batches_with_each_items_region() -> None:
    tagger = _RecordingTagger()
    pipeline = _annotate(tagger, batch=3)
    items = [_article(n) for n in range(6)]
    items[4].region = "kab-bekasi"
    assert _run(pipeline, items) == items
    assert tagger.batches == [["kota-bekasi"] * 3, ["kota-bekasi", "kab-bekasi", "kota-bekasi"]]
    assert all(item.article.sentiment == _NEUTRAL for item in items)
    assert _stat(pipeline, "annotate/articles") == 6


def test_annotate_finishes_a_partial_batch_after_the_wait() -> None:
    tagger = _RecordingTagger()
    pipeline = _annotate(tagger, batch=10, wait=0.01)
    items = [_article(n) for n in range(4)]
    assert _run(pipeline, items) == items  # would hang without the timer
    assert tagger.batches == [["kota-bekasi"] * 4]
    assert _stat(pipeline, "annotate/articles") == 4


def test_annotate_close_spider_tags_what_still_waits() -> None:
    tagger = _RecordingTagger()
    pipeline = _annotate(tagger, batch=10)

    async def crawl() -> list[CrawledArticle]:
        tasks = [asyncio.ensure_future(pipeline.process_item(_article(n))) for n in range(2)]
        await asyncio.sleep(0)  # both items now wait for their batch
        pipeline.close_spider()
        return await asyncio.gather(*tasks)

    assert len(asyncio.run(crawl())) == 2
    assert _stat(pipeline, "annotate/articles") == 2


def test_a_failing_article_fails_alone() -> None:
    bad = _article(1)
    tagger = _RecordingTagger(fail_on=bad.article.url)
    pipeline = _annotate(tagger, batch=3)
    items = [_article(0), bad, _article(2)]
    results = _run(pipeline, items)
    assert isinstance(results[1], ValueError)
    assert results[0] is items[0]
    assert results[2] is items[2]
    assert tagger.single == [item.article.url for item in items]  # retried one by one
    assert items[0].article.sentiment == _NEUTRAL
    assert bad.article.sentiment is None
    assert _stat(pipeline, "annotate/articles") == 2


def test_items_wait_for_a_tagger_still_loading() -> None:
    """The model loads in a thread while the crawl starts: items arriving before it wait, and
    are tagged in batches once it is there."""
    tagger = _RecordingTagger()
    loading: Future[_RecordingTagger] = Future()
    crawler = get_crawler()
    crawler.stats.open_spider()
    pipeline = AnnotatePipeline(crawler, loading, batch_size=2, max_wait=60.0)  # type: ignore[arg-type]
    items = [_article(n) for n in range(4)]

    async def crawl() -> list[CrawledArticle]:
        tasks = [asyncio.ensure_future(pipeline.process_item(item)) for item in items]
        await asyncio.sleep(0.05)
        assert not any(task.done() for task in tasks)  # waiting for the model, not tagged
        assert tagger.batches == []
        with pytest.raises(RuntimeError, match="loading"):
            pipeline.tagger  # noqa: B018 — the property raises while loading
        asyncio.get_running_loop().call_soon(loading.set_result, tagger)
        return await asyncio.gather(*tasks)

    assert asyncio.run(crawl()) == items
    assert tagger.batches == [["kota-bekasi"] * 2, ["kota-bekasi"] * 2]
    assert pipeline.tagger is tagger
    assert _stat(pipeline, "annotate/articles") == 4


def test_a_tagger_that_cannot_load_fails_every_item_and_is_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "agencies.yaml"
    broken.write_text("agencies:\n  - {nama: 1\n", encoding="utf-8")
    crawler = get_crawler()
    crawler.stats.open_spider()
    pipeline = AnnotatePipeline(crawler, load_tagger(broken), batch_size=2)

    async def crawl() -> list[object]:
        tasks = [asyncio.ensure_future(pipeline.process_item(_article(n))) for n in range(3)]
        return await asyncio.gather(*tasks, return_exceptions=True)

    with caplog.at_level(logging.ERROR, logger="crawler.pipelines"):
        results = asyncio.run(crawl())
    assert len(results) == 3
    assert all(isinstance(result, Exception) for result in results)
    assert "agencies.yaml" in str(results[0])
    assert [r.message for r in caplog.records] == ["the tagger could not load: stopping the crawl"]
    assert _stat(pipeline, "annotate/articles") == 0


def test_annotate_refuses_to_start_without_an_asyncio_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("crawler.pipelines.is_asyncio_available", lambda: False)
    with pytest.raises(RuntimeError, match="asyncio"):
        AnnotatePipeline.from_crawler(get_crawler())


def test_the_crawl_counts_what_still_waits_in_the_spool(tmp_path: Path) -> None:
    # The exit code asks this, not whether a batch was spooled on the way: a spool drained later
    # in the same crawl lost nothing (crawler/run.py, pantau_cli/commands/crawl.py).
    assert spooled_articles(tmp_path / "spool") == 0
    down = _store_pipeline(tmp_path)
    down.open_spider()
    down.store.close()  # the store goes away mid-crawl
    for n in range(3):
        down.process_item(_article(n))
    down.close_spider()
    assert spooled_articles(tmp_path / "spool") == 3
    up = _store_pipeline(tmp_path)
    up.open_spider()  # the next crawl replays the spool first
    assert spooled_articles(tmp_path / "spool") == 0
    assert _stat(up, "store/replayed") == 3


def test_every_handled_article_is_in_the_spool_before_its_batch_is_written(
    tmp_path: Path,
) -> None:
    # A crawl killed mid-batch: the pipeline is never closed, its memory is gone.
    killed = _store_pipeline(tmp_path, batch=50)
    killed.open_spider()
    for n in range(3):
        killed.process_item(_article(n))
        assert spooled_articles(tmp_path / "spool") == n + 1
    # The kill cut the next line short: it was never acknowledged, and is skipped.
    [journal] = (tmp_path / "spool").glob("spool-*.jsonl")
    with journal.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "cut-sh')
    killed._journal.kept()  # what the kernel does to a killed process's open file
    killed.store.close()

    after = _store_pipeline(tmp_path, batch=50)
    after.open_spider()  # the next crawl writes them first
    after.close_spider()
    after.store.close()
    assert _stat(after, "store/replayed") == 3
    assert spooled_articles(tmp_path / "spool") == 0
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        assert store.count() == 3
    finally:
        store.close()


def test_a_committed_batch_leaves_no_spool_file(tmp_path: Path) -> None:
    pipeline = _store_pipeline(tmp_path, batch=2)
    pipeline.open_spider()
    pipeline.process_item(_article(1))
    pipeline.process_item(_article(2))  # the batch is written: its journal goes
    assert list((tmp_path / "spool").glob("*")) == []
    pipeline.process_item(_article(3))
    assert spooled_articles(tmp_path / "spool") == 1
    pipeline.close_spider()
    pipeline.store.close()
    assert list((tmp_path / "spool").glob("*")) == []


def test_a_damaged_spool_file_is_set_aside_not_deleted(tmp_path: Path) -> None:
    spool_dir = tmp_path / "spool"
    spool_dir.mkdir()
    damaged = spool_dir / "spool-1.jsonl"
    damaged.write_text('{"not": "an article"}\n', encoding="utf-8")
    pipeline = _store_pipeline(tmp_path)
    pipeline.open_spider()
    pipeline.close_spider()
    pipeline.store.close()
    assert not damaged.exists()
    assert (spool_dir / "unreadable-spool-1.jsonl").read_text(encoding="utf-8").startswith("{")
    assert _stat(pipeline, "store/spool_unreadable") == 1


def test_a_flush_asked_for_with_nothing_waiting_still_answers(tmp_path: Path) -> None:
    """A batch written inside the last item's process_item leaves nothing to flush; a distributed
    worker that asks (store_flush_wanted) must still hear store_flushed, or its leases are never
    acked and the crawl never ends (seen when a worker's items were an exact number of batches)."""
    pipeline = _store_pipeline(tmp_path, batch=2)
    heard: list[str] = []
    pipeline.crawler.signals.connect(
        lambda: heard.append("flushed"), signal=store_flushed, weak=False
    )
    pipeline.crawler.signals.connect(pipeline._flush, signal=store_flush_wanted)
    pipeline.open_spider()
    pipeline.process_item(_article(1))
    pipeline.process_item(_article(2))  # written here, inside process_item
    assert heard == ["flushed"]
    pipeline.crawler.signals.send_catch_log(signal=store_flush_wanted)
    assert heard == ["flushed", "flushed"]
    pipeline.close_spider()
    pipeline.store.close()
