"""Listing pages and word counts (crawler.extract.kind)."""

from __future__ import annotations

import lxml.html  # type: ignore[import-untyped]
from extract_pages import PARAGRAPHS, article_html

from crawler.extract.kind import is_listing, word_count
from crawler.extract.metadata import read_metadata

WEBSITE = '<meta property="og:type" content="website">'
URL = "https://kabarmasa.com/pemkot-bekasi-siagakan-pompa"


def _check(html: str, url: str, text: str) -> bool:
    tree = lxml.html.document_fromstring(html)
    return is_listing(read_metadata(tree), url, tree, text)


def _cards(n: int) -> str:
    return "".join(
        f"<article><h2><a href='/{i}'>Judul berita nomor {i} hari ini</a></h2>"
        f"<p>Ringkasan singkat berita nomor {i} tentang kota.</p></article>"
        for i in range(n)
    )


def test_listing_path_is_a_listing() -> None:
    assert _check(article_html(head=WEBSITE), "https://kabarmasa.com/kategori/kota", "x")


def test_cards_holding_the_text_one_teaser_each_are_a_listing() -> None:
    html = f"<html><head>{WEBSITE}</head><body>{_cards(6)}</body></html>"
    text = "\n".join(f"Ringkasan singkat berita nomor {i} tentang kota." for i in range(6))
    assert _check(html, URL, text)


def test_article_among_cards_is_not_a_listing() -> None:
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    body = f"<article>{article}</article>{_cards(6)}"
    html = f"<html><head>{WEBSITE}</head><body>{body}</body></html>"
    assert not _check(html, URL, "\n".join(PARAGRAPHS))


def test_text_outside_the_cards_is_not_a_listing() -> None:
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = f"<html><head>{WEBSITE}</head><body><div>{article}</div>{_cards(6)}</body></html>"
    assert not _check(html, URL, "\n".join(PARAGRAPHS))


def test_declared_article_is_never_a_listing() -> None:
    head = '<meta property="og:type" content="article">'
    assert not _check(article_html(head=head), "https://kabarmasa.com/kategori/kota", "")


def test_word_count_counts_cjk_characters_in_pairs() -> None:
    assert word_count("Pemkot Bekasi menggelar rapat") == 4
    assert word_count("新华社北京电") == 3
    assert word_count("Xinhua 新华社北京电") == 4
