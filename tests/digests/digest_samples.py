"""Realistic annotated articles around one day (Saturday 28 November 2026, WIB) for digest tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import cache

from nlp.agency_names import AgencyNames
from pantau.models import AgencyRef, Article, Sentiment, SentimentLabel, article_id

WIB = timezone(timedelta(hours=7))
DAY = date(2026, 11, 28)
QUIET_DAY = date(2026, 11, 20)


@cache
def vocabulary() -> AgencyNames:
    """The tagger's agency names, loaded once for all digest tests (a quarter second)."""
    return AgencyNames.load()


def _article(
    n: int,
    *,
    outlet: str,
    outlet_name: str,
    title: str,
    text: str,
    when: datetime,
    label: SentimentLabel,
    reasons: list[str],
    agencies: list[tuple[str, str, SentimentLabel | None]],
    location: str = "Kota Bekasi",
) -> Article:
    url = f"https://{outlet}/berita/2026/11/{n}/{title.lower().replace(' ', '-')[:40]}"
    return Article(
        id=article_id(outlet, url),
        url=url,
        canonical_url=url,
        outlet=outlet,
        outlet_name=outlet_name,
        title=title,
        text=text,
        lead=text.split(". ")[0] + ".",
        published_at=when,
        date_source="json-ld",
        location=location,
        language="id",
        word_count=len(text.split()),
        agencies=[AgencyRef(id=i, name=name, sentiment=tone) for i, name, tone in agencies],
        sentiment=Sentiment(label=label, score=0.81, reasons=reasons),
    )


ARTICLES = [
    _article(
        1,
        outlet="kabarmasa.com",
        outlet_name="Kabar Masa",
        title="Banjir rendam ratusan rumah di Bekasi Timur, warga keluhkan drainase",
        text=(
            "Banjir setinggi 80 sentimeter merendam ratusan rumah di Bekasi Timur. Warga "
            "mengeluhkan drainase yang tersumbat dan menilai Pemkot Bekasi lamban menangani "
            "genangan yang terjadi setiap musim hujan. BPBD Kota Bekasi mengerahkan perahu karet."
        ),
        when=datetime(2026, 11, 28, 6, 15, tzinfo=WIB),
        label="negative",
        reasons=["banjir merendam", "mengeluhkan drainase", "lamban menangani"],
        agencies=[
            ("kota-bekasi/pemkot", "Pemerintah Kota Bekasi", "negative"),
            ("kota-bekasi/bpbd", "BPBD Kota Bekasi", "neutral"),
        ],
    ),
    _article(
        2,
        outlet="wartabekasi.com",
        outlet_name="Warta Bekasi",
        title="Pemkot Bekasi raih opini WTP ketujuh kali berturut-turut",
        text=(
            "Pemerintah Kota Bekasi kembali meraih opini Wajar Tanpa Pengecualian dari BPK. "
            "Wali Kota Bekasi menyebut capaian ini hasil kerja keras seluruh perangkat daerah "
            "dalam menata laporan keuangan."
        ),
        when=datetime(2026, 11, 28, 10, 30, tzinfo=WIB),
        label="positive",
        reasons=["meraih opini Wajar Tanpa Pengecualian", "hasil kerja keras"],
        agencies=[
            ("kota-bekasi/pemkot", "Pemerintah Kota Bekasi", "positive"),
            ("nasional/bpk", "Badan Pemeriksa Keuangan", "neutral"),
        ],
    ),
    _article(
        3,
        outlet="suarapriangan.id",
        outlet_name="Suara Priangan",
        title="Diskominfo Bekasi gelar pelatihan literasi digital untuk pelajar",
        text=(
            "Dinas Komunikasi dan Informatika Kota Bekasi menggelar pelatihan literasi digital "
            "bagi 200 pelajar SMP. Kegiatan berlangsung di aula kantor Pemkot Bekasi."
        ),
        when=datetime(2026, 11, 28, 14, 5, tzinfo=WIB),
        label="neutral",
        reasons=[],
        agencies=[
            ("kota-bekasi/diskominfo", "Diskominfo Kota Bekasi", "neutral"),
            ("kota-bekasi/pemkot", "Pemerintah Kota Bekasi", "neutral"),
        ],
    ),
    _article(
        4,
        outlet="kabarmasa.com",
        outlet_name="Kabar Masa",
        title="Proyek jalan Pemkot Bekasi molor, DPRD minta kontraktor diberi sanksi",
        text=(
            "Proyek pelebaran jalan yang dikerjakan Pemkot Bekasi molor dari jadwal. DPRD Kota "
            "Bekasi meminta kontraktor diberi sanksi tegas karena pekerjaan terbengkalai."
        ),
        when=datetime(2026, 11, 28, 21, 40, tzinfo=WIB),
        label="negative",
        reasons=["molor dari jadwal", "pekerjaan terbengkalai"],
        agencies=[
            ("kota-bekasi/pemkot", "Pemerintah Kota Bekasi", "negative"),
            ("kota-bekasi/dprd", "DPRD Kota Bekasi", "neutral"),
        ],
    ),
    # Outside the day, on both sides (23:59 the day before, 00:10 the day after, WIB).
    _article(
        5,
        outlet="wartabekasi.com",
        outlet_name="Warta Bekasi",
        title="Pemkot Bekasi siapkan posko banjir di 12 kecamatan",
        text="Pemerintah Kota Bekasi menyiapkan posko banjir di 12 kecamatan.",
        when=datetime(2026, 11, 27, 23, 59, tzinfo=WIB),
        label="neutral",
        reasons=[],
        agencies=[("kota-bekasi/pemkot", "Pemerintah Kota Bekasi", "neutral")],
    ),
    _article(
        6,
        outlet="wartabekasi.com",
        outlet_name="Warta Bekasi",
        title="Pemkot Bekasi luncurkan aplikasi layanan kependudukan",
        text="Pemerintah Kota Bekasi meluncurkan aplikasi kependudukan yang memudahkan warga.",
        when=datetime(2026, 11, 29, 0, 10, tzinfo=WIB),
        label="positive",
        reasons=["memudahkan warga"],
        agencies=[("kota-bekasi/pemkot", "Pemerintah Kota Bekasi", "positive")],
    ),
    # The same day, another region: matched by a broad query only.
    _article(
        7,
        outlet="suarapriangan.id",
        outlet_name="Suara Priangan",
        title="Pemkab Sumedang resmikan jembatan gantung",
        text="Pemerintah Kabupaten Sumedang meresmikan jembatan gantung penghubung dua desa.",
        when=datetime(2026, 11, 28, 9, 0, tzinfo=WIB),
        label="positive",
        reasons=["meresmikan jembatan"],
        agencies=[("kab-sumedang/pemkab", "Pemerintah Kabupaten Sumedang", "positive")],
        location="Sumedang",
    ),
]

# For the agency-tone filter: the tone towards an agency differs from the article's own tone.
# Kept out of ARTICLES so the other digest tests keep their counts; tests that need them add them.
AGENCY_TONE_EXTRAS = [
    # Negative overall, but neutral towards the Pemkot: not "negative coverage of the Pemkot".
    _article(
        8,
        outlet="wartabekasi.com",
        outlet_name="Warta Bekasi",
        title="DPRD Kota Bekasi dikritik karena reses tanpa laporan",
        text=(
            "DPRD Kota Bekasi dikritik aktivis karena reses tanpa laporan yang jelas. Pemkot "
            "Bekasi menyatakan akan menyediakan ruang rapat untuk pertemuan lanjutan."
        ),
        when=datetime(2026, 11, 28, 11, 0, tzinfo=WIB),
        label="negative",
        reasons=["dikritik aktivis"],
        agencies=[
            ("kota-bekasi/dprd", "DPRD Kota Bekasi", "negative"),
            ("kota-bekasi/pemkot", "Pemerintah Kota Bekasi", "neutral"),
        ],
    ),
    # Positive overall, but negative towards the Pemkot: belongs in that digest.
    _article(
        9,
        outlet="suarapriangan.id",
        outlet_name="Suara Priangan",
        title="Warga apresiasi relawan BPBD, Pemkot Bekasi dinilai lamban",
        text=(
            "Warga mengapresiasi relawan BPBD Kota Bekasi yang sigap membantu evakuasi. Namun "
            "Pemkot Bekasi dinilai lamban menyalurkan bantuan logistik."
        ),
        when=datetime(2026, 11, 28, 16, 20, tzinfo=WIB),
        label="positive",
        reasons=["mengapresiasi relawan", "sigap membantu"],
        agencies=[
            ("kota-bekasi/bpbd", "BPBD Kota Bekasi", "positive"),
            ("kota-bekasi/pemkot", "Pemerintah Kota Bekasi", "negative"),
        ],
    ),
    # Negative towards the Pemkot, but the evening before the day.
    _article(
        10,
        outlet="kabarmasa.com",
        outlet_name="Kabar Masa",
        title="Sampah menumpuk di TPS, Pemkot Bekasi disorot",
        text="Sampah menumpuk di sejumlah TPS dan Pemkot Bekasi disorot warga.",
        when=datetime(2026, 11, 27, 22, 0, tzinfo=WIB),
        label="negative",
        reasons=["sampah menumpuk"],
        agencies=[("kota-bekasi/pemkot", "Pemerintah Kota Bekasi", "negative")],
    ),
]
# The day's articles negative towards kota-bekasi/pemkot, by number: 1, 4 and 9.
PEMKOT_NEGATIVE_ON_DAY = [ARTICLES[0], ARTICLES[3], AGENCY_TONE_EXTRAS[1]]
