"""Spider callbacks on stored bytes (no network): discovery → requests, skip stored URLs, date
hints."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy import signals
from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler.items import CrawledArticle
from crawler.shared_store import SharedStore
from crawler.sources import Source
from crawler.spiders.news import NewsSpider, _apply_date_hint
from pantau.models import Article, article_id
from pantau.urls import canonicalize_url

WIB = timezone(timedelta(hours=7))
BASE = "http://127.0.0.1:9/"

SOURCES = f"""
sources:
  - id: kabarmasa.com
    name: KabarMasa
    url: {BASE}
    region: kota-bekasi
    feeds: [/feed/]
    listings: [/berita]
    allow: ['^/berita/\\d+/']
"""

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel>
<item><link>http://127.0.0.1:9/berita/1/satu</link><pubDate>Thu, 09 Nov 2023 14:30:00
+0700</pubDate></item>
<item><link>http://127.0.0.1:9/berita/2/dua?utm_source=rss</link></item>
<item><link>http://127.0.0.1:9/berita/2/dua</link></item>
<item><link>http://127.0.0.1:9/tentang</link></item>
<item><link>http://other.example/berita/3/tiga</link></item>
</channel></rss>"""


@pytest.fixture
def spider(tmp_path: Path) -> Iterator[NewsSpider]:
    sources = tmp_path / "sources.yaml"
    sources.write_text(SOURCES, encoding="utf-8")
    settings = {
        "PANTAU_SOURCES_FILE": str(sources),
        "PANTAU_STORE_URL": f"sqlite:///{tmp_path / 's.db'}",
        "PANTAU_MAX_LISTING_PAGES": 2,
        "EXTENSIONS": {SharedStore: 100},
        # In this process: these tests are about the callbacks (test_extract_pool: the workers).
        "PANTAU_EXTRACT_WORKERS": 0,
    }
    crawler = get_crawler(NewsSpider, settings_dict=settings)
    news = NewsSpider.from_crawler(crawler)
    crawler.stats.open_spider()
    crawler.signals.send_catch_log(signals.spider_opened, spider=news)
    yield news
    crawler.signals.send_catch_log(signals.spider_closed, spider=news, reason="finished")


def test_from_crawler_reads_the_settings(spider: NewsSpider) -> None:
    assert spider.crawler.settings.get("PANTAU_SOURCES_FILE")
    assert [s.id for s in spider.sources] == ["kabarmasa.com"]
    assert spider.max_listing_pages == 2
    assert spider.store is not None
    assert spider.pool is None  # PANTAU_EXTRACT_WORKERS 0: extraction in this process


def _source(spider: NewsSpider) -> Source:
    return spider.sources[0]


def _requests(results: Iterator[Any]) -> list[Request]:
    return [r for r in results if isinstance(r, scrapy.Request)]


def test_feed_yields_one_request_per_wanted_canonical_article(spider: NewsSpider) -> None:
    response = XmlResponse(url=BASE + "feed/", body=FEED)
    requests = _requests(spider.parse_feed(response, _source(spider)))
    assert [r.url for r in requests] == [
        BASE + "berita/1/satu",
        BASE + "berita/2/dua?utm_source=rss",
    ]
    assert requests[0].cb_kwargs["hint"] == {
        "published": datetime(2023, 11, 9, 14, 30, tzinfo=WIB),
        "date_source": "feed",
    }


def test_already_stored_urls_are_not_fetched(spider: NewsSpider) -> None:
    url = canonicalize_url(BASE + "berita/1/satu")
    assert spider.store is not None
    spider.store.upsert(
        [
            Article(
                id=article_id("kabarmasa.com", url),
                url=url,
                canonical_url=url,
                outlet="kabarmasa.com",
                title="Satu",
                text="isi berita",
            )
        ]
    )
    requests = _requests(
        spider.parse_feed(XmlResponse(url=BASE + "feed/", body=FEED), _source(spider))
    )
    assert [r.url for r in requests] == [BASE + "berita/2/dua?utm_source=rss"]
    assert spider.crawler.stats.get_value("pantau/skipped/already_stored") == 1  # type: ignore[union-attr]


def test_broken_feed_is_counted_not_fatal(spider: NewsSpider) -> None:
    response = XmlResponse(url=BASE + "feed/", body=b"<rss><channel><item>")
    assert _requests(spider.parse_feed(response, _source(spider))) == []
    assert spider.crawler.stats.get_value("pantau/discovery/broken_feed") == 1  # type: ignore[union-attr]


def test_listing_follows_pagination_up_to_the_limit(spider: NewsSpider) -> None:
    page = b"""<html><body><a href="/berita/7/tujuh">Tujuh</a><a href="/tentang">Tentang</a>
    <a rel="next" href="/berita?page=2">Selanjutnya</a></body></html>"""
    response = HtmlResponse(url=BASE + "berita", body=page, encoding="utf-8")
    requests = _requests(spider.parse_listing(response, _source(spider), depth=1))
    assert [r.url for r in requests] == [BASE + "berita/7/tujuh", BASE + "berita?page=2"]
    assert requests[1].cb_kwargs["depth"] == 2
    last = _requests(
        spider.parse_listing(response.replace(url=BASE + "berita?page=2"), _source(spider), depth=2)
    )
    assert [r.url for r in last] == []  # the article was seen already; depth 2 is the limit


def test_robots_sitemaps_of_own_host_only(spider: NewsSpider) -> None:
    body = f"Sitemap: {BASE}sitemap.xml\nSitemap: http://other.example/sitemap.xml\n".encode()
    response = TextResponse(url=BASE + "robots.txt", body=body, encoding="utf-8")
    requests = _requests(spider.parse_robots(response, _source(spider)))
    assert [r.url for r in requests] == [BASE + "sitemap.xml"]


def _article(published: datetime | None, source: str | None) -> Article:
    return Article(
        id="x",
        url="u",
        canonical_url="u",
        outlet="o.com",
        title="t",
        text="x",
        published_at=published,
        date_source=source,
    )  # type: ignore[arg-type]


def test_date_hint_fills_missing_and_sharpens_date_only() -> None:
    tz = WIB
    feed_time = datetime(2023, 11, 9, 14, 30, tzinfo=WIB)
    missing = _article(None, None)
    _apply_date_hint(missing, {"published": feed_time, "date_source": "feed"}, tz)
    assert (missing.published_at, missing.date_source) == (feed_time, "feed")

    date_only = _article(datetime(2023, 11, 9, tzinfo=WIB), "text")
    _apply_date_hint(date_only, {"published": feed_time, "date_source": "feed"}, tz)
    assert (date_only.published_at, date_only.date_source) == (feed_time, "feed")

    other_day = _article(datetime(2023, 11, 8, tzinfo=WIB), "text")
    _apply_date_hint(other_day, {"published": feed_time, "date_source": "feed"}, tz)
    assert other_day.date_source == "text"

    precise = _article(datetime(2023, 11, 9, 14, 31, tzinfo=WIB), "meta")
    _apply_date_hint(precise, {"published": feed_time, "date_source": "feed"}, tz)
    assert precise.date_source == "meta"


def _page(title: str, paragraph: str, paging: str = "") -> bytes:
    words = " ".join([paragraph] * 12)
    html = f"""<html lang="id"><head><title>{title}</title>
    <meta property="og:type" content="article">
    <meta property="article:published_time" content="2023-11-09T14:30:00+07:00"></head>
    <body><article><h1>{title}</h1><p>{words}</p>{paging}</article></body></html>"""
    return html.encode()


def _collect(results: Any) -> list[Any]:
    """What an ``async def`` callback yields, run to its end."""

    async def drain() -> list[Any]:
        return [item async for item in results]

    return asyncio.run(drain())


PAGING = """<div class="pagination">Halaman <a href="/berita/5/panjang">1</a>
<a href="/berita/5/panjang/2">2</a> <a href="/berita/5/panjang/3">3</a></div>"""
HINT: dict[str, Any] = {"published": None, "date_source": None}


def test_multi_page_article_is_fetched_whole_and_merged(spider: NewsSpider) -> None:
    source = _source(spider)
    first = HtmlResponse(
        url=BASE + "berita/5/panjang",
        body=_page("Judul Panjang", "Halaman pertama berisi pembukaan berita.", PAGING),
    )
    (request,) = _collect(spider.parse_article(first, source, HINT))
    assert isinstance(request, scrapy.Request)
    assert request.url == BASE + "berita/5/panjang/2"
    second = HtmlResponse(url=request.url, body=_page("Judul Panjang", "Bagian kedua memuat data."))
    (request3,) = _collect(request.callback(second, **request.cb_kwargs))  # type: ignore[misc]
    assert request3.url == BASE + "berita/5/panjang/3"
    third = HtmlResponse(url=request3.url, body=_page("Judul Panjang", "Penutup berisi harapan."))
    (item,) = _collect(request3.callback(third, **request3.cb_kwargs))
    assert isinstance(item, CrawledArticle)
    assert item.region == "kota-bekasi"  # the outlet's region travels with the article
    text = item.article.text
    assert text.index("pembukaan") < text.index("data") < text.index("harapan")
    assert spider.crawler.stats.get_value("pantau/pagination/merged_pages") == 2  # type: ignore[union-attr]


def test_failed_later_page_keeps_the_pages_we_have(spider: NewsSpider) -> None:
    source = _source(spider)
    first = HtmlResponse(
        url=BASE + "berita/5/panjang",
        body=_page("Judul Panjang", "Halaman pertama berisi pembukaan berita.", PAGING),
    )
    (request,) = _collect(spider.parse_article(first, source, HINT))

    failure = Failure(ConnectionRefusedError("connection refused"))
    failure.request = request  # type: ignore[attr-defined]  # as Scrapy's errback machinery does

    (item,) = list(spider.page_failed(failure))
    assert isinstance(item, CrawledArticle)
    assert item.region == "kota-bekasi"
    assert "pembukaan" in item.article.text
    assert spider.crawler.stats.get_value("pantau/pagination/failed") == 1  # type: ignore[union-attr]


def test_article_carries_its_outlets_region(spider: NewsSpider) -> None:
    page = HtmlResponse(
        url=BASE + "berita/6/enam", body=_page("Judul Enam", "Isi berita halaman enam.")
    )
    (item,) = _collect(spider.parse_article(page, _source(spider), HINT))
    assert isinstance(item, CrawledArticle)
    assert item.region == "kota-bekasi"
    assert item.article.outlet == "kabarmasa.com"


def test_page_all_link_replaces_the_paged_view(spider: NewsSpider) -> None:
    paging = '<p><a href="/berita/5/panjang?page=all">Tampilkan semua</a></p>' + PAGING
    first = HtmlResponse(
        url=BASE + "berita/5/panjang", body=_page("Judul", "Isi berita halaman satu.", paging)
    )
    (request,) = _collect(spider.parse_article(first, _source(spider), HINT))
    assert isinstance(request, scrapy.Request)
    assert request.url == BASE + "berita/5/panjang?page=all"
    assert request.cb_kwargs["whole"] is True


def _index(urls: list[str]) -> bytes:
    items = "".join(f"<sitemap><loc>{url}</loc></sitemap>" for url in urls)
    return (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{items}</sitemapindex>"
    ).encode()


def test_an_endless_sitemap_index_is_bounded(spider: NewsSpider) -> None:
    from crawler.spiders.news import MAX_SITEMAP_DEPTH, MAX_SITEMAPS

    source = _source(spider)
    stats = spider.crawler.stats
    assert stats is not None
    # Each index lists new indexes: depth is bounded...
    requests = _requests(
        spider.parse_sitemap(
            XmlResponse(url=BASE + "s0.xml", body=_index([BASE + "s1.xml"])), source
        )
    )
    for depth in range(1, MAX_SITEMAP_DEPTH + 2):
        assert len(requests) <= 1
        if not requests:
            break
        (request,) = requests
        response = XmlResponse(url=request.url, body=_index([BASE + f"s{depth + 1}.xml"]))
        requests = _requests(
            spider.parse_sitemap(response, source, **{"depth": request.cb_kwargs["depth"]})
        )
    assert requests == []
    assert stats.get_value("pantau/discovery/sitemap_too_deep") == 1
    # ...and so is the count per outlet, and another site's sitemaps are never fetched.
    many = [BASE + f"m{n}.xml" for n in range(MAX_SITEMAPS + 50)] + ["http://intranet.local/s.xml"]
    wide = _requests(
        spider.parse_sitemap(XmlResponse(url=BASE + "big.xml", body=_index(many)), source)
    )
    assert len(wide) <= MAX_SITEMAPS
    assert stats.get_value("pantau/discovery/sitemap_limit") == 1
    assert all(r.url.startswith(BASE) for r in wide)


def test_a_gzip_bomb_sitemap_is_refused_without_inflating_it(spider: NewsSpider) -> None:
    import gzip

    from crawler.discovery import MAX_XML_BYTES

    # About 60 MB of zeros compresses to about 60 kB.
    bomb = gzip.compress(b"<" + b"0" * (MAX_XML_BYTES + 10_000_000))
    response = XmlResponse(url=BASE + "sitemap.xml.gz", body=bomb)
    assert _requests(spider.parse_sitemap(response, _source(spider))) == []
    assert spider.crawler.stats.get_value("pantau/discovery/broken_sitemap") == 1  # type: ignore[union-attr]


def test_a_whole_article_carries_what_the_pipelines_want(spider: NewsSpider) -> None:
    """With clustering and archiving on, extraction prepares the shingle hashes and the WARC
    record of a one-page article (crawler.prepare); a merged multi-page article gets none: its
    text is made later, in the crawl process."""
    from crawler.archive import FETCHED_AT, raw_response
    from crawler.prepare import Wanted
    from nlp.shingles import shingle_hashes

    spider.wanted = Wanted(fingerprint=True, record=True)
    source = _source(spider)
    request = Request(BASE + "berita/6/utuh", meta={FETCHED_AT: datetime(2026, 11, 9, tzinfo=WIB)})
    page = HtmlResponse(
        url=request.url, body=_page("Judul Utuh", "Isi berita utuh."), request=request
    )
    (item,) = _collect(spider.parse_article(page, source, HINT))
    assert isinstance(item, CrawledArticle)
    assert item.prepared is not None
    fingerprint, record = item.prepared.fingerprint, item.prepared.record
    assert fingerprint is not None
    assert fingerprint.fits(item.article)
    assert sorted(fingerprint.hashes) == sorted(
        shingle_hashes(item.article.title, item.article.text)
    )
    assert record is not None
    assert record.holds(item.article.id, raw_response(page))

    first = HtmlResponse(
        url=BASE + "berita/5/panjang",
        body=_page("Judul Panjang", "Halaman pertama berisi pembukaan berita.", PAGING),
    )
    (request2,) = _collect(spider.parse_article(first, source, HINT))
    second = HtmlResponse(
        url=request2.url, body=_page("Judul Panjang", "Bagian kedua memuat data.")
    )
    (request3,) = _collect(request2.callback(second, **request2.cb_kwargs))
    third = HtmlResponse(url=request3.url, body=_page("Judul Panjang", "Penutup berisi harapan."))
    (merged,) = _collect(request3.callback(third, **request3.cb_kwargs))
    assert isinstance(merged, CrawledArticle)
    assert merged.prepared is None


def test_nothing_is_prepared_when_no_pipeline_wants_it(spider: NewsSpider) -> None:
    page = HtmlResponse(url=BASE + "berita/7/tujuh", body=_page("Judul Tujuh", "Isi berita."))
    (item,) = _collect(spider.parse_article(page, _source(spider), HINT))
    assert isinstance(item, CrawledArticle)
    assert item.prepared is None
