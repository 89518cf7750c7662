"""XLSX with openpyxl's write-only workbook: rows go to a temporary file as they come, so the
size of the export does not decide the memory it takes. Sheet "Kliping" (Indonesian headers by
default) and sheet "Ringkasan" with the search, the period and the counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from search_api.exports.rows import Row
from search_api.exports.summary import Summary

# Column widths in characters, in COLUMNS order: readable without resizing on a laptop screen.
WIDTHS = (17, 20, 60, 45, 10, 50, 40, 40, 20, 18)


def _cell_text(value: str) -> str:
    """A crawled title or a filter may hold control characters, which XLSX cannot store."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _bold_row(sheet: WriteOnlyWorksheet, values: list[str]) -> None:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def write_xlsx(out: IO[bytes], header: list[str], rows: Iterable[Row], summary: Summary) -> int:
    """Writes the workbook to ``out``; returns the number of article rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(summary.text("sheet.articles"))
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    _bold_row(sheet, header)
    count = 0
    for row in rows:
        sheet.append([_cell_text(value) for value in row.cells()])
        count += 1
    about = book.create_sheet(summary.text("sheet.summary"))
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 60
    for label, value in summary.lines():
        about.append([_cell_text(label), _cell_text(value)])
    about.append([])
    _bold_row(about, summary.table_header())
    for line in summary.table():
        about.append(line)
    book.save(out)
    return count
