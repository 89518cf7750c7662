"""Site-name stripping in titles, and host helpers."""

# Parametrised tables keep one case a line, even when long.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from crawler.extract.hosts import host_of, registrable_domain, same_site
from crawler.extract.title import clean_title, site_names

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
