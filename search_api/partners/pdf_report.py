"""The report as a PDF *kliping* (ReportLab platypus): a cover, the summary table, then one page
per counted item with its headline, outlet, date, an excerpt and the archive reference and hash.
Items that did not count are listed in a table after the summary, with the reason."""

from __future__ import annotations

from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from search_api.exports.pdf_export import FONT, _register_fonts
from search_api.partners.formatting import day, moment, month_name, percent, rupiah
from search_api.partners.report import ContractReport, Item


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13)
    return {
        "base": base,
        "title": ParagraphStyle("title", base, fontName=FONT + "-Bold", fontSize=22, leading=28),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12, textColor=colors.grey),
        "h2": ParagraphStyle("h2", base, fontName=FONT + "-Bold", fontSize=13, leading=18),
        "headline": ParagraphStyle(
            "headline", base, fontName=FONT + "-Bold", fontSize=14, leading=18
        ),
        "meta": ParagraphStyle("meta", base, fontSize=9, textColor=colors.HexColor("#475467")),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10),
        "mono": ParagraphStyle("mono", base, fontName="Courier", fontSize=7.5, leading=9.5),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8.5),
                ("FONT", (0, 0), (-1, 0), FONT + "-Bold", 8.5),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d5dd")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f4f7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _cover(report: ContractReport, s: dict[str, ParagraphStyle]) -> list[Any]:
    c = report.contract
    about = [
        ["Nomor kontrak", c.number],
        ["Media", ", ".join(c.outlets)],
        ["Masa kontrak", f"{day(c.period.start)} – {day(c.period.end)}"],
        ["Bulan laporan", month_name(report.month)],
        ["Kontak media", c.contact.name],
        ["Dibuat", moment(report.generated_at)],
    ]
    table = Table(
        [[_p(a, s["base"]), _p(b, s["base"])] for a, b in about], colWidths=[5 * cm, 11 * cm]
    )
    return [
        Spacer(1, 4 * cm),
        _p("Kliping Bukti Tayang", s["title"]),
        _p(f"Kerja sama media {c.id} — {month_name(report.month)}", s["subtitle"]),
        Spacer(1, 1.5 * cm),
        table,
        PageBreak(),
    ]


def _summary(report: ContractReport, s: dict[str, ParagraphStyle]) -> list[Any]:
    line = report.line
    quota = report.contract.quota
    rows = [
        ["Uraian", "Nilai"],
        ["Kuota bulan ini", str(line.expected) if line.expected is not None else "-"],
        ["Kuota total", str(quota.total) if quota.total is not None else "-"],
        ["Tayang memenuhi syarat", str(line.found)],
        ["Dihitung (dibayar)", str(line.payable)],
        ["Melebihi kuota", str(len(report.over_quota))],
        ["Tidak dihitung", str(len(report.not_counted))],
        ["Kepatuhan", percent(report.compliance_pct)],
        ["Harga per item", rupiah(report.contract.price_per_item)],
        ["Nilai dibayar", rupiah(line.amount)],
        [
            "Kumulatif: kuota / tayang / dibayar",
            f"{line.cumulative_expected if line.cumulative_expected is not None else '-'} / "
            f"{line.cumulative_found} / {line.cumulative_payable}",
        ],
    ]
    flow: list[Any] = [_p("Ringkasan", s["h2"]), _table(rows, [8 * cm, 8 * cm])]
    if report.not_counted or report.over_quota:
        flow += [
            Spacer(1, 0.6 * cm),
            _p("Tidak dibayar: melebihi kuota atau tidak dihitung", s["h2"]),
        ]
        rows2: list[list[Any]] = [["Tanggal", "Media", "Judul", "Alasan"]]
        for item in [*report.over_quota, *report.not_counted]:
            rows2.append(
                [
                    _p(moment(item.published_at), s["small"]),
                    _p(item.outlet_name or item.outlet, s["small"]),
                    _p(item.title, s["small"]),
                    _p(item.reason_text, s["small"]),
                ]
            )
        flow.append(_table(rows2, [3 * cm, 3 * cm, 6.5 * cm, 4 * cm]))
    return flow


def _item_page(number: int, item: Item, s: dict[str, ParagraphStyle]) -> list[Any]:
    basis = "; ".join(m.label for m in item.matches) or "-"
    meta = [
        ["Media", item.outlet_name or item.outlet],
        ["Tanggal tayang", f"{moment(item.published_at)} (sumber: {item.date_source or '-'})"],
        ["Dasar penghitungan", basis],
        ["URL", item.url],
        ["Arsip (WARC)", item.archive_ref or "belum diarsipkan"],
        ["Diarsipkan", moment(item.archived_at)],
    ]
    table = Table(
        [[_p(a, s["meta"]), _p(b, s["small"])] for a, b in meta], colWidths=[4 * cm, 13 * cm]
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [
        PageBreak(),
        _p(f"Item {number}", s["meta"]),
        _p(item.title, s["headline"]),
        Spacer(1, 0.3 * cm),
        table,
        Spacer(1, 0.4 * cm),
        _p(item.excerpt, s["base"]),
        Spacer(1, 0.4 * cm),
        _p("SHA-256 salinan arsip:", s["meta"]),
        _p(item.sha256 or "-", s["mono"]),
    ]


def write_pdf(out: IO[bytes], report: ContractReport) -> None:
    _register_fonts()
    s = _styles()
    story: list[Any] = [*_cover(report, s), *_summary(report, s)]
    for number, item in enumerate(report.counted, start=1):
        story.extend(_item_page(number, item, s))

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.drawString(
            2 * cm, 1.2 * cm, f"{report.contract.number} · {month_name(report.month)}"
        )
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Halaman {doc.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=f"Kliping bukti tayang {report.contract.id} {report.month}",
        author="Pantau",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
