"""One store per crawl: built once by the SharedStore extension, used by the spider and the store
pipeline, closed once when the spider closes (after the pipeline's last batch)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.items import CrawledArticle
from crawler.pipelines import StorePipeline
from crawler.shared_store import SharedStore, shared_store
from crawler.spiders.news import NewsSpider
from pantau.models import Article, article_id
from search_api.store import open_store
from search_api.store.base import StoreError

SOURCES = """
sources:
  - id: kabarmasa.com
    name: KabarMasa
    url: http://127.0.0.1:9/
    feeds: [/feed/]
"""


def _settings(tmp_path: Path, **extra: object) -> dict[str, object]:
    sources = tmp_path / "sources.yaml"
    sources.write_text(SOURCES, encoding="utf-8")
    return {
        "PANTAU_SOURCES_FILE": str(sources),
        "PANTAU_STORE_URL": f"sqlite:///{tmp_path / 'p.db'}",
        "PANTAU_HOME": str(tmp_path),
        "EXTENSIONS": {SharedStore: 100},
        **extra,
    }


def test_spider_and_store_pipeline_share_one_store_closed_once(tmp_path: Path) -> None:
    crawler = get_crawler(NewsSpider, settings_dict=_settings(tmp_path))
    crawler.stats.open_spider()
    spider = NewsSpider.from_crawler(crawler)
    pipeline = StorePipeline.from_crawler(crawler)
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
    assert spider.store is not None
    assert spider.store is pipeline.store is shared_store(crawler)

    url = "http://127.0.0.1:9/berita/1"
    article = Article(id=article_id("kabarmasa.com", url), url=url, canonical_url=url,
                      outlet="kabarmasa.com",
                      title="Judul", text="Isi.")  # fmt: skip
    pipeline.process_item(CrawledArticle(article=article))
    pipeline.close_spider()  # the last batch is written; the store is still open
    assert spider.store.existing([article.id]) == {article.id}
    crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")
    with pytest.raises(StoreError):
        pipeline.store.upsert([article])  # closed by its owner

    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        assert store.count() == 1
    finally:
        store.close()


def test_no_store_url_means_no_store(tmp_path: Path) -> None:
    crawler = get_crawler(NewsSpider, settings_dict=_settings(tmp_path, PANTAU_STORE_URL=None))
    assert crawler.get_extension(SharedStore) is None
    assert shared_store(crawler) is None
    with pytest.raises(NotConfigured):
        StorePipeline.from_crawler(crawler)


def test_a_store_url_without_the_extension_fails_loudly(tmp_path: Path) -> None:
    crawler = get_crawler(NewsSpider, settings_dict=_settings(tmp_path, EXTENSIONS={}))
    with pytest.raises(RuntimeError, match="SharedStore"):
        StorePipeline.from_crawler(crawler)
