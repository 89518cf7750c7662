"""Work the extraction workers do ahead for the crawl process's pipelines (crawler/prepare.py):
prepared in a real worker process, used by the real cluster and archive pipelines only while it
still fits the article, redone in the crawl process when it does not."""

from __future__ import annotations

import gzip
from array import array
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pathological_pages import good_article
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.archive import FETCHED_AT, ArchivePipeline, raw_response
from crawler.cluster_pipeline import ClusterPipeline
from crawler.extract_pool import ExtractPool, PageJob
from crawler.items import CrawledArticle
from crawler.prepare import Fingerprint, Prepared, prepare
from nlp.shingles import shingle_hashes
from pantau.models import Article
from search_api.archive.archive import Archive

URL = "http://127.0.0.1:9/berita/{}/judul"
WHEN = datetime(2026, 11, 9, 3, 0, tzinfo=UTC)


def _response(n: int) -> HtmlResponse:
    request = Request(URL.format(n), meta={FETCHED_AT: WHEN})
    return HtmlResponse(
        URL.format(n), body=good_article(n).encode(), headers={"Server": "x"}, request=request
    )


def _job(response: HtmlResponse, *, fingerprint: bool, record: bool) -> PageJob:
    return PageJob(
        response.body,
        response.url,
        "kabarmasa.com",
        "KabarMasa",
        fingerprint=fingerprint,
        response=raw_response(response) if record else None,
    )


def test_a_worker_prepares_the_fingerprint_and_the_record() -> None:
    first, second = _response(1), _response(2)
    pool = ExtractPool(workers=1, timeout=20.0)
    try:
        both = pool.submit(_job(first, fingerprint=True, record=True)).result(timeout=60)
        neither = pool.submit(_job(second, fingerprint=False, record=False)).result(timeout=60)
    finally:
        pool.close()
    article = both.article
    assert isinstance(article, Article)
    assert both.prepared is not None
    fingerprint, record = both.prepared.fingerprint, both.prepared.record
    assert fingerprint is not None
    assert fingerprint.fits(article)
    # The same hashes; their order is the set's, which differs between processes.
    assert sorted(fingerprint.hashes) == sorted(shingle_hashes(article.title, article.text))
    assert record is not None
    assert record.holds(article.id, raw_response(first))
    plain = gzip.decompress(record.member)
    assert f"WARC-Pantau-Article-Id: {article.id}".encode() in plain
    assert plain.endswith(first.body + b"\r\n\r\n")
    assert isinstance(neither.article, Article)
    assert neither.prepared is None


def _crawler(tmp_path: Path, **settings: object) -> object:
    crawler = get_crawler(settings_dict={"PANTAU_HOME": str(tmp_path), **settings})
    crawler.stats.open_spider()  # type: ignore[union-attr]
    return crawler


def _item(response: HtmlResponse, prepared: Prepared | None) -> CrawledArticle:
    page = _job(response, fingerprint=False, record=False).run()
    assert isinstance(page.article, Article)
    return CrawledArticle(article=page.article, region="kota-bekasi", prepared=prepared)


TEXTS = (
    "Pemerintah Kota Bekasi memulai normalisasi Kali Bekasi sepanjang tiga kilometer di wilayah "
    "Bekasi Utara untuk mengantisipasi banjir pada puncak musim hujan tahun ini.",
    "Warga Perumahan Pondok Gede Permai mengeluhkan banjir yang kembali merendam permukiman "
    "mereka setelah hujan deras mengguyur sejak Sabtu malam.",
    "Dinas Kesehatan membuka layanan vaksinasi keliling di dua belas kelurahan mulai pekan depan "
    "dengan sasaran anak sekolah dasar dan lansia.",
)


def _story(n: int) -> CrawledArticle:
    url = URL.format(n)
    article = Article(id=f"id-{n}", url=url, canonical_url=url, outlet="kabarmasa.com",
                      title=f"Judul {n}", text=TEXTS[n])  # fmt: skip
    return CrawledArticle(article=article, region="kota-bekasi")


def test_clustering_uses_the_hashes_only_while_they_are_the_articles(tmp_path: Path) -> None:
    crawler = _crawler(tmp_path)
    pipeline = ClusterPipeline(crawler, None, window=10, threshold=0.5)  # type: ignore[arg-type]
    lead, other, third = _story(0), _story(1), _story(2)
    pipeline.process_item(lead)
    # Hashes that say "a copy of the lead" on an article of its own: used, they decide.
    lead_hashes = array("I", shingle_hashes(lead.article.title, lead.article.text))
    other.prepared = Prepared(Fingerprint(other.article.title, other.article.text, lead_hashes))
    pipeline.process_item(other)
    assert other.article.cluster_id == lead.article.id
    # Hashes of a text the article no longer has (merged pages): ignored, its own text counts.
    third.prepared = Prepared(Fingerprint(third.article.title, "teks lain", lead_hashes))
    pipeline.process_item(third)
    assert third.article.cluster_id == third.article.id
    assert crawler.stats.get_value("pantau/prepared/fingerprint") == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("moved", [False, True])
def test_the_archive_appends_the_built_record_or_builds_it_again(
    tmp_path: Path, moved: bool
) -> None:
    crawler = _crawler(tmp_path)
    response = _response(4)
    item = _item(response, None)
    item.prepared = prepare(item.article, fingerprint=False, response=raw_response(response))
    if moved:
        item.article.id = "stored-article-id"  # crawler.moved: takes the stored article's id
    archive = Archive.of_home(tmp_path)
    pipeline = ArchivePipeline(crawler, archive)  # type: ignore[arg-type]
    pipeline.item_scraped(item, response)
    pipeline.close_spider()
    with Archive.of_home(tmp_path) as again:
        evidence = again.evidence(item.article.id)
    assert evidence is not None
    assert evidence.record.response.body == response.body
    assert evidence.record.warc_headers["WARC-Pantau-Article-Id"] == item.article.id
    assert evidence.capture.fetched_at == WHEN
    stats = crawler.stats  # type: ignore[attr-defined]
    assert item.prepared.record is not None
    if moved:
        assert stats.get_value("pantau/archive/rebuilt") == 1
        assert stats.get_value("pantau/prepared/record") is None
    else:
        assert evidence.capture.warc_length == len(item.prepared.record.member)
        assert stats.get_value("pantau/prepared/record") == 1
        assert stats.get_value("pantau/archive/rebuilt") is None
