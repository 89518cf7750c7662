"""Ten hand-made articles for the store tests (a uniquely named module, not conftest, so test
modules can import it without clashing with other directories' conftest.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pantau.models import AgencyRef, Article, Sentiment, SentimentLabel

WIB = timezone(timedelta(hours=7))


def _article(
    id: str,
    outlet: str,
    title: str,
    text: str,
    *,
    when: datetime | None,
    agencies: tuple[str, ...] = (),
    sentiment: SentimentLabel | None = None,
    author: str | None = None,
    location: str | None = None,
    lead: str | None = None,
) -> Article:
    return Article(
        id=id,
        url=f"https://{outlet}/berita/{id}?utm_source=x",
        canonical_url=f"https://{outlet}/berita/{id}",
        outlet=outlet,
        title=title,
        text=text,
        published_at=when,
        agencies=[AgencyRef(id=agency, name=agency.split("/")[-1]) for agency in agencies],
        sentiment=Sentiment(label=sentiment, score=0.5) if sentiment else None,
        word_count=len(text.split()),
        author=author,
        location=location,
        lead=lead,
        # Stored articles always have a cluster (their own when none is given): as read back.
        cluster_id=id,
    )


LONG_TEXT = (
    " ".join(["Pemerintah provinsi menyiapkan anggaran perbaikan jalan."] * 12)
    + (" Di bagian selatan, banjir sempat menggenangi permukiman warga selama dua hari.")
    + " "
    + " ".join(["Dinas terkait terus memantau kondisi di lapangan."] * 8)
)


def sample_articles() -> list[Article]:
    """Ten articles; the ids say what each one is for."""
    return [
        _article("a1", "kabarmasa.com", "Banjir rendam tiga kecamatan di Kota Bekasi",
                 "Banjir merendam permukiman warga. BPBD Kota Bekasi mengerahkan perahu karet.",
                 when=datetime(2025, 3, 1, 8, 0, tzinfo=WIB), sentiment="negative",
                 agencies=("kota-bekasi/bpbd", "kota-bekasi/pemkot"),
                 author="André Wijaya", location="Kota Bekasi", lead="Hujan deras sejak malam."),
        _article("a2", "kabarmasa.com", "Longsor di Sumedang, warga-warga mengungsi",
                 "Longsor menutup jalan desa. Warga-warga mengungsi ke balai desa.",
                 when=datetime(2025, 3, 2, 9, 0, tzinfo=WIB), sentiment="negative",
                 agencies=("kab-sumedang/bpbd",), location="Sumedang"),
        _article("a3", "warta.id", "Pemkot Bekasi resmikan taman kota",
                 "Wali Kota meresmikan taman baru di pusat kota.",
                 # 01:00 WIB on 3 March is still 2 March in UTC: the day facet must say 03-03.
                 when=datetime(2025, 3, 3, 1, 0, tzinfo=WIB), sentiment="positive",
                 agencies=("kota-bekasi/pemkot",), author="Siti Rahma"),
        _article("a4", "warta.id", "Jum'at berkah: Diskominfo bagikan sembako",
                 "Pada hari Jum'at, Diskominfo Kota Bekasi membagikan sembako kepada warga.",
                 when=datetime(2025, 3, 4, 10, 0, tzinfo=WIB), sentiment="positive",
                 agencies=("kota-bekasi/diskominfo",)),
        _article("a5", "koranbaru.co.id", "Banjir bandang terjang Garut",
                 "Banjir bandang menerjang dua desa di Garut. BPBD Garut mendata kerugian.",
                 when=datetime(2025, 3, 5, 7, 30, tzinfo=WIB), sentiment="negative",
                 agencies=("kab-garut/bpbd",), author="andre"),
        _article("a6", "koranbaru.co.id", "<script>alert(1)</script> Warga bersihkan lumpur",
                 "Warga membersihkan <b>lumpur</b> & sampah sisa banjir di bantaran kali.",
                 when=datetime(2025, 3, 6, 15, 0, tzinfo=WIB), sentiment="neutral"),
        _article("a7", "warta.id", "Rapat DPRD bahas anggaran",
                 "DPRD Kota Bekasi membahas anggaran perubahan tanpa menyebut bencana.",
                 when=None, sentiment="neutral", agencies=("kota-bekasi/dprd",)),
        _article("a8", "kabarmasa.com", "Kota-kota di Jawa Barat siaga bencana",
                 "Kota-kota di Jawa Barat bersiaga menghadapi puncak musim hujan.",
                 when=datetime(2025, 3, 3, 12, 0, tzinfo=WIB), sentiment="neutral",
                 agencies=("prov-jabar/bpbd", "prov-jabar/pemprov")),
        _article("a9", "jabarnews.id", "Anggaran perbaikan jalan provinsi",
                 LONG_TEXT, when=datetime(2025, 2, 28, 9, 0, tzinfo=WIB), sentiment="positive",
                 agencies=("prov-jabar/pemprov",)),
        _article("a10", "jabarnews.id", "Festival budaya di alun-alun",
                 "Festival budaya digelar meriah. Tidak ada kaitan dengan cuaca.",
                 when=datetime(2025, 2, 27, 19, 0, tzinfo=WIB)),
    ]  # fmt: skip
