"""The report as XLSX for the finance office (BPKAD): Indonesian headers, one sheet each for the
summary, the months, the counted items and the items that did not count."""

from __future__ import annotations

from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from search_api.partners.formatting import month_name
from search_api.partners.report import ContractReport, Item

ITEM_HEADERS = [
    "No",
    "Tanggal Tayang",
    "Sumber Tanggal",
    "Media",
    "Judul",
    "URL",
    "Dasar Penghitungan",
    "Status",
    "Keterangan",
    "Referensi Arsip (WARC)",
    "SHA-256",
    "Diarsipkan",
]
MONTH_HEADERS = [
    "Bulan",
    "Kuota",
    "Tayang Memenuhi Syarat",
    "Dibayar (item)",
    "Nilai (Rp)",
    "Kuota Kumulatif",
    "Tayang Kumulatif",
    "Dibayar Kumulatif",
]
STATUS_TEXT = {
    "counted": "Dihitung",
    "over_quota": "Melebihi kuota",
    "not_counted": "Tidak dihitung",
}


def _text(value: str | None) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value or "")


def _header(sheet: Worksheet, values: list[str]) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _item_row(number: int, item: Item) -> list[object]:
    return [
        number,
        item.published_at.replace(tzinfo=None) if item.published_at else None,
        item.date_source or "",
        _text(item.outlet_name or item.outlet),
        _text(item.title),
        item.url,
        _text("; ".join(f"{m.kind}: {m.label}" for m in item.matches)),
        STATUS_TEXT[item.status],
        item.reason_text,
        item.archive_ref or "",
        item.sha256 or "",
        item.archived_at.replace(tzinfo=None) if item.archived_at else None,
    ]


def _items(book: Workbook, title: str, items: list[Item]) -> None:
    sheet = book.create_sheet(title)
    _header(sheet, ITEM_HEADERS)
    for number, item in enumerate(items, start=1):
        sheet.append(_item_row(number, item))
    for column, width in zip(
        "ABCDEFGHIJKL", (5, 18, 12, 18, 60, 50, 40, 15, 35, 40, 66, 18), strict=True
    ):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = "yyyy-mm-dd hh:mm"


def write_xlsx(out: IO[bytes], report: ContractReport) -> None:
    contract = report.contract
    line = report.line
    book = Workbook()
    summary = book.active
    assert isinstance(summary, Worksheet)  # a new workbook's one sheet
    summary.title = "Ringkasan"
    rows: list[tuple[str, object]] = [
        ("Nomor Kontrak", contract.number),
        ("ID Kontrak", contract.id),
        ("Media", ", ".join(contract.outlets)),
        ("Masa Kontrak", f"{contract.period.start} s.d. {contract.period.end}"),
        ("Bulan Laporan", month_name(report.month)),
        ("Kuota per Bulan", contract.quota.per_month),
        ("Kuota Total", contract.quota.total),
        ("Harga per Item (Rp)", contract.price_per_item),
        ("Tayang Memenuhi Syarat", line.found),
        ("Dihitung", len(report.counted)),
        ("Melebihi Kuota", len(report.over_quota)),
        ("Tidak Dihitung", len(report.not_counted)),
        ("Kepatuhan (%)", report.compliance_pct),
        ("Item Dibayar", line.payable),
        ("Nilai Dibayar (Rp)", line.amount),
        ("Kontak", contract.contact.name),
        ("Dibuat", report.generated_at.replace(tzinfo=None)),
    ]
    _header(summary, ["Keterangan", "Nilai"])
    for label, value in rows:
        summary.append([label, value])
    summary.column_dimensions["A"].width = 26
    summary.column_dimensions["B"].width = 50
    months = book.create_sheet("Per Bulan")
    _header(months, MONTH_HEADERS)
    for m in report.months:
        months.append(
            [
                m.month,
                m.expected,
                m.found,
                m.payable,
                m.amount,
                m.cumulative_expected,
                m.cumulative_found,
                m.cumulative_payable,
            ]
        )
    _items(book, "Tayang Dihitung", [*report.counted, *report.over_quota])
    _items(book, "Tidak Dihitung", report.not_counted)
    book.save(out)
