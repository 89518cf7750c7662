"""Item pipelines with real stores: validation, dedupe, and the spool when the store is down."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import CrawledArticle
from crawler.pipelines import AnnotatePipeline, DedupePipeline, StorePipeline, ValidatePipeline
from crawler.shared_store import SharedStore
from pantau.models import Annotation, Article, article_id
from search_api.store import open_store


def _article(n: int, title: str = "Judul", text: str = "Isi berita.") -> CrawledArticle:
    url = f"https://kabarmasa.com/berita/{n}"
    article = Article(id=article_id(url), url=url, canonical_url=url, outlet="kabarmasa.com",
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


def _stat(pipeline: StorePipeline, key: str) -> int:
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
    """Stands in for nlp's Tagger: records the region each article was tagged with."""

    def __init__(self) -> None:
        self.regions: list[str | None] = []

    def annotate_article(self, article: Article, *, region: str | None = None) -> Annotation:
        self.regions.append(region)
        return Annotation()


def test_annotate_uses_the_region_carried_on_the_item() -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()
    tagger = _RecordingTagger()
    pipeline = AnnotatePipeline(crawler, tagger)  # type: ignore[arg-type]
    pipeline.process_item(_article(1))
    assert tagger.regions == ["kota-bekasi"]
    assert crawler.stats.get_value("pantau/annotate/articles") == 1
