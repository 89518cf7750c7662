"""``/api/partners`` and the ``/mitra`` pages on a real SQLite store and a real partners.yaml:
reading for every role, changes for admins only, mistakes named, reports as JSON, XLSX and PDF."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from auth_helpers import grant
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from pantau.settings import Settings
from search_api.app import create_app
from search_api.partners.contracts import load_contracts
from search_api.store import open_store
from tests.partners.test_report import ARTICLES, CONTRACT


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    store = open_store(f"sqlite:///{tmp_path / 'pantau.db'}")
    store.upsert(ARTICLES.values())
    store.close()
    return Settings(home=tmp_path, store=f"sqlite:///{tmp_path / 'pantau.db'}")


@pytest.fixture
def admin(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield grant(client, settings.home, "admin")


@pytest.fixture
def reader(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield grant(client, settings.home, "baca")


def test_api_crud_with_roles(admin: TestClient, reader: TestClient, settings: Settings) -> None:
    assert reader.get("/api/partners").json() == []
    assert reader.post("/api/partners", json=CONTRACT).status_code == 403
    created = admin.post("/api/partners", json=CONTRACT)
    assert created.status_code == 201, created.text
    assert [c.id for c in load_contracts(settings.partners_path)] == ["km-2026"]
    assert admin.post("/api/partners", json=CONTRACT).status_code == 409
    assert reader.get("/api/partners/km-2026").json()["number"] == CONTRACT["number"]
    assert reader.get("/api/partners/nope").status_code == 404
    changed: dict[str, Any] = {**CONTRACT, "price_per_item": 3_000_000}
    assert reader.put("/api/partners/km-2026", json=changed).status_code == 403
    assert admin.put("/api/partners/km-2026", json=changed).json()["price_per_item"] == 3_000_000
    assert admin.put("/api/partners/other", json=changed).status_code == 400
    assert load_contracts(settings.partners_path)[0].price_per_item == 3_000_000
    assert reader.delete("/api/partners/km-2026").status_code == 403
    assert admin.delete("/api/partners/km-2026").status_code == 204
    assert load_contracts(settings.partners_path) == []


def test_api_names_the_bad_key(admin: TestClient) -> None:
    bad = {**CONTRACT, "quota": {"per_month": 0}}
    answer = admin.post("/api/partners", json=bad)
    assert answer.status_code == 422
    assert "quota" in answer.text
    assert "per_month" in answer.text


def test_a_broken_file_is_reported_with_its_key(admin: TestClient, settings: Settings) -> None:
    settings.partners_path.write_text("contracts:\n  - id: x\n    numbr: 1\n", encoding="utf-8")
    answer = admin.get("/api/partners")
    assert answer.status_code == 400
    assert "contracts[0] (x): numbr: unknown key (did you mean 'number'?)" in answer.text


def test_api_report_as_json_xlsx_and_pdf(admin: TestClient, reader: TestClient) -> None:
    admin.post("/api/partners", json=CONTRACT)
    report = reader.get("/api/partners/km-2026/report?month=2026-10").json()
    assert report["summary"]["payable_items"] == 2
    assert {i["reason"] for i in report["not_counted"]} == {
        "outside_period",
        "no_agency",
        "duplicate",
    }  # no archive here: nothing flagged as deleted or edited
    xlsx = reader.get("/api/partners/km-2026/report?month=2026-10&format=xlsx")
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(BytesIO(xlsx.content)).sheetnames[0] == "Ringkasan"
    pdf = reader.get("/api/partners/km-2026/report?month=2026-10&format=pdf")
    assert pdf.content.startswith(b"%PDF")
    assert reader.get("/api/partners/km-2026/report?month=2026-09").status_code == 400
    assert reader.get("/api/partners/km-2026/report?month=oktober").status_code == 422


FORM = {
    "id": "km-2026",
    "number": "027/PKS/DISKOMINFO/X/2026",
    "outlets": "kabarmasa.com, wartabekasi.com",
    "start": "2026-10-05",
    "end": "2027-03-31",
    "per_month": "2",
    "total": "",
    "price_per_item": "2.500.000",
    "contact_name": "Rina",
    "contact_phone": "",
    "contact_email": "",
    "agencies": "kota-bekasi/",
    "keywords": "",
    "note": "",
}


def test_ui_add_show_edit_delete(admin: TestClient, reader: TestClient, settings: Settings) -> None:
    assert "Belum ada kontrak" in reader.get("/mitra").text
    assert reader.post("/mitra/baru", data=FORM, follow_redirects=False).status_code == 403
    made = admin.post("/mitra/baru", data=FORM, follow_redirects=False)
    assert made.status_code == 303
    assert made.headers["location"] == "/mitra/km-2026?ok=created"
    [contract] = load_contracts(settings.partners_path)
    assert contract.price_per_item == 2_500_000
    assert contract.outlets == ["kabarmasa.com", "wartabekasi.com"]
    listing = reader.get("/mitra").text
    assert 'data-contract="km-2026"' in listing
    assert "Tambah kontrak" not in listing  # readers do not see the admin's buttons
    page = reader.get("/mitra/km-2026?bulan=2026-10").text
    assert page.count('data-status="counted"') == 2
    assert 'data-reason="outside_period"' in page
    assert 'data-reason="no_agency"' in page
    assert "/mitra/km-2026/laporan.xlsx?bulan=2026-10" in page
    assert "Rp 5.000.000" in page
    xlsx = reader.get("/mitra/km-2026/laporan.xlsx?bulan=2026-10")
    assert "bukti-tayang-km-2026-2026-10.xlsx" in xlsx.headers["content-disposition"]
    assert reader.get("/mitra/km-2026/laporan.pdf?bulan=2026-10").content.startswith(b"%PDF")
    edited = admin.post(
        "/mitra/km-2026/ubah", data={**FORM, "per_month": "3"}, follow_redirects=False
    )
    assert edited.status_code == 303
    assert load_contracts(settings.partners_path)[0].quota.per_month == 3
    assert reader.post("/mitra/km-2026/hapus", follow_redirects=False).status_code == 403
    assert admin.post("/mitra/km-2026/hapus", follow_redirects=False).status_code == 303
    assert load_contracts(settings.partners_path) == []


def test_ui_form_mistakes_come_back_named(admin: TestClient, settings: Settings) -> None:
    answer = admin.post("/mitra/baru", data={**FORM, "per_month": "0", "agencies": "Kota Bekasi"})
    assert answer.status_code == 400
    assert "quota.per_month = 0" in answer.text
    assert "counts.agencies" in answer.text
    assert 'value="027/PKS/DISKOMINFO/X/2026"' in answer.text  # the values stay as typed
    assert not settings.partners_path.exists()
    assert admin.get("/mitra/nope").status_code == 404
    assert admin.get("/mitra/km-2026?bulan=2026-10").status_code == 404


def test_the_pages_speak_english_on_request(admin: TestClient) -> None:
    admin.post("/api/partners", json=CONTRACT)
    page = admin.get("/mitra/km-2026?bulan=2026-10&lang=en").text
    assert "Proof of publication" in page
    assert "Download PDF clipping" in page
    assert "Media partners" in admin.get("/mitra?lang=en").text
