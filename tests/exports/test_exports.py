"""Clipping exports (CSV, XLSX, PDF) of a search, through the API, the web UI links and the CLI,
from a real SQLite store; every file is read back (csv, openpyxl, pypdf)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from auth_helpers import grant
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader

from nlp.agency_names import AgencyNames
from pantau.models import AgencyRef, Article, Sentiment, SentimentLabel, article_id
from pantau.settings import Settings
from pantau_cli.main import main
from search_api.app import create_app
from search_api.exports.reader import iter_articles
from search_api.exports.run import prepare
from search_api.filters_core import Filters
from search_api.store import open_store
from search_api.store.base import SearchRequest

WIB = timezone(timedelta(hours=7))
TONES: tuple[SentimentLabel, ...] = ("negative", "neutral", "positive")
BODY = (
    "Pemerintah Kota Bekasi menggelar rapat koordinasi penanganan banjir bersama BPBD. "
    "Warga di Bekasi Timur mengeluhkan drainase yang tersumbat sejak pekan lalu. "
) * 6


def _article(n: int) -> Article:
    url = f"https://kabarmasa.com/berita/{1000 + n}/banjir-bekasi-{n}"
    label = TONES[n % 3]
    return Article(
        id=article_id("kabarmasa.com", url),
        url=url,
        canonical_url=url,
        outlet="kabarmasa.com",
        outlet_name="Kabar Masa",
        title=f"Banjir Bekasi hari ke-{n}: Pemkot “siaga” — BPBD turun tangan",
        text=BODY,
        lead=BODY.split(". ")[0] + ".",
        author="goeng",
        published_at=datetime(2026, 11, 1 + n % 28, 9, n % 60, tzinfo=WIB),
        date_source="json-ld",
        word_count=len(BODY.split()),
        agencies=[
            AgencyRef(id="kota-bekasi/pemkot", name="Pemerintah Kota Bekasi", sentiment=label),
            AgencyRef(id="kota-bekasi/bpbd", name="BPBD Kota Bekasi", sentiment="positive"),
        ],
        sentiment=Sentiment(label=label, score=0.8, reasons=["mengeluhkan drainase"]),
    )


ARTICLES = [_article(n) for n in range(30)]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings(home=tmp_path, store=f"sqlite:///{tmp_path / 'pantau.db'}")
    with open_store(settings.store_url) as store:
        assert store.upsert(ARTICLES).failed == 0
    return settings


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield grant(client, settings.home)


def test_csv_has_indonesian_headers_and_one_row_per_article(client: TestClient) -> None:
    response = client.get("/api/export", params={"format": "csv", "q": "banjir"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.headers["x-pantau-total"] == "30"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the mark
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0][:5] == ["Tanggal terbit", "Media", "Judul", "Tautan", "Sentimen berita"]
    assert len(rows) == 31
    newest = rows[1]
    assert newest[0] == "2026-11-28 09:27"  # newest first, in WIB
    assert "Pemerintah Kota Bekasi:" in newest[5]
    assert newest[7] == "mengeluhkan drainase"


def test_filters_and_english_headers(client: TestClient) -> None:
    response = client.get(
        "/api/export",
        params={"format": "csv", "sentiment": "negative", "lang": "en", "to": "2026-11-10"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Published"
    expected = [a for a in ARTICLES if a.sentiment and a.sentiment.label == "negative"]
    expected = [a for a in expected if a.published_at and a.published_at.day <= 10]
    assert {row[-1] for row in rows[1:]} == {a.id for a in expected}
    assert {row[4] for row in rows[1:]} == {"Negative"}


def test_xlsx_round_trips_through_openpyxl(client: TestClient) -> None:
    response = client.get("/api/export", params={"format": "xlsx", "agency": "kota-bekasi/pemkot"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Kliping", "Ringkasan"]
    rows = list(book["Kliping"].iter_rows(values_only=True))
    assert rows[0][2] == "Judul"
    assert len(rows) == 31
    assert {row[9] for row in rows[1:]} == {a.id for a in ARTICLES}
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True) if row}
    assert summary["Jumlah berita"] == "30"
    assert summary["Negatif"] == "10"


def test_pdf_report_has_cover_summary_and_every_headline(client: TestClient) -> None:
    response = client.get("/api/export", params={"format": "pdf", "q": "banjir"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 3
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Kliping Berita" in flat
    assert "Pemerintah Kota Bekasi" in flat  # the summary's agency table
    for article in ARTICLES[:3]:
        assert f"hari ke-{article.title.split('ke-')[1].split(':')[0]}:" in flat


def test_a_bad_query_is_400_with_the_position(client: TestClient) -> None:
    response = client.get("/api/export", params={"format": "csv", "q": '"banjir'})
    assert response.status_code == 400
    assert response.json()["detail"]["position"] == 0


def test_the_pages_link_to_the_export_of_their_search(client: TestClient) -> None:
    page = client.get("/", params={"q": "banjir", "sentiment": "negative"})
    assert 'id="export-links"' in page.text
    link = next(
        part.split('"')[0]
        for part in page.text.split('href="')
        if part.startswith("/api/export") and "format=xlsx" in part.split('"')[0]
    ).replace("&amp;", "&")
    assert "sentiment=negative" in link
    exported = client.get(link)
    assert exported.status_code == 200
    assert exported.headers["x-pantau-total"] == "10"
    overview = client.get("/ringkasan", params={"from": "2026-11-01", "to": "2026-11-30"})
    assert 'id="export-links"' in overview.text


def test_reading_is_paged_and_bounded(settings: Settings) -> None:
    with open_store(settings.store_url) as store:
        ids = [a.id for a in iter_articles(store, SearchRequest(), limit=25, batch=7)]
        assert len(ids) == len(set(ids)) == 25
        job = prepare(
            store,
            Filters(q="banjir"),
            "pdf",
            tz_name="Asia/Jakarta",
            names=AgencyNames.load(),
        )
        assert (job.summary.scope.total, job.summary.scope.exported) == (30, 30)


def test_cli_writes_the_file(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANTAU_HOME", str(settings.home))
    monkeypatch.setenv("PANTAU_STORE", settings.store_url)
    out = tmp_path / "kliping.xlsx"
    assert (
        main(["export", "banjir", "--format", "xlsx", "--out", str(out), "--sentiment", "positive"])
        == 0
    )
    rows = list(load_workbook(out, read_only=True)["Kliping"].iter_rows(values_only=True))
    assert len(rows) == 11
    assert not out.with_name("kliping.xlsx.part").exists()
    assert main(["export", "(banjir", "--format", "csv", "--out", str(tmp_path / "x.csv")]) == 2
