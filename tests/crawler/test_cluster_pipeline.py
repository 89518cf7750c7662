"""The clustering stage across crawls: a real SQLite store holds what earlier crawls stored."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.test import get_crawler

from crawler.cluster_pipeline import ClusterPipeline
from crawler.items import CrawledArticle
from crawler.shared_store import SharedStore
from pantau.models import Article, article_id
from search_api.store import open_store

RELEASE = (
    "Pemerintah Kota Bekasi memulai normalisasi Kali Bekasi sepanjang tiga kilometer di wilayah "
    "Kecamatan Bekasi Utara dan Bekasi Timur untuk mengantisipasi banjir pada puncak musim hujan. "
    "Pekerjaan meliputi pengerukan sedimen, pelebaran alur sungai dan perbaikan 14 titik tanggul "
    "kritis. Sebanyak 12 alat berat dan 150 petugas dikerahkan setiap hari."
)
OTHER = (
    "Warga Perumahan Pondok Gede Permai, Jatiasih, mengeluhkan banjir yang kembali merendam "
    "permukiman mereka setelah hujan deras mengguyur sejak Sabtu malam. Ketinggian air di beberapa "
    "gang mencapai 60 sentimeter dan pompa air sering mati."
)


def _item(outlet: str, n: int, title: str, text: str) -> CrawledArticle:
    url = f"https://{outlet}/berita/{n}"
    article = Article(id=article_id(outlet, url), url=url, canonical_url=url, outlet=outlet,
                      title=title, text=text)  # fmt: skip
    return CrawledArticle(article=article, region="kota-bekasi")


def _pipeline(tmp_path: Path) -> ClusterPipeline:
    crawler = get_crawler(
        settings_dict={
            "PANTAU_STORE_URL": f"sqlite:///{tmp_path / 'p.db'}",
            "PANTAU_HOME": str(tmp_path),
            "EXTENSIONS": {SharedStore: 100},
        }
    )
    crawler.stats.open_spider()  # type: ignore[union-attr]
    return ClusterPipeline.from_crawler(crawler)


def test_a_copy_in_a_later_crawl_joins_the_stored_cluster(tmp_path: Path) -> None:
    first = _item("humas.bekasikota.go.id", 1, "Normalisasi Kali Bekasi", RELEASE)
    unrelated = _item("wartabekasi.com", 2, "Warga Jatiasih keluhkan banjir", OTHER)
    crawl_one = _pipeline(tmp_path)
    crawl_one.open_spider()
    for item in (first, unrelated):
        crawl_one.process_item(item)
    assert first.article.cluster_id == first.article.id
    assert unrelated.article.cluster_id == unrelated.article.id
    with open_store(f"sqlite:///{tmp_path / 'p.db'}") as store:
        store.upsert([first.article, unrelated.article])

    copy = _item(
        "kabarmasa.com", 3, "Kali Bekasi Dinormalisasi", "KABARMASA.COM, BEKASI - " + RELEASE
    )
    recrawled = _item("wartabekasi.com", 2, "Warga Jatiasih keluhkan banjir", RELEASE)
    crawl_two = _pipeline(tmp_path)
    crawl_two.open_spider()
    assert len(crawl_two.index) == 2
    crawl_two.process_item(copy)
    crawl_two.process_item(recrawled)
    assert copy.article.cluster_id == first.article.id
    # Stored before in a cluster of its own: an edit matching the release does not move it.
    assert recrawled.article.cluster_id == unrelated.article.id
    stats = crawl_two.crawler.stats
    assert stats.get_value("pantau/cluster/joined") == 1  # type: ignore[union-attr]
    assert stats.get_value("pantau/cluster/kept") == 1  # type: ignore[union-attr]


def test_without_a_store_the_crawl_clusters_its_own_articles() -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()  # type: ignore[union-attr]
    pipeline = ClusterPipeline.from_crawler(crawler)
    pipeline.open_spider()
    release = _item("humas.bekasikota.go.id", 1, "Normalisasi Kali Bekasi", RELEASE)
    copy = _item("kabarmasa.com", 3, "Normalisasi Kali Bekasi", RELEASE)
    pipeline.process_item(release)
    pipeline.process_item(copy)
    assert copy.article.cluster_id == release.article.id
