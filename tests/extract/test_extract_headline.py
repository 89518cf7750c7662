"""The headline's neighbourhood: finding the headline, its lines, header byline, section kicker."""

from __future__ import annotations

import lxml.html  # type: ignore[import-untyped]

from crawler.extract.byline import Byline
from crawler.extract.headline import block_lines, find_headline, read_header

TITLE = "DPRD Jabar Mulai Bahas RAPBD 2024"


def _tree(body: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><body>{body}</body></html>")


def test_h1_containing_the_title_is_the_headline() -> None:
    tree = _tree(f"<h2>Terpopuler</h2><h1><span>{TITLE}</span> | Suara Priangan</h1>")
    headline = find_headline(tree, TITLE)
    assert headline is not None
    assert headline.tag == "h1"


def test_bold_title_of_a_table_layout_is_the_headline() -> None:
    tree = _tree(
        f'<ul><li><a href="/baca/1">{TITLE}</a></li></ul>'
        f'<font size="4"><b>{TITLE}</b></font><br><font size="1">Jum\'at, 03/11/2023</font>'
    )
    headline = find_headline(tree, TITLE)
    # The sidebar link with the same text comes first but a link is not a headline.
    assert headline is not None
    assert headline.tag == "b"


def test_no_headline() -> None:
    assert find_headline(_tree("<p>Berita lain</p>"), TITLE) is None
    assert read_header(_tree("<p>Berita lain</p>"), TITLE).text == ""


def test_block_lines_split_at_blocks_and_breaks() -> None:
    element = _tree(
        '<div id="m"><div>Penulis: <a href="/p/rina">Rina</a></div>'
        "<div>Editor: Siti</div>Kamis, 9 November 2023<br>14:30 WIB<script>x()</script></div>"
    ).get_element_by_id("m")
    assert block_lines(element) == [
        "Penulis: Rina",
        "Editor: Siti",
        "Kamis, 9 November 2023",
        "14:30 WIB",
    ]


def test_header_of_a_table_layout() -> None:
    tree = _tree(
        '<table><tr><td><font size="1"><a href="/index.php/kategori/4">Jawa Barat</a></font><br>'
        f'<font size="4"><b>{TITLE}</b></font><br>'
        '<font size="1">Jum\'at, 03/11/2023 - 10:00 WIB</font><br>'
        '<font size="1">Laporan: Teti Sumiati</font></td></tr></table>'
    )
    header = read_header(tree, TITLE)
    assert "Jum'at, 03/11/2023 - 10:00 WIB" in header.text.split("\n")
    assert header.byline == Byline("Teti Sumiati", None)
    assert header.section == "Jawa Barat"


def test_header_byline_lines_stay_apart() -> None:
    tree = _tree(
        f"<article><h1>{TITLE}</h1><div class='meta'><div>Penulis: <a href='/p/r'>Rina</a></div>"
        "<div>Editor: Siti Aminah</div><div>Kamis, 9 November 2023 14:30 WIB</div></div></article>"
    )
    assert read_header(tree, TITLE).byline == Byline("Rina", "Siti Aminah")


def test_a_menu_above_the_headline_is_not_a_kicker() -> None:
    tree = _tree(
        '<div><a href="/kategori/1">Politik</a> | <a href="/kategori/2">Hukum</a></div>'
        f"<h1>{TITLE}</h1>"
    )
    assert read_header(tree, TITLE).section is None


def test_links_below_the_headline_are_not_kickers() -> None:
    tree = _tree(f'<h1>{TITLE}</h1><div><a href="/category/politik/">Politik</a></div>')
    assert read_header(tree, TITLE).section is None


def test_kicker_needs_a_section_path() -> None:
    tree = _tree(f'<div><a href="/penulis/rina">Rina</a></div><h1>{TITLE}</h1>')
    assert read_header(tree, TITLE).section is None
    tree = _tree(f'<div><a href="/kanal/politik">Politik</a></div><h1>{TITLE}</h1>')
    assert read_header(tree, TITLE).section == "Politik"
