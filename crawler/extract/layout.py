"""Layout tables: old CMS pages built from ``<table>`` grids, turned into blocks before trafilatura.

Table-layout templates (HTML 4 era: ``<TABLE width="780">`` around the header, a content cell and a
sidebar cell, often nested) make trafilatura treat the page as a data table: it renders every cell
as a ``| ... |`` row, merges the paragraphs of a cell into one line and keeps the menu and the
footer. Readability and browsers' reader modes face the same problem and answer it the same way:
tell layout tables from data tables, and read layout tables as plain blocks.

Rule: a ``<table>`` is a layout table when it holds a nested ``<table>`` or block content that a
data cell does not hold — paragraphs, lists, forms, headings, quotes or ``<div>`` blocks. Such a
table has its own ``table``/``tbody``/``thead``/``tfoot``/``tr``/``td``/``th`` elements renamed to
``div`` (attributes kept), so each cell is a block and its ``<p>`` are paragraphs again. A data
table (cells of words and figures only) is left alone, also when it sits inside a layout table.

The tree is changed in place: run this after the metadata readers (which do not look at tables)
and before trafilatura.
"""

from __future__ import annotations

# lxml ships no type stubs (lxml-stubs is not a dependency); its objects are Any to mypy.
from lxml.html import HtmlElement  # type: ignore[import-untyped]

_LAYOUT_TABLES = (
    "//table[.//table or .//p or .//ul or .//ol or .//form or .//div or .//blockquote"
    " or .//h1 or .//h2 or .//h3 or .//h4]"
)
# The table's own rows and cells, not those of tables nested in it.
_OWN_PARTS = "./thead|./tbody|./tfoot|./tr|./*/tr|./tr/td|./tr/th|./*/tr/td|./*/tr/th"


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """Rename the parts of layout tables to ``div``; the number of layout tables found."""
    # Both lists are taken before any renaming, so nested tables are still found by their tag.
    tables = tree.xpath(_LAYOUT_TABLES)
    parts = [(table, table.xpath(_OWN_PARTS)) for table in tables]
    for table, own in parts:
        for element in own:
            element.tag = "div"
        table.tag = "div"
    return len(tables)
