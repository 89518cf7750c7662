"""Datelines at the start of the text, and sentences that only look like them."""

# Parametrised tables keep one case a line, even when long.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from crawler.extract.dateline import display_place, split_dateline


@pytest.mark.parametrize(
    ("text", "location", "rest"),
    [
        ("KABARMASA.COM, KOTA BEKASI - Pemerintah Kota Bekasi menggelar", "Kota Bekasi", "Pemerintah"),
        ("BANDUNG, KOMPAS.com - Wali Kota Bandung", "Bandung", "Wali Kota"),
        ("Sumedang – Bupati Sumedang meresmikan", "Sumedang", "Bupati"),
        ("JAKARTA - Memiliki segudang kesibukan", "Jakarta", "Memiliki"),
        ("KAB. BEKASI - Pemkab Bekasi", "Kabupaten Bekasi", "Pemkab"),
        ("KABUPATEN BEKASI, radarbekasi.id - Sebanyak", "Kabupaten Bekasi", "Sebanyak"),
        ("Mataram, NTB (ANTARA News) - Sebanyak 29 penerbangan", "Mataram", "Sebanyak"),
        ("Jakarta (ANTARA) - PT Astra", "Jakarta", "PT Astra"),
        ("ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) -\nPemerintah kota", "Istanbul", "Pemerintah"),
        ('BEKASI — "Kami siap," kata', "Bekasi", '"Kami'),
        ("BANDUNG (Suara Priangan) — DPRD Provinsi Jawa Barat", "Bandung", "DPRD"),
    ],
)  # fmt: skip
def test_datelines(text: str, location: str, rest: str) -> None:
    found, remaining = split_dateline(text)
    assert found == location
    assert remaining.startswith(rest)


@pytest.mark.parametrize(
    "text",
    [
        "Pemerintah Kota Bekasi menggelar rapat koordinasi pada Senin.",
        "Presiden Joko Widodo - yang akrab disapa Jokowi - meresmikan tol.",
        "Presiden Joko Widodo - Jokowi - meresmikan tol.",
        "Wali Kota Bekasi Tri Adhianto - Wakil Wali Kota juga hadir.",
        "Menurut dia, hal itu - katanya - penting.",
        "Pukul 10.00 - 12.00 WIB warga antre.",
        "Periode 2023 - 2024 sudah berakhir.",
        "Jalur Kota Bekasi-Jakarta macet.",
        "Dinas Kesehatan - Puskesmas bekerja sama.",
        "Rapat Besar Warga Kampung Baru Sekali - Semua hadir.",
        "Bandung - kota kembang - ramai.",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert split_dateline(text) == (None, text)


def test_display_place() -> None:
    assert display_place("KOTA BEKASI") == "Kota Bekasi"
    assert display_place("DKI JAKARTA") == "DKI Jakarta"
    assert display_place("Kab. Sumedang") == "Kabupaten Sumedang"
    assert display_place("Bandarlampung") == "Bandarlampung"
