"""Blog-engine markup read by the metadata pass: hCard and rel=author bylines, rel=tag, editors."""

from __future__ import annotations

import json

import lxml.html  # type: ignore[import-untyped]

from crawler.extract.metadata import PageMeta, read_metadata


def _meta(body: str, head: str = "") -> PageMeta:
    return read_metadata(
        lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    )


def test_wordpress_hcard_byline() -> None:
    meta = _meta(
        '<span class="byline"> oleh <span class="author vcard"><a class="url fn n" '
        'href="/author/rina-marlina/">Rina Marlina</a></span></span>'
    )
    assert meta.authors == ["Rina Marlina"]


def test_comment_hcards_are_not_bylines() -> None:
    meta = _meta('<div class="comment-author vcard"><cite class="fn">Pembaca Setia</cite></div>')
    assert meta.authors == []


def test_rel_author_link() -> None:
    meta = _meta(
        '<a rel="author" href="/penulis/dimas">Dimas Prasetyo</a>'
        '<a rel="author" href="/penulis/dimas">Lihat semua tulisan dari penulis ini di sini</a>'
    )
    assert meta.authors == ["Dimas Prasetyo"]


def test_meta_authors_come_before_markup() -> None:
    meta = _meta(
        '<a rel="author" href="/penulis/dimas">Dimas Prasetyo</a>',
        head='<meta name="author" content="Fajar Nugroho">',
    )
    assert meta.authors == ["Fajar Nugroho", "Dimas Prasetyo"]


def test_rel_tag_links_are_tags_but_category_links_are_not() -> None:
    meta = _meta(
        '<a rel="category tag" href="/category/pemerintahan/">Pemerintahan</a>'
        "<span class='post-labels'>Labels: <a rel='tag' href='/search/label/Kesehatan'>Kesehatan"
        "</a>, <a rel='tag' href='/search/label/Imunisasi'>Imunisasi</a></span>"
    )
    assert meta.tags == ["Kesehatan", "Imunisasi"]


def test_keywords_meta_is_kept_apart_from_article_tags() -> None:
    meta = _meta(
        "",
        head='<meta name="keywords" content="berita, bandung"><meta property="article:tag" '
        'content="APBD"><meta name="news_keywords" content="DPRD Jabar">',
    )
    assert meta.tags == ["APBD", "DPRD Jabar"]
    assert meta.keywords == ["berita", "bandung"]


def test_editors_from_jsonld_and_microdata() -> None:
    data = {"@type": "NewsArticle", "editor": {"@type": "Person", "name": "Siti Aminah"}}
    meta = _meta(
        '<p>Editor: <span itemprop="editor">Bayu Pratama</span></p>',
        head=f'<script type="application/ld+json">{json.dumps(data)}</script>',
    )
    assert meta.editors == ["Siti Aminah", "Bayu Pratama"]
