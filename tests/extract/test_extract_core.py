"""extract(): fields, date priority, canonical URL and every rejection reason."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from extract_pages import PARAGRAPHS, article_html

from crawler.extract import MAX_HTML_BYTES, REJECTION_REASONS, extract
from pantau.models import Article, Rejected, article_id

URL = "https://www.kabarmasa.com/2023/11/09/pemkot-bekasi-siagakan-pompa?utm_source=fb"
WIB = timezone(timedelta(hours=7))

HEAD = """
<title>Pemkot Bekasi Siagakan Pompa Air Jelang Musim Hujan - KabarMasa</title>
<meta property="og:title" content="Pemkot Bekasi Siagakan Pompa Air Jelang Musim Hujan | KabarMasa">
<meta property="og:site_name" content="KabarMasa">
<meta property="og:type" content="article">
<meta property="og:image" content="/img/pompa.jpg">
<meta property="article:section" content="Pemerintahan">
<meta property="article:tag" content="banjir"><meta property="article:tag" content="Banjir">
<meta name="keywords" content="pompa air, Kota Bekasi">
<link rel="canonical" href="https://kabarmasa.com/2023/11/09/pemkot-bekasi-siagakan-pompa">
"""


def _article(html: str | bytes, url: str = URL, **kwargs: object) -> Article:
    result = extract(html, url, now=datetime(2024, 6, 1, tzinfo=WIB), **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, Article), result
    return result


def _jsonld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_full_article_fields() -> None:
    html = article_html(head=HEAD + '<meta name="author" content="KabarMasa">')
    article = _article(html, outlet_name="Kabar Masa")
    assert article.title == "Pemkot Bekasi Siagakan Pompa Air Jelang Musim Hujan"
    assert article.outlet == "kabarmasa.com"
    assert article.outlet_name == "Kabar Masa"
    assert article.canonical_url == "https://kabarmasa.com/2023/11/09/pemkot-bekasi-siagakan-pompa"
    assert article.id == article_id("kabarmasa.com", article.canonical_url)
    assert article.location == "Kota Bekasi"
    assert article.text.startswith("Pemerintah Kota Bekasi menggelar")
    assert article.lead == article.text.split("\n")[0]
    assert "Baca juga" not in article.text
    assert "Penghargaan Kota Layak Anak" not in article.text
    assert not article.text.endswith("(goeng)")
    assert article.author == "goeng"  # no byline, so the trailing initials
    assert article.section == "Pemerintahan"
    # article:tag names the article's tags, so the keywords meta (often site-wide) is not used.
    assert article.tags == ["banjir"]
    assert article.image_url == "https://www.kabarmasa.com/img/pompa.jpg"
    assert article.language == "id"
    assert article.word_count == len(article.text.split())
    assert article.crawled_at == datetime(2024, 6, 1, tzinfo=WIB)
    assert article.published_at == datetime(2023, 11, 9, tzinfo=WIB)
    assert article.date_source == "url"


def test_byline_beats_meta_and_initials() -> None:
    paragraphs = [*PARAGRAPHS, "Penulis: Budi Santoso", "Editor: Rina Wati"]
    html = article_html(
        head=HEAD + '<meta name="author" content="Andi Meta">', paragraphs=paragraphs
    )
    article = _article(html)
    assert (article.author, article.editor) == ("Budi Santoso", "Rina Wati")
    assert "Penulis" not in article.text


def test_personal_meta_author_beats_initials() -> None:
    article = _article(article_html(head=HEAD + '<meta name="author" content="Andi Meta">'))
    assert article.author == "Andi Meta"


def test_jsonld_fields() -> None:
    head = _jsonld(
        headline="Judul JSON-LD",
        datePublished="2023-11-09T14:30:00+07:00",
        dateModified="2023-11-10T08:00:00+07:00",
        author=[{"@type": "Person", "name": "Siti Aminah"}],
        articleSection="Metropolitan",
        keywords="banjir,pompa",
    )
    article = _article(article_html(head=head, h1=""))
    assert article.title == "Judul JSON-LD"
    assert article.published_at == datetime(2023, 11, 9, 14, 30, tzinfo=WIB)
    assert article.date_source == "json-ld"
    assert article.modified_at == datetime(2023, 11, 10, 8, tzinfo=WIB)
    assert (article.author, article.section, article.tags) == (
        "Siti Aminah",
        "Metropolitan",
        ["banjir", "pompa"],
    )


def test_broken_jsonld_is_skipped() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle",</script>'
    assert _article(article_html(head=head)).title


@pytest.mark.parametrize(
    ("head", "extra", "expected", "source"),
    [
        (
            _jsonld(datePublished="2023-11-08T10:00:00+07:00")
            + '<meta property="article:published_time" content="2023-11-07T10:00:00+07:00">',
            '<time datetime="2023-11-06T10:00:00+07:00">6 Nov</time>',
            datetime(2023, 11, 8, 10, tzinfo=WIB),
            "json-ld",
        ),
        (
            '<meta property="article:published_time" content="2023-11-07T10:00:00+07:00">',
            '<time datetime="2023-11-06T10:00:00+07:00">6 Nov</time>',
            datetime(2023, 11, 7, 10, tzinfo=WIB),
            "meta",
        ),
        (
            "",
            '<time datetime="2023-11-06T10:00:00+07:00">6 Nov</time>',
            datetime(2023, 11, 6, 10, tzinfo=WIB),
            "time",
        ),
        (
            "",
            '<div class="meta">Senin, 6 November 2023 09:15 WITA</div>',
            datetime(2023, 11, 6, 9, 15, tzinfo=timezone(timedelta(hours=8))),
            "text",
        ),
        ("", "", datetime(2023, 11, 9, tzinfo=WIB), "url"),
    ],
)
def test_date_priority(head: str, extra: str, expected: datetime, source: str) -> None:
    article = _article(article_html(head=head, extra_body=extra))
    assert (article.published_at, article.date_source) == (expected, source)


def test_text_date_near_headline_beats_sidebar_dates() -> None:
    html = article_html(extra_body="<div>Kamis, 9 November 2023 14:30 WIB</div>").replace(
        "<nav>", '<nav><span class="date">Rabu, 1 November 2023 08:00 WIB</span>'
    )
    article = _article(html, url="https://kabarmasa.com/berita/123")
    assert article.published_at == datetime(2023, 11, 9, 14, 30, tzinfo=WIB)
    assert article.date_source == "text"


def test_no_date_at_all() -> None:
    article = _article(article_html(), url="https://kabarmasa.com/berita/123")
    assert (article.published_at, article.date_source) == (None, None)


def test_off_site_canonical_is_ignored() -> None:
    html = article_html(head='<link rel="canonical" href="https://agregator.example/x">')
    assert (
        _article(html).canonical_url
        == "https://kabarmasa.com/2023/11/09/pemkot-bekasi-siagakan-pompa"
    )


def test_canonical_to_another_blog_on_the_same_suffix_is_ignored() -> None:
    # A hoax blog pointing its canonical at a real blog must keep its own URL and id.
    real = "https://sumedangpost.blogspot.com/2023/11/pompa.html"
    html = article_html(head=f'<link rel="canonical" href="{real}">')
    hoax = "https://hoax-sumedang.blogspot.com/2023/11/pompa.html"
    article = _article(html, url=hoax, outlet="hoax-sumedang.blogspot.com")
    assert article.canonical_url == hoax
    assert article.id != article_id("sumedangpost.blogspot.com", real)


def test_windows_1252_bytes_end_to_end() -> None:
    paragraphs = [*PARAGRAPHS[:2], PARAGRAPHS[3], "“Kami siap,” kata André, warga Bekasi Utara."]
    html = article_html(paragraphs=paragraphs).replace('<meta charset="utf-8">', "")
    html = html.replace(
        "<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    )
    article = _article(html.encode("cp1252"))
    assert "“Kami siap,” kata André" in article.text


def test_repeat_calls_give_the_same_article() -> None:
    html = article_html(head=HEAD)
    assert _article(html) == _article(html)


def test_rejection_reasons_are_documented() -> None:
    assert set(REJECTION_REASONS) == {
        "empty", "too_large", "unparseable", "not_article", "no_text", "too_short", "no_title",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("html", "url", "reason"),
    [
        (b"", URL, "empty"),
        ("  \n ", URL, "empty"),
        (b"x" * (MAX_HTML_BYTES + 1), URL, "too_large"),
        (b"%PDF-1.4\x00\x01\x02\x03binary", URL, "unparseable"),
        (
            article_html(head='<meta property="og:type" content="website">'),
            "https://kabarmasa.com/kategori/pemerintahan",
            "not_article",
        ),
        (
            '<html><head><meta property="og:type" content="website"></head><body>'
            + "<article><h2><a href='/a'>Judul</a></h2></article>" * 6
            + "</body></html>",
            "https://kabarmasa.com/terbaru",
            "not_article",
        ),
        ("<html><head><title>Kosong</title></head><body><div></div></body></html>", URL, "no_text"),
        (article_html(paragraphs=["Pengumuman: kantor tutup pada hari Senin."]), URL, "too_short"),
        (article_html(h1=""), URL, "no_title"),
    ],
)
def test_rejections(html: str | bytes, url: str, reason: str) -> None:
    result = extract(html, url)
    assert isinstance(result, Rejected), result
    assert result.reason == reason
    assert result.url == url


def test_website_og_type_on_an_article_url_is_kept() -> None:
    html = article_html(head='<meta property="og:type" content="website">')
    assert _article(html).title
