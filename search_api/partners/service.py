"""What the API, the UI and the CLI share: one contract's report from the settings, and the
report as a downloadable file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Literal

from pantau.models import Article
from pantau.settings import Settings
from search_api.archive.archive import warc_dir
from search_api.archive.ledger import LEDGER_NAME, Ledger
from search_api.digests.db import office_db_path, open_office
from search_api.partners.contracts import Contract
from search_api.partners.counting import ReleaseLookup, ReleaseRef
from search_api.partners.pdf_report import write_pdf
from search_api.partners.report import ContractReport, build_report, parse_month
from search_api.partners.xlsx_report import write_xlsx
from search_api.releases.pickups import carried_by
from search_api.store.base import Store

FileFormat = Literal["xlsx", "pdf"]
MEDIA_TYPES: dict[FileFormat, str] = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class OfficeReleases:
    """The release criterion from the press releases the office registered (office.db,
    ``search_api.releases``): an article counts when it carries one, verbatim or rewritten."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def releases_carried(self, articles: Sequence[Article]) -> Mapping[str, Sequence[ReleaseRef]]:
        if not office_db_path(self._settings).is_file():
            return {}  # no office database yet: nothing was ever registered
        with open_office(self._settings) as conn:
            carried = carried_by(conn, articles)
        return {
            article_id: [ReleaseRef(id=str(c.release_id), title=c.release_title) for c in found]
            for article_id, found in carried.items()
            if found
        }


def default_releases(settings: Settings) -> ReleaseLookup:
    """The release criterion's source: the office's registered press releases."""
    return OfficeReleases(settings)


def contract_report(
    settings: Settings,
    store: Store,
    contract: Contract,
    month: str,
    *,
    releases: ReleaseLookup | None = None,
) -> ContractReport:
    """``month`` as ``YYYY-MM``; raises ReportError for a malformed or uncovered month."""
    first = parse_month(month)
    path = warc_dir(settings.home) / LEDGER_NAME
    ledger = Ledger(path) if path.is_file() else None
    try:
        return build_report(
            store,
            contract,
            first,
            releases=releases or default_releases(settings),
            ledger=ledger,
            timezone=settings.schedule.timezone,
        )
    finally:
        if ledger is not None:
            ledger.close()


@dataclass(frozen=True, slots=True)
class ReportFile:
    body: bytes
    media_type: str
    filename: str


def report_file(report: ContractReport, file_format: FileFormat) -> ReportFile:
    out = BytesIO()
    if file_format == "xlsx":
        write_xlsx(out, report)
        name = f"bukti-tayang-{report.contract.id}-{report.month}.xlsx"
    else:
        write_pdf(out, report)
        name = f"kliping-{report.contract.id}-{report.month}.pdf"
    return ReportFile(out.getvalue(), MEDIA_TYPES[file_format], name)
