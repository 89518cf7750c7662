"""Layout tables become blocks; data tables stay tables."""

from __future__ import annotations

import lxml.html  # type: ignore[import-untyped]
from extract_pages import PARAGRAPHS

from crawler.extract.body import run_trafilatura
from crawler.extract.layout import unwrap_layout_tables

URL = "http://suarapriangan.net/index.php/berita/baca/1206"
DATA_TABLE = (
    "<table><tr><th>Kecamatan</th><th>Rumah</th></tr>"
    "<tr><td>Babelan</td><td>120</td></tr><tr><td>Tambun</td><td>85</td></tr></table>"
)


def _tree(body: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><body>{body}</body></html>")


def _layout_page(content: str) -> str:
    return (
        '<table width="780"><tr><td colspan="2"><a href="/">Beranda</a> | <a href="/indeks">Indeks'
        '</a></td></tr><tr><td width="580"><table width="100%"><tr><td class="isi">'
        f"{content}</td></tr></table></td>"
        '<td width="200"><b>Berita Terpopuler</b><ul><li><a href="/a">Satu</a></li></ul></td></tr>'
        "</table>"
    )


def test_layout_tables_become_divs() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    tree = _tree(_layout_page(paragraphs))
    assert unwrap_layout_tables(tree) == 2
    assert not tree.xpath("//table|//tr|//td")
    # Attributes stay: class names still tell trafilatura what a block is.
    assert tree.xpath("//div[@class='isi']/p")


def test_data_tables_are_left_alone() -> None:
    tree = _tree(f"<p>{PARAGRAPHS[0]}</p>{DATA_TABLE}")
    assert unwrap_layout_tables(tree) == 0
    assert len(tree.xpath("//td")) == 4


def test_data_table_inside_a_layout_table_stays_a_table() -> None:
    tree = _tree(_layout_page(f"<p>{PARAGRAPHS[1]}</p>{DATA_TABLE}"))
    unwrap_layout_tables(tree)
    assert len(tree.xpath("//table")) == 1
    assert len(tree.xpath("//table//td")) == 4


def test_paragraphs_of_a_layout_table_come_out_as_paragraphs() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:4:2])
    tree = _tree(_layout_page(paragraphs))
    unwrap_layout_tables(tree)
    text = run_trafilatura(tree, URL)
    assert text.split("\n") == [PARAGRAPHS[1], PARAGRAPHS[3]]
