"""One entry point for every export: the API, the web UI and ``pantau export`` call
:func:`prepare` with the search (``Filters``) and then write the format they were asked for.

Settings read: ``schedule.timezone`` (the office's days and the dates in the rows),
``agencies_file`` through the caller's :class:`AgencyNames`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import IO, Literal
from zoneinfo import ZoneInfo

from nlp.agency_names import AgencyNames
from search_api.exports.csv_export import csv_chunks
from search_api.exports.pdf_export import PDF_LIMIT, write_pdf
from search_api.exports.reader import iter_articles, scope
from search_api.exports.rows import Row, RowMaker, headers
from search_api.exports.summary import Summary
from search_api.exports.xlsx_export import write_xlsx
from search_api.filters_core import Filters, build_request, days_of
from search_api.i18n import Language
from search_api.store.base import MAX_RESULT_WINDOW, SearchRequest, Store
from search_api.store.overview import share_of_voice

ExportFormat = Literal["csv", "xlsx", "pdf"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx", "pdf")
MEDIA_TYPES: dict[ExportFormat, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# Top agencies and outlets in the summary: a page's worth.
SUMMARY_TOP = 15


@dataclass(frozen=True, slots=True)
class Export:
    """A prepared export: the search, what it covers, and how rows are made."""

    store: Store
    request: SearchRequest
    summary: Summary
    rows: RowMaker
    format: ExportFormat

    @property
    def limit(self) -> int:
        return PDF_LIMIT if self.format == "pdf" else MAX_RESULT_WINDOW

    def filename(self) -> str:
        made = self.summary.made_at.astimezone(ZoneInfo(self.summary.timezone))
        return f"pantau-kliping-{made:%Y%m%d-%H%M}.{self.format}"

    def articles(self) -> Iterator[tuple[Row, str]]:
        for article in iter_articles(self.store, self.request, self.limit):
            yield self.rows.row(article), article.lead or article.text

    def csv(self) -> Iterator[bytes]:
        return csv_chunks(headers(self.rows.language), (row for row, _ in self.articles()))

    def write(self, out: IO[bytes]) -> int:
        """Writes a binary format (or the CSV) to ``out``; returns the article count."""
        if self.format == "pdf":
            return write_pdf(out, self.articles(), self.summary)
        if self.format == "xlsx":
            header = headers(self.rows.language)
            rows = (row for row, _ in self.articles())
            return write_xlsx(out, header, rows, self.summary)
        count = -1  # the header line
        for chunk in self.csv():
            out.write(chunk)
            count += 1
        return count


def prepare(
    store: Store,
    filters: Filters,
    export_format: ExportFormat,
    *,
    tz_name: str,
    names: AgencyNames,
    language: Language = "id",
    now: datetime | None = None,
) -> Export:
    """Checks the search (``QueryError``/``FilterError``) and counts what it covers."""
    tz = ZoneInfo(tz_name)
    request = build_request(filters, tz, sort="newest", facets=False)
    limit = PDF_LIMIT if export_format == "pdf" else MAX_RESULT_WINDOW
    shares = share_of_voice(store, replace(request, size=1), SUMMARY_TOP)
    first, last = days_of(request, tz)
    summary = Summary(
        language=language,
        filters=filters,
        first_day=first,
        last_day=last,
        made_at=now or datetime.now(UTC),
        timezone=tz_name,
        scope=scope(store, request, limit),
        shares=shares,
        agency_names={row.value: names.name(row.value) or row.value for row in shares.agencies},
    )
    rows = RowMaker(language, tz_name, names)
    return Export(store, request, summary, rows, export_format)
