"""The PDF clipping report (*kliping*), laid out by ReportLab's platypus: a cover with the search
and the period, a summary (tone, the agencies with the tone towards each, the top outlets), then
the articles: headline, outlet, date, tone, agencies, an excerpt and the link.

The fonts are the Bitstream Vera family that ships inside ReportLab (typographic quotes and
dashes render; nothing is fetched). A clipping report is read and printed, so it holds at most
:data:`PDF_LIMIT` articles, the newest; the cover says so when there were more (the XLSX holds
up to ten thousand).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from search_api.exports.rows import Row
from search_api.exports.summary import Summary

PDF_LIMIT = 1000
# An excerpt long enough to judge the article by, short enough that one fits a third of a page.
EXCERPT_CHARS = 700
FONT = "PantauVera"
_TONE_COLOURS = {"negative": "#b42318", "neutral": "#475467", "positive": "#067647"}


@cache
def _register_fonts() -> None:
    # ReportLab keeps fonts in a process-wide registry; registering once per process is its way.
    font_dir = Path(reportlab.__file__).resolve().parent / "fonts"
    for name, file in (("", "Vera"), ("-Bold", "VeraBd"), ("-Italic", "VeraIt"), ("-BI", "VeraBI")):
        pdfmetrics.registerFont(TTFont(FONT + name, str(font_dir / f"{file}.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT + "-Bold", italic=FONT + "-Italic", boldItalic=FONT + "-BI"
    )


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13)
    return {
        "base": base,
        "title": ParagraphStyle("title", base, fontName=FONT + "-Bold", fontSize=24, leading=30),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12, textColor=colors.grey),
        "h2": ParagraphStyle("h2", base, fontName=FONT + "-Bold", fontSize=13, leading=18),
        "headline": ParagraphStyle(
            "headline", base, fontName=FONT + "-Bold", fontSize=11.5, leading=15
        ),
        "meta": ParagraphStyle("meta", base, fontSize=8.5, textColor=colors.HexColor("#475467")),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10),
    }


def _table(rows: list[list[Any]], widths: list[float] | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8.5),
                ("FONT", (0, 0), (-1, 0), FONT + "-Bold", 8.5),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d5dd")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f4f7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _cover(summary: Summary, styles: dict[str, ParagraphStyle]) -> list[Any]:
    lines = [
        [Paragraph(escape(label), styles["base"]), Paragraph(escape(value), styles["base"])]
        for label, value in summary.lines()
    ]
    about = Table(lines, colWidths=[5 * cm, 11 * cm], hAlign="LEFT")
    about.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [
        Spacer(1, 4 * cm),
        Paragraph(escape(summary.text("title")), styles["title"]),
        Paragraph(escape(summary.text("subtitle")), styles["subtitle"]),
        Spacer(1, 1.5 * cm),
        about,
        PageBreak(),
    ]


def _summary(summary: Summary, styles: dict[str, ParagraphStyle]) -> list[Any]:
    flow: list[Any] = [Paragraph(escape(summary.text("summary.agencies")), styles["h2"])]
    flow.append(_table([summary.table_header(), *summary.table()], [7 * cm] + [1.8 * cm] * 5))
    outlets = [[summary.text("table.outlet"), summary.text("table.articles")]]
    outlets += [[o.value, summary.number(o.count)] for o in summary.shares.outlets]
    flow += [Spacer(1, 0.6 * cm), Paragraph(escape(summary.text("summary.outlets")), styles["h2"])]
    flow += [_table(outlets, [7 * cm, 2 * cm]), PageBreak()]
    return flow


def _article(row: Row, excerpt: str, summary: Summary, styles: dict[str, ParagraphStyle]) -> Any:
    when = row.published or summary.text("article.undated")
    meta = f"{escape(row.outlet)} · {escape(when)} · {summary.text('article.tone')}: {row.tone}"
    parts: list[Any] = [
        Paragraph(escape(row.title), styles["headline"]),
        Paragraph(meta, styles["meta"]),
        Paragraph(f'<link href="{escape(row.url)}">{escape(row.url)}</link>', styles["small"]),
    ]
    if row.agency_tones:
        label = summary.text("article.agencies")
        parts.append(Paragraph(f"{label}: {escape(row.agency_tones)}", styles["small"]))
    if row.reasons:
        label = summary.text("article.reasons")
        parts.append(Paragraph(f"{label}: {escape(row.reasons)}", styles["small"]))
    parts += [Spacer(1, 3), Paragraph(escape(excerpt), styles["base"])]
    parts += [Spacer(1, 4), HRFlowable(width="100%", thickness=0.3, color=colors.lightgrey)]
    return KeepTogether(parts)


def write_pdf(out: IO[bytes], items: Iterable[tuple[Row, str]], summary: Summary) -> int:
    """Writes the report to ``out``; ``items`` are rows with their excerpts. Returns the number
    of articles in the report."""
    _register_fonts()
    styles = _styles()
    count = 0

    def articles() -> Iterator[Any]:
        nonlocal count
        for row, text in items:
            count += 1
            yield _article(row, excerpt(text), summary, styles)

    story: list[Any] = [*_cover(summary, styles), *_summary(summary, styles)]
    story.append(Paragraph(escape(summary.text("articles.heading")), styles["h2"]))
    story.extend(articles())

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, summary.text("page", number=doc.page))
        canvas.restoreState()

    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=summary.text("title"),
        author="Pantau",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return count


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of the text, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"
