"""One article under many URLs (issue #10 §1, #15 §4): variants, case variants and moved URLs are
stored once (``crawler.moved`` and ``DedupePipeline``), against a real SQLite store."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import CrawledArticle
from crawler.moved import StoredStories, same_story, similarity, stored_original
from crawler.pipelines import DedupePipeline, StorePipeline
from crawler.shared_store import SharedStore
from pantau.models import Article, article_id
from pantau.urls import canonicalize_url
from search_api.store import open_store

WIB = timezone(timedelta(hours=7))
TEXT = (
    "Pemerintah Kota Bekasi meresmikan Pasar Baru Bekasi yang telah direnovasi selama delapan "
    "bulan. Wali Kota mengatakan pasar ini menampung lebih dari 600 pedagang dengan los yang "
    "lebih bersih, saluran air yang baru dan area parkir yang lebih luas bagi pengunjung. "
    "Dinas Perdagangan akan mengatur penempatan pedagang secara bertahap mulai pekan depan."
)


def _item(url: str, *, title: str = "Pasar Baru Bekasi Diresmikan", text: str = TEXT,
          day: int = 3) -> CrawledArticle:  # fmt: skip
    canonical = canonicalize_url(url)
    article = Article(
        id=article_id("kabarmasa.com", canonical),
        url=url,
        canonical_url=canonical,
        outlet="kabarmasa.com",
        title=title,
        text=text,
        published_at=datetime(2026, 11, day, 9, 30, tzinfo=WIB),
    )
    return CrawledArticle(article=article, region="kota-bekasi")


def test_similarity_tells_an_edit_from_another_article() -> None:
    edited = TEXT.replace("delapan bulan", "delapan bulan lamanya")
    assert similarity(TEXT, TEXT) == 1.0
    assert similarity(TEXT, edited) >= 0.8
    other = "Banjir merendam tiga kecamatan di Kota Bekasi setelah hujan deras semalaman."
    assert similarity(TEXT, other) < 0.2
    a = _item("https://kabarmasa.com/berita/7").article
    assert same_story(a, dataclasses.replace(a, title="PASAR BARU BEKASI DIRESMIKAN!", text=edited))
    assert not same_story(
        a, dataclasses.replace(a, published_at=a.published_at + timedelta(days=1))
    )  # type: ignore[operator]
    assert not same_story(a, dataclasses.replace(a, published_at=None))


def _dedupe(store_url: str | None = None, home: Path | None = None) -> DedupePipeline:
    settings: dict[str, object] = {}
    if store_url:
        settings = {"PANTAU_STORE_URL": store_url, "PANTAU_HOME": str(home),
                    "EXTENSIONS": {SharedStore: 100}}  # fmt: skip
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()  # type: ignore[union-attr]
    return DedupePipeline.from_crawler(crawler)


# The seven copies of one article without a canonical link, plus a case variant.
VARIANTS = [
    "https://kabarmasa.com/berita/7/pasar-baru",
    "https://kabarmasa.com/berita/7/pasar-baru?share=wa",
    "https://kabarmasa.com/berita/7/pasar-baru?mode=print",
    "https://kabarmasa.com/berita/7/pasar-baru?page=1",
    "https://kabarmasa.com/berita/7/pasar-baru/",
    "https://www.kabarmasa.com/berita/7/pasar-baru?utm_source=wa",
    "https://m.kabarmasa.com/berita/7/pasar-baru.amp",
    "https://kabarmasa.com/Berita/7/Pasar-Baru",
]


def test_variants_of_one_article_pass_once_within_a_crawl() -> None:
    pipeline = _dedupe()
    passed, dropped = [], 0
    for url in VARIANTS:
        try:
            passed.append(pipeline.process_item(_item(url)).article.url)
        except DropItem:
            dropped += 1
    assert passed == [VARIANTS[0]]
    assert dropped == len(VARIANTS) - 1
    # A real second page, and another article the same day, are not variants.
    pipeline.process_item(
        _item("https://kabarmasa.com/berita/7/pasar-baru?page=2", text="Lanjutan.")
    )
    pipeline.process_item(
        _item("https://kabarmasa.com/berita/8/banjir", title="Banjir", text="Air.")
    )


def test_a_moved_url_updates_the_stored_article(tmp_path: Path) -> None:
    store_url = f"sqlite:///{tmp_path / 'pantau.db'}"
    first = _item("https://kabarmasa.com/berita/7/pasar-baru")
    store = open_store(store_url)
    try:
        store.upsert([first.article])
    finally:
        store.close()

    # The next crawl finds the article under its new address, with a corrected sentence.
    moved = _item("https://kabarmasa.com/2026/11/03/pasar-baru-bekasi-diresmikan",
                  text=TEXT.replace("600 pedagang", "650 pedagang"))  # fmt: skip
    assert moved.article.id != first.article.id
    dedupe = _dedupe(store_url, tmp_path)
    crawler = dedupe.crawler
    writer = StorePipeline.from_crawler(crawler)
    writer.process_item(dedupe.process_item(moved))
    writer.close_spider()
    assert crawler.stats.get_value("pantau/dedupe/moved") == 1  # type: ignore[union-attr]
    stored = dedupe.store.get(first.article.id)  # type: ignore[union-attr]
    assert dedupe.store.count() == 1  # type: ignore[union-attr]
    dedupe.store.close()  # type: ignore[union-attr]
    assert stored is not None
    assert stored.url == moved.article.url
    assert "650 pedagang" in stored.text


def test_another_article_with_the_same_title_another_day_is_kept(tmp_path: Path) -> None:
    store_url = f"sqlite:///{tmp_path / 'pantau.db'}"
    store = open_store(store_url)
    try:
        store.upsert([_item("https://kabarmasa.com/berita/7/jadwal").article])
    finally:
        store.close()
    dedupe = _dedupe(store_url, tmp_path)
    later = _item("https://kabarmasa.com/berita/9/jadwal", day=4)
    assert dedupe.process_item(later).article.id == later.article.id
    assert dedupe.crawler.stats.get_value("pantau/dedupe/moved") is None  # type: ignore[union-attr]
    dedupe.store.close()  # type: ignore[union-attr]


def test_stored_stories_search_a_day_once_and_again_when_stale(tmp_path: Path) -> None:
    """The crawl's moved check: one search per outlet and day, the same answers as
    ``stored_original``; a title stored after the search is seen once the list is stale."""
    store = open_store(f"sqlite:///{tmp_path / 'pantau.db'}")
    now = [0.0]
    try:
        first = _item("https://kabarmasa.com/berita/7/pasar-baru").article
        other = _item("https://kabarmasa.com/berita/8/banjir", title="Banjir", text="Air.")
        store.upsert([first, other.article])
        stories = StoredStories(store, max_age=60.0, clock=lambda: now[0])
        moved = _item("https://kabarmasa.com/2026/11/03/pasar-baru",
                      text=TEXT.replace("600 pedagang", "650 pedagang")).article  # fmt: skip
        found = stories.original(moved)
        assert found is not None
        assert found.id == first.id
        assert found.id == getattr(stored_original(store, moved), "id", None)
        # Another article the same day with the same title but other text, or the stored one
        # itself, is no moved copy; another day is another search.
        rewritten = _item("https://kabarmasa.com/berita/9/pasar", text="Pasar ramai. " * 20)
        assert stories.original(rewritten.article) is None
        assert stories.original(first) is None
        assert stories.searches == 1
        assert stories.original(_item("https://kabarmasa.com/berita/10/x", day=4).article) is None
        assert stories.searches == 2

        # Stored after the day was searched (another crawl): found once the list is stale.
        late = _item("https://kabarmasa.com/berita/11/sekolah", title="Sekolah Baru Dibuka",
                     text=TEXT.replace("Pasar Baru", "Sekolah Baru")).article  # fmt: skip
        store.upsert([late])
        late_moved = dataclasses.replace(
            late, id="kabarmasa.com/2026/11/03/sekolah", url="https://kabarmasa.com/s"
        )
        assert stories.original(late_moved) is None
        now[0] = 61.0
        found = stories.original(late_moved)
        assert found is not None
        assert found.id == late.id
        assert stories.searches == 3
    finally:
        store.close()


@pytest.mark.parametrize("url", VARIANTS[1:7])
def test_each_variant_has_the_first_ones_id(url: str) -> None:
    assert _item(url).article.id == _item(VARIANTS[0]).article.id
