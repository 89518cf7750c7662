"""The monthly report of a contract with a known quota, on a real SQLite store and a real WARC
archive: items count, go over quota, or fail to count for each reason; the XLSX round-trips
through openpyxl and the PDF opens, with pdftotext finding the headlines."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pantau.models import Article
from search_api.archive.archive import Archive
from search_api.archive.warc import RawResponse
from search_api.partners.contracts import Contract
from search_api.partners.counting import NoReleases, ReleaseRef
from search_api.partners.pdf_report import write_pdf
from search_api.partners.report import ContractReport, ReportError, build_report
from search_api.partners.xlsx_report import write_xlsx
from search_api.store import Store, open_store
from tests.partners.helpers import article

CONTRACT: dict[str, Any] = {
    "id": "km-2026",
    "number": "027/PKS/DISKOMINFO/X/2026",
    "outlets": ["kabarmasa.com", "wartabekasi.com"],
    "period": {"start": "2026-10-05", "end": "2027-03-31"},
    "quota": {"per_month": 2, "total": 3},
    "price_per_item": 2_500_000,
    "contact": {"name": "Rina"},
    "counts": {"agencies": ["kota-bekasi/"]},
}

ARTICLES = {
    "early": article("early", (2026, 10, 2)),  # before the contract starts
    "counted-1": article("counted-1", (2026, 10, 6), title="Dinkes Buka Posko Imunisasi"),
    "bandung": article("bandung", (2026, 10, 7), agencies=("kota-bandung/pemkot",)),
    "copy": article(  # wartabekasi republished counted-1: same title, no cluster
        "copy", (2026, 10, 8), outlet="wartabekasi.com", title="Dinkes buka posko imunisasi!"
    ),
    "deleted": article("deleted", (2026, 10, 9)),
    "edited": article("edited", (2026, 10, 10)),
    "counted-2": article("counted-2", (2026, 10, 11), cluster_id="c7"),
    "same-story": article("same-story", (2026, 10, 12), cluster_id="c7", title="Lain judul"),
    "over": article("over", (2026, 10, 13)),
    "other-outlet": article("other-outlet", (2026, 10, 14), outlet="suarapriangan.net"),
    "november": article("november", (2026, 11, 3)),
    "november-2": article("november-2", (2026, 11, 4)),
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'pantau.db'}")
    store.upsert(ARTICLES.values())
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    """Every article archived; "deleted" answered 410 and "edited" changed on a re-check."""
    with Archive(tmp_path / "warc") as archive:
        for a in ARTICLES.values():
            archive.record(a.id, _response(a, 200), text=a.text, origin="crawl")
        now = datetime.now(UTC)
        gone = archive.record(
            ARTICLES["deleted"].id, _response(ARTICLES["deleted"], 410), text=None, origin="recheck"
        )
        archive.ledger.flag(ARTICLES["deleted"].id, "gone", gone.id, now)
        edited = archive.record(
            ARTICLES["edited"].id,
            _response(ARTICLES["edited"], 200, "diubah"),
            text="diubah",
            origin="recheck",
        )
        archive.ledger.flag(ARTICLES["edited"].id, "changed", edited.id, now)
        yield archive


def _response(a: Article, status: int, extra: str = "") -> RawResponse:
    body = f"<html><h1>{a.title}</h1><p>{a.text}{extra}</p></html>".encode()
    return RawResponse(
        url=a.url,
        status=status,
        headers=[("Content-Type", "text/html")],
        body=body,
        fetched_at=datetime(2026, 10, 20, tzinfo=UTC),
    )


def _report(store: Store, archive: Archive, month: date, **changes: Any) -> ContractReport:
    contract = Contract.model_validate({**CONTRACT, **changes})
    return build_report(
        store,
        contract,
        month,
        releases=NoReleases(),
        ledger=archive.ledger,
        now=datetime(2026, 11, 1, tzinfo=UTC),
    )


def _by_slug(report: ContractReport) -> dict[str, tuple[str, str | None]]:
    return {i.url.rsplit("/", 1)[1]: (i.status, i.reason) for i in report.items}


def test_each_item_counts_or_says_why_not(store: Store, archive: Archive) -> None:
    report = _report(store, archive, date(2026, 10, 1))
    assert _by_slug(report) == {
        "early": ("not_counted", "outside_period"),
        "counted-1": ("counted", None),
        "bandung": ("not_counted", "no_agency"),
        "copy": ("not_counted", "duplicate"),
        "deleted": ("not_counted", "deleted"),
        "edited": ("not_counted", "edited"),
        "counted-2": ("counted", None),
        "same-story": ("not_counted", "duplicate"),
        "over": ("over_quota", None),
    }  # suarapriangan.net is not the contract's outlet: not listed at all
    line = report.line
    assert (line.expected, line.found, line.payable) == (2, 3, 2)
    assert line.amount == 2 * 2_500_000
    assert report.compliance_pct == 100.0
    copy = next(i for i in report.items if i.url.endswith("/copy"))
    assert copy.duplicate_of == ARTICLES["counted-1"].id
    same = next(i for i in report.items if i.url.endswith("/same-story"))
    assert same.duplicate_of == ARTICLES["counted-2"].id
    counted = report.counted[0]
    assert counted.matches[0].value == "kota-bekasi/dinkes"
    first = archive.ledger.first(ARTICLES["counted-1"].id)
    assert first is not None
    assert (counted.archive_ref, counted.sha256) == (first.reference, first.sha256)
    deleted = next(i for i in report.items if i.reason == "deleted")
    # The evidence of a deleted item is still its first (200) capture.
    assert deleted.sha256 == archive.ledger.first(ARTICLES["deleted"].id).sha256  # type: ignore[union-attr]


def test_the_total_quota_and_the_cumulative_figures_carry_over(
    store: Store, archive: Archive
) -> None:
    report = _report(store, archive, date(2026, 11, 1))
    # Two in October leave one of the total of three for November.
    assert [(m.month, m.found, m.payable) for m in report.months] == [
        ("2026-10", 3, 2),
        ("2026-11", 2, 1),
    ]
    assert [i.status for i in report.items] == ["counted", "over_quota"]
    line = report.line
    assert (line.cumulative_expected, line.cumulative_found, line.cumulative_payable) == (3, 5, 3)
    assert line.amount == 2_500_000
    data = report.to_dict()
    assert data["summary"]["amount_payable"] == 2_500_000
    assert data["summary"]["cumulative_payable"] == 3


def test_keywords_narrow_and_releases_count_on_their_own(store: Store, archive: Archive) -> None:
    report = _report(
        store,
        archive,
        date(2026, 10, 1),
        counts={"agencies": ["kota-bekasi/"], "keywords": ["imunisasi"]},
    )
    statuses = _by_slug(report)
    assert statuses["counted-1"] == ("counted", None)
    assert statuses["counted-2"] == ("not_counted", "no_keyword")

    class Releases:
        """The release criterion through its Protocol: one article carries a release."""

        def releases_carried(
            self, articles: Sequence[Article]
        ) -> Mapping[str, Sequence[ReleaseRef]]:
            wanted = ARTICLES["bandung"].id
            return (
                {wanted: [ReleaseRef(id="r1", title="Siaran pers")]}
                if wanted in {a.id for a in articles}
                else {}
            )

    contract = Contract.model_validate(
        {**CONTRACT, "counts": {"releases": True}, "quota": {"per_month": 5}}
    )
    report = build_report(
        store, contract, date(2026, 10, 1), releases=Releases(), ledger=archive.ledger
    )
    [counted] = report.counted
    assert counted.url.endswith("/bandung")
    assert [m.kind for m in counted.matches] == ["release"]


def test_a_month_outside_the_contract_is_refused(store: Store, archive: Archive) -> None:
    with pytest.raises(ReportError, match="2026-09 is outside it"):
        _report(store, archive, date(2026, 9, 1))


def test_the_xlsx_round_trips_with_indonesian_headers(store: Store, archive: Archive) -> None:
    report = _report(store, archive, date(2026, 10, 1))
    out = BytesIO()
    write_xlsx(out, report)
    book = load_workbook(BytesIO(out.getvalue()))
    assert book.sheetnames == ["Ringkasan", "Per Bulan", "Tayang Dihitung", "Tidak Dihitung"]
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Nomor Kontrak"] == "027/PKS/DISKOMINFO/X/2026"
    assert summary["Nilai Dibayar (Rp)"] == 5_000_000
    assert summary["Kepatuhan (%)"] == 100.0
    counted = list(book["Tayang Dihitung"].iter_rows(values_only=True))
    assert counted[0][:5] == ("No", "Tanggal Tayang", "Sumber Tanggal", "Media", "Judul")
    assert [row[4] for row in counted[1:]] == [
        "Dinkes Buka Posko Imunisasi",
        "Berita counted-2",
        "Berita over",
    ]
    assert counted[1][10] == report.counted[0].sha256
    reasons = {
        row[4]: row[8] for row in book["Tidak Dihitung"].iter_rows(min_row=2, values_only=True)
    }
    assert reasons["Berita deleted"] == "dihapus media setelah tayang"
    assert reasons["Berita early"] == "di luar masa kontrak"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_the_pdf_opens_and_pdftotext_finds_the_headlines(
    store: Store, archive: Archive, tmp_path: Path
) -> None:
    report = _report(store, archive, date(2026, 10, 1))
    path = tmp_path / "kliping.pdf"
    with path.open("wb") as out:
        write_pdf(out, report)
    pages = PdfReader(path).pages
    # Cover, summary, one page per counted item.
    assert len(pages) == 2 + len(report.counted)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Kliping Bukti Tayang" in text
    assert "Dinkes Buka Posko Imunisasi" in text
    assert "Berita counted-2" in text
    assert report.counted[0].sha256 in text.replace(" ", "")
    assert "Rp 5.000.000" in text
