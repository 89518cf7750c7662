"""Discovery parsers on stored bytes: feeds, sitemaps, robots.txt, listing pages."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.discovery import (
    DiscoveryError,
    listing_links,
    parse_datetime,
    parse_feed,
    parse_sitemap,
    sitemaps_from_robots,
)

WIB = timezone(timedelta(hours=7))

RSS = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Suara</title>
<item><title>Caf\xe9 baru di Bandung</title><link>https://suara.example/berita/1</link>
<pubDate>Thu, 09 Nov 2023 14:30:00 +0700</pubDate></item>
<item><title>Tanpa tanggal</title><guid>/berita/2</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<entry><title>Pos satu</title><published>2023-11-09T07:15:00.001+07:00</published>
<link rel="replies" type="application/atom+xml" href="https://b.example/feeds/1/comments"/>
<link rel="alternate" type="text/html" href="https://b.example/2023/11/pos-satu.html"/></entry>
</feed>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://k.example/sitemap-news.xml</loc></sitemap></sitemapindex>"""

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://k.example/berita/12/judul</loc><lastmod>2023-11-10T00:00:00+07:00</lastmod>
<news:news><news:publication><news:name>K</news:name><news:language>id</news:language></news:publication>
<news:publication_date>2023-11-09T10:15:00+07:00</news:publication_date><news:title>Judul</news:title>
</news:news></url></urlset>"""


def test_rss_entries_with_dates_and_relative_guid() -> None:
    entries = parse_feed(RSS, "https://suara.example/rss.xml")
    assert [e.url for e in entries] == [
        "https://suara.example/berita/1",
        "https://suara.example/berita/2",
    ]
    assert entries[0].published == datetime(2023, 11, 9, 14, 30, tzinfo=WIB)
    assert entries[0].title == "Café baru di Bandung"
    assert entries[1].published is None


def test_atom_prefers_alternate_html_link() -> None:
    (entry,) = parse_feed(ATOM, "https://b.example/feeds/posts/default")
    assert entry.url == "https://b.example/2023/11/pos-satu.html"
    assert entry.published is not None
    assert entry.published.astimezone(UTC).hour == 0


def test_sitemap_index_and_news_sitemap() -> None:
    kind, children = parse_sitemap(INDEX, "https://k.example/sitemap.xml")
    assert kind == "index"
    assert [c.url for c in children] == ["https://k.example/sitemap-news.xml"]
    kind, urls = parse_sitemap(NEWS, "https://k.example/sitemap-news.xml")
    assert kind == "urlset"
    # the news publication date wins over lastmod
    assert urls[0].published == datetime(2023, 11, 9, 10, 15, tzinfo=WIB)
    assert urls[0].title == "Judul"


def test_gzipped_sitemap() -> None:
    kind, urls = parse_sitemap(gzip.compress(NEWS), "https://k.example/sitemap-news.xml.gz")
    assert kind == "urlset"
    assert len(urls) == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<rss><channel><item>", "not well-formed"),
        (b"<html><body>hi</body></html>", "not an RSS or Atom feed"),
        (b"", "not well-formed"),
        (b"\x1f\x8bbroken", "bad gzip"),
    ],
)
def test_broken_feeds_raise_with_reason(body: bytes, message: str) -> None:
    with pytest.raises(DiscoveryError, match=message):
        parse_feed(body, "https://x.example/feed")


def test_sitemap_rejects_other_xml() -> None:
    with pytest.raises(DiscoveryError, match="not a sitemap"):
        parse_sitemap(ATOM, "https://x.example/sitemap.xml")


def test_external_entities_are_not_resolved(tmp_path: object) -> None:
    evil = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <rss><channel><item><title>&x;</title><link>https://x.example/a</link></item></channel></rss>"""
    (entry,) = parse_feed(evil, "https://x.example/feed")
    assert entry.title is None or "root:" not in entry.title


def test_robots_sitemap_lines() -> None:
    text = (
        "User-agent: *\nDisallow: /admin/\n"
        "Sitemap: https://k.example/sitemap.xml\nsitemap: /news.xml\n"
    )
    assert sitemaps_from_robots(text, "https://k.example/robots.txt") == [
        "https://k.example/sitemap.xml",
        "https://k.example/news.xml",
    ]


def test_listing_links_and_pagination() -> None:
    page = """<html><head><link rel="next" href="/berita?page=2"></head><body>
    <a href="/berita/1/a">Satu</a><a href="#top">atas</a><a href="javascript:void(0)">x</a>
    <a href="/berita?page=3">3</a><a href="/berita?page=2" rel="next">Selanjutnya</a>
    <a href="/tentang">Tentang kami</a></body></html>"""
    links, pages = listing_links(page, "https://k.example/berita")
    assert "https://k.example/berita/1/a" in links
    assert all("#" not in u and "javascript" not in u for u in links)
    assert set(pages) == {"https://k.example/berita?page=2", "https://k.example/berita?page=3"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-11-09T14:30:00+07:00", datetime(2023, 11, 9, 14, 30, tzinfo=WIB)),
        ("2023-11-09T07:30:00Z", datetime(2023, 11, 9, 7, 30, tzinfo=UTC)),
        ("Thu, 09 Nov 2023 14:30:00 +0700", datetime(2023, 11, 9, 14, 30, tzinfo=WIB)),
        ("2023-11-09T14:30:00", None),  # no zone: left to the page
        ("kemarin sore", None),
        (None, None),
    ],
)
def test_parse_datetime(value: str | None, expected: datetime | None) -> None:
    assert parse_datetime(value) == expected
