"""Realistic articles for the web UI tests: a few hand-written ones with agencies, tone reasons,
people and quotes, plus enough routine coverage to need a second result page. (A uniquely named
module, not conftest, so test modules can import the constants.)"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from pantau.models import AgencyRef, Article, Mention, Person, Quote, Sentiment, article_id
from pantau.settings import Settings
from search_api.store import open_store

WIB = timezone(timedelta(hours=7))
XSS = "<script>alert('xss')</script>"


def _url(outlet: str, slug: str) -> str:
    return f"https://{outlet}/berita/2026/11/{slug}"


def _mentions(text: str, name: str) -> list[Mention]:
    found, start = [], text.find(name)
    while start >= 0:
        found.append(Mention(start=start, end=start + len(name), text=name))
        start = text.find(name, start + 1)
    return found


BANJIR_TEXT = (
    "Banjir merendam ratusan rumah di Kecamatan Bekasi Timur setelah hujan deras sejak Jumat "
    "malam. Warga mengeluhkan lambannya penanganan dan drainase yang tersumbat.\n"
    'BPBD Kota Bekasi mengerahkan perahu karet. "Kami sudah menurunkan tim ke tiga kelurahan," '
    "kata Kepala BPBD Kota Bekasi, Agus Harpito.\n"
    "Pemkot Bekasi menyiapkan dapur umum dan posko kesehatan bagi warga terdampak banjir."
)
WTP_TEXT = (
    "Pemerintah Kota Bekasi kembali meraih opini Wajar Tanpa Pengecualian (WTP) dari BPK untuk "
    "laporan keuangan tahun 2025.\n"
    '"Ini hasil kerja keras seluruh perangkat daerah," ujar Wali Kota Bekasi Tri Adhianto di '
    "Plaza Pemkot Bekasi.\n"
    "Inspektorat Kota Bekasi menyebut tindak lanjut rekomendasi BPK telah mencapai 95 persen."
)


def hand_written() -> list[Article]:
    banjir_url = _url("kabarmasa.com", "banjir-bekasi-timur")
    wtp_url = _url("wartabekasi.com", "pemkot-bekasi-raih-wtp")
    xss_url = _url("kabarmasa.com", "rapat-paripurna")
    pasar_url = _url("sumedangpost.blogspot.com", "pasar-murah-sumedang")
    return [
        Article(
            id=article_id("kabarmasa.com", banjir_url),
            url=banjir_url,
            canonical_url=banjir_url,
            outlet="kabarmasa.com",
            outlet_name="KabarMasa",
            title="Banjir rendam ratusan rumah di Bekasi Timur, warga keluhkan drainase",
            lead=BANJIR_TEXT.split("\n")[0],  # as extraction gives it: the first paragraph
            text=BANJIR_TEXT,
            author="Andre Wijaya",
            editor="Rina Sari",
            published_at=datetime(2026, 11, 28, 21, 5, tzinfo=WIB),
            date_source="json-ld",
            location="Kota Bekasi",
            section="Metro",
            tags=["banjir", "bpbd"],
            word_count=len(BANJIR_TEXT.split()),
            agencies=[
                AgencyRef(
                    id="kota-bekasi/bpbd",
                    name="BPBD Kota Bekasi",
                    mentions=_mentions(BANJIR_TEXT, "BPBD Kota Bekasi"),
                    sentiment="neutral",
                ),
                AgencyRef(
                    id="kota-bekasi/pemkot",
                    name="Pemkot Bekasi",
                    mentions=_mentions(BANJIR_TEXT, "Pemkot Bekasi"),
                    sentiment="negative",
                ),
            ],
            people=[Person(name="Agus Harpito", role="Kepala BPBD", agency_id="kota-bekasi/bpbd")],
            quotes=[
                Quote(
                    speaker="Agus Harpito",
                    role="Kepala BPBD",
                    agency_id="kota-bekasi/bpbd",
                    text="Kami sudah menurunkan tim ke tiga kelurahan.",
                )
            ],
            sentiment=Sentiment(
                label="negative",
                score=0.82,
                reasons=["lambannya penanganan", "drainase yang tersumbat"],
            ),
        ),
        Article(
            id=article_id("wartabekasi.com", wtp_url),
            url=wtp_url,
            canonical_url=wtp_url,
            outlet="wartabekasi.com",
            outlet_name="Warta Bekasi",
            title="Pemkot Bekasi kembali raih opini WTP dari BPK",
            lead=WTP_TEXT.split("\n")[0],
            text=WTP_TEXT,
            author="Dewi Lestari",
            published_at=datetime(2026, 11, 27, 10, 0, tzinfo=WIB),
            location="Kota Bekasi",
            section="Pemerintahan",
            word_count=len(WTP_TEXT.split()),
            agencies=[
                AgencyRef(
                    id="kota-bekasi/pemkot",
                    name="Pemkot Bekasi",
                    mentions=_mentions(WTP_TEXT, "Pemkot Bekasi"),
                    sentiment="positive",
                ),
                AgencyRef(
                    id="kota-bekasi/inspektorat",
                    name="Inspektorat Kota Bekasi",
                    mentions=_mentions(WTP_TEXT, "Inspektorat Kota Bekasi"),
                    sentiment="positive",
                ),
                AgencyRef(id="nasional/bpk", name="BPK", sentiment=None),
            ],
            people=[Person(name="Tri Adhianto", role="Wali Kota", agency_id="kota-bekasi/pemkot")],
            quotes=[
                Quote(
                    speaker="Tri Adhianto",
                    role="Wali Kota",
                    agency_id="kota-bekasi/pemkot",
                    text="Ini hasil kerja keras seluruh perangkat daerah.",
                )
            ],
            sentiment=Sentiment(label="positive", score=0.91, reasons=["meraih opini WTP"]),
        ),
        Article(
            id=article_id("kabarmasa.com", xss_url),
            url=xss_url,
            canonical_url=xss_url,
            outlet="kabarmasa.com",
            outlet_name="KabarMasa",
            title=f"Rapat paripurna DPRD {XSS} Bekasi",
            text=f"DPRD Kota Bekasi menggelar rapat paripurna {XSS} membahas APBD 2027.",
            author=f"<b>{XSS}</b>",
            published_at=datetime(2026, 11, 20, 14, 30, tzinfo=WIB),
            word_count=10,
            agencies=[AgencyRef(id="kota-bekasi/dprd", name="DPRD Kota Bekasi")],
            sentiment=Sentiment(label="neutral", score=0.6, reasons=[]),
        ),
        Article(
            id=article_id("sumedangpost.blogspot.com", pasar_url),
            url=pasar_url,
            canonical_url=pasar_url,
            outlet="sumedangpost.blogspot.com",
            outlet_name="Sumedang Post",
            title="Bupati Sumedang buka pasar murah jelang Natal",
            text="Pemkab Sumedang menggelar pasar murah di alun-alun. Warga antusias berbelanja.",
            published_at=datetime(2026, 11, 15, 9, 0, tzinfo=WIB),
            location="Sumedang",
            word_count=11,
            agencies=[
                AgencyRef(id="kab-sumedang/pemkab", name="Pemkab Sumedang", sentiment="positive")
            ],
            sentiment=Sentiment(label="positive", score=0.74, reasons=["warga antusias"]),
        ),
    ]


def routine(count: int = 22) -> list[Article]:
    """Routine Diskominfo coverage, one a day, so a search for it fills more than one page."""
    articles = []
    for n in range(count):
        url = _url("kabarmasa.com", f"diskominfo-sosialisasi-{n}")
        text = (
            f"Diskominfo Kota Bekasi menggelar sosialisasi literasi digital ke-{n + 1} bagi "
            "pelajar dan perangkat kelurahan."
        )
        articles.append(
            Article(
                id=article_id("kabarmasa.com", url),
                url=url,
                canonical_url=url,
                outlet="kabarmasa.com",
                outlet_name="KabarMasa",
                title=f"Diskominfo gelar sosialisasi literasi digital ({n + 1})",
                text=text,
                published_at=datetime(2026, 10, 1, 9, 0, tzinfo=WIB) + timedelta(days=n),
                word_count=len(text.split()),
                agencies=[
                    AgencyRef(
                        id="kota-bekasi/diskominfo", name="Diskominfo Kota Bekasi", sentiment=None
                    )
                ],
                sentiment=Sentiment(label="neutral", score=0.55, reasons=[]),
            )
        )
    return articles


BANJIR, WTP, XSS_ARTICLE, PASAR = hand_written()


def ui_settings(home: Path, *, articles: list[Article] | None = None) -> Settings:
    """Settings for a fresh SQLite store under ``home`` holding the sample articles."""
    settings = Settings(home=home, store=f"sqlite:///{home / 'ui.db'}")
    store = open_store(settings.store_url)
    try:
        report = store.upsert(hand_written() + routine() if articles is None else articles)
        assert report.failed == 0, report.errors
    finally:
        store.close()
    return settings
