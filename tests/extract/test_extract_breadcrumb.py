"""Sections from visible HTML breadcrumb trails (Kompas, detik, WordPress themes)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from crawler.extract import extract
from crawler.extract.breadcrumb import breadcrumb_section
from pantau.models import Article

TITLE = "Pemkot Bekasi Raih Penghargaan Kota Layak Anak"
REAL_PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "extraction" / "pages"


def section_of(trail_html: str, title: str = TITLE) -> str | None:
    tree = lxml.html.fromstring(f"<html><body>{trail_html}<h1>{title}</h1></body></html>")
    return breadcrumb_section(tree, title)


@pytest.mark.parametrize(
    ("trail", "expected"),
    [
        # Kompas: links inside headings, the site top ("News") first.
        (
            '<ul class="kcm-breadcrumb orange"><li><h4><a href="/">News</a></h4></li>'
            '<li><h4><a href="/regional">Regional</a></h4></li></ul>',
            "Regional",
        ),
        # detik: Home, then two levels; the deepest wins.
        (
            '<ul class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/n">News</a></li>'
            '<li><a href="/kanal/323">Security</a></li></ul>',
            "Security",
        ),
        # WordPress/Yoast: separators and the current page as plain text, not links.
        (
            '<nav aria-label="Breadcrumb"><span><a href="/">Beranda</a> » '
            '<a href="/category/pemerintahan/">Pemerintahan</a> » '
            f"<span>{TITLE}</span></span></nav>",
            "Pemerintahan",
        ),
        # A trail that links the article itself: the title is not a section.
        (
            '<ol class="Breadcrumbs"><li><a href="/">Beranda</a></li>'
            '<li><a href="/daerah">Daerah</a></li>'
            f'<li><a href="/read/1">{TITLE}</a></li></ol>',
            "Daerah",
        ),
        # Microdata trail without a breadcrumb class.
        (
            '<div itemscope itemtype="https://schema.org/BreadcrumbList">'
            '<a href="/">Indeks</a> / <a href="/kabar-kota">Kabar Kota</a></div>',
            "Kabar Kota",
        ),
    ],
)
def test_last_section_crumb_is_the_section(trail: str, expected: str) -> None:
    assert section_of(trail) == expected


@pytest.mark.parametrize(
    "trail",
    [
        '<ul class="breadcrumb"><li><a href="/">Home</a></li><li>Pemkot Bekasi</li></ul>',
        '<ul class="menu"><li><a href="/politik">Politik</a></li></ul>',  # a menu, not a trail
        '<div class="breadcrumb"><a href="/x">' + "kata " * 20 + "</a></div>",  # a sentence
    ],
)
def test_no_section_when_the_trail_names_none(trail: str) -> None:
    assert section_of(trail) is None


def test_meta_section_wins_over_the_trail() -> None:
    body = " ".join(["Warga Kota Bekasi menyambut baik program baru pemerintah kota."] * 20)
    html = (
        '<html><head><meta property="article:section" content="Metropolitan"></head><body>'
        '<ul class="breadcrumb"><li><a href="/">Home</a></li>'
        '<li><a href="/r">Regional</a></li></ul>'
        f"<article><h1>{TITLE}</h1><p>{body}</p></article></body></html>"
    )
    article = extract(html.encode(), url="https://kabar.example/read/1")
    assert isinstance(article, Article)
    assert article.section == "Metropolitan"
    article = extract(
        html.replace('<meta property="article:section" content="Metropolitan">', "").encode(),
        url="https://kabar.example/read/1",
    )
    assert isinstance(article, Article)
    assert article.section == "Regional"


@pytest.mark.skipif(not REAL_PAGES.is_dir(), reason=f"real pages not present at {REAL_PAGES}")
@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("kompas-singlepage.html", "Regional"),
        ("kompas-singlepage3.html", "Internasional"),
        ("detik-singlepage.html", "Security"),
        ("detik-singlepage2.html", "Foto Bisnis"),
    ],
)
def test_real_pages_get_their_breadcrumb_section(page: str, expected: str) -> None:
    article = extract((REAL_PAGES / page).read_bytes(), url="https://www.example.com/read/1")
    assert isinstance(article, Article)
    assert article.section == expected
