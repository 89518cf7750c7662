"""Multi-page articles: the page-all link, the numbered pages, and merging the pages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from extract_pages import PARAGRAPHS, article_html

from crawler.extract import extract
from crawler.extract.pagination import merge_pages, next_page_urls, page_all_url
from pantau.models import Article

URL = "https://kabarmasa.com/read/2023/11/09/pompa-air"
NOW = datetime(2024, 6, 1, tzinfo=timezone(timedelta(hours=7)))


def _page(extra: str) -> str:
    return article_html(extra_body=extra)


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        ('<a href="?page=all">Tampilkan semua</a>', URL + "?page=all"),
        ('<a href="/read/2023/11/09/pompa-air?page=all">1</a>', URL + "?page=all"),
        ('<a href="/read/2023/11/09/pompa-air/all">Lihat semua halaman</a>', URL + "/all"),
        ('<a href="/read/2023/11/09/pompa-air?single=1">Show all</a>', URL + "?single=1"),
    ],
)
def test_page_all_url(anchor: str, expected: str) -> None:
    assert page_all_url(_page(anchor), URL) == expected


@pytest.mark.parametrize(
    "anchor",
    [
        '<a href="/indeks?page=all">Tampilkan semua</a>',  # a listing, not this article
        '<a href="https://lain.com/read/2023/11/09/pompa-air?page=all">Show all</a>',
        "<a>Tampilkan semua</a>",
    ],
)
def test_page_all_url_ignores_other_links(anchor: str) -> None:
    assert page_all_url(_page(anchor), URL) is None


def test_page_all_url_on_the_whole_page_itself() -> None:
    html = _page('<a href="?page=all">Tampilkan semua</a>')
    assert page_all_url(html, URL + "?page=all") is None


def test_next_page_urls_from_a_pagination_block() -> None:
    block = (
        '<div class="pagination">Halaman <a href="?page=1">1</a> <a href="?page=3">3</a>'
        ' <a href="?page=2">2</a> <a href="?page=2">Selanjutnya</a>'
        ' <a href="/indeks?page=2">2</a></div>'
    )
    assert next_page_urls(_page(block), URL) == [URL + "?page=2", URL + "?page=3"]


def test_next_page_urls_path_pages_and_rel_next() -> None:
    html = _page(
        '<link rel="next" href="/read/2023/11/09/pompa-air/3">'
        '<ul class="paging"><li><a href="/read/2023/11/09/pompa-air/2">2</a></li></ul>'
    )
    assert next_page_urls(html, URL) == [URL + "/2", URL + "/3"]


def test_next_page_ignores_the_next_article() -> None:
    html = _page('<a rel="next" href="/read/2023/11/10/banjir-surut">Berita selanjutnya</a>')
    assert next_page_urls(html, URL) == []


def _extracted(paragraphs: list[str], url: str = URL) -> Article:
    head = '<meta property="og:type" content="article">'
    result = extract(article_html(head=head, paragraphs=paragraphs), url, now=NOW)
    assert isinstance(result, Article), result
    return result


def test_merge_pages() -> None:
    first = _extracted(PARAGRAPHS[:3])
    second_text = [
        PARAGRAPHS[0],  # outlets repeat the lead on every page
        *PARAGRAPHS[3:],
    ]
    second = _extracted(second_text, URL + "?page=2")
    merged = merge_pages(first, [second])
    assert merged.text.startswith(first.text)
    assert "kondisi tanggul" in merged.text
    assert merged.text.count("menggelar rapat koordinasi") == 1
    assert merged.word_count == len(merged.text.split())
    assert merged.url == first.url
    assert merged.author == "goeng"  # the initials on the last page
    assert merge_pages(first, []) == first
