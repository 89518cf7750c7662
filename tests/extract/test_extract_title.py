"""Site-name stripping in titles, and host helpers."""

# Parametrised tables keep one case a line, even when long.
# ruff: noqa: E501

from __future__ import annotations

import pytest
from extract_pages import article_html

from crawler.extract import extract
from crawler.extract.hosts import host_of, registrable_domain, same_site
from crawler.extract.title import clean_title, site_names
from pantau.models import Article

KOMPAS = site_names("Kompas.com", None, "regional.kompas.com")


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        ("Samsul Arif Tak Beban - Kompas.com", KOMPAS, "Samsul Arif Tak Beban"),
        ("Polres Serahkan Anggota - Kompas.com Regional", KOMPAS, "Polres Serahkan Anggota"),
        ("KabarMasa | Pemkot Bekasi Raih WTP", site_names("KabarMasa"), "Pemkot Bekasi Raih WTP"),
        ("Pemkot Bekasi Raih WTP | KabarMasa", site_names(None, "KabarMasa"), "Pemkot Bekasi Raih WTP"),
        ("Saat Pengadilan Bertemu - ANTARA News", site_names("antaranews.com"), "Saat Pengadilan Bertemu"),
        ("Kompas Gramedia Luncurkan Buku Baru - Kompas.com", KOMPAS, "Kompas Gramedia Luncurkan Buku Baru"),
        ("Tol Jakarta - Cikampek Macet", KOMPAS, "Tol Jakarta - Cikampek Macet"),
        ("Kompas.com", KOMPAS, "Kompas.com"),
        ("Regional Bangkit - Kompas.com", KOMPAS, "Regional Bangkit"),
        ("KapanLagi.com: Raffi Ahmad Rayakan Ulang Tahun", site_names(None, None, "www.kapanlagi.com"), "Raffi Ahmad Rayakan Ulang Tahun"),
        ("VIVA – Banjir Rendam Kota Bekasi", site_names("VIVA.co.id", None, "www.viva.co.id"), "Banjir Rendam Kota Bekasi"),
        ("Republika Online – Pemkot Bogor Revitalisasi Pasar", site_names(None, None, "republika.co.id"), "Pemkot Bogor Revitalisasi Pasar"),
        ("Tri Indonesia: Broadband Dorong Ekosistem Digital", site_names("Liputan6.com", None, "tekno.liputan6.com"), "Tri Indonesia: Broadband Dorong Ekosistem Digital"),
        ("Wali Kota: Pompa Siap - KabarMasa", site_names("KabarMasa"), "Wali Kota: Pompa Siap"),
        ("Cara Indra Birowo Jaga Keromantisan : Okezone Celebrity", site_names(None, None, "celebrity.okezone.com"), "Cara Indra Birowo Jaga Keromantisan"),
        ("Banjir Rendam Bekasi Halaman all - Kompas.com", KOMPAS, "Banjir Rendam Bekasi Halaman all"),
        ("Banjir Rendam Bekasi - Halaman all - Kompas.com", KOMPAS, "Banjir Rendam Bekasi"),
        ("Banjir : Warga Mengungsi", KOMPAS, "Banjir : Warga Mengungsi"),
    ],
)  # fmt: skip
def test_clean_title(title: str, names: list[str], expected: str) -> None:
    assert clean_title(title, names) == expected


def test_hosts() -> None:
    assert host_of("https://www.KabarMasa.com/a") == "kabarmasa.com"
    assert registrable_domain("regional.kompas.com") == "kompas.com"
    assert registrable_domain("humas.bekasikota.go.id") == "bekasikota.go.id"
    assert same_site("https://amp.kompas.com/x", "https://regional.kompas.com/y")
    assert not same_site("https://kompas.com/x", "https://detik.com/x")
    assert not same_site("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/a")


def test_public_suffix_list_private_section_separates_blogs() -> None:
    # blogspot.com is a public suffix (PSL private section): each blog is its own site.
    assert registrable_domain("sumedangpost.blogspot.com") == "sumedangpost.blogspot.com"
    assert not same_site(
        "https://hoax.blogspot.com/a.html", "https://sumedangpost.blogspot.com/a.html"
    )
    assert same_site("https://m.sumedangpost.blogspot.com/a", "https://sumedangpost.blogspot.com/b")
    assert registrable_domain("desa-cibiru.desa.id") == "desa-cibiru.desa.id"
    assert registrable_domain("10.0.0.5") == "10.0.0.5"


def test_site_name_title_falls_back_to_the_h1_then_is_kept() -> None:
    head = '<meta property="og:title" content="KabarMasa"><meta property="og:site_name" content="KabarMasa">'
    url = "https://kabarmasa.com/berita/1/pompa"
    result = extract(article_html(head=head), url)
    assert isinstance(result, Article)
    assert result.title == "Pemkot Bekasi Siagakan Pompa Air Jelang Musim Hujan"
    bare = extract(article_html(head=head, h1=""), url)
    assert isinstance(bare, Article)
    assert bare.title == "KabarMasa"
