"""Agencies as real regional coverage names them: units beyond the standard list, regional
commands, current region spellings, and the dateline a text opens with."""

from __future__ import annotations

import pytest

from nlp.dateline import dateline_places
from nlp.pipeline import Tagger
from tests.nlp.conftest import ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Setwan DPRD Kabupaten Bogor menggelar rapat.", ["kab-bogor/setwan", "kab-bogor/dprd"]),
        ("BKAD Kabupaten Bekasi mencairkan dana.", ["kab-bekasi/bkad"]),
        ("BPKAD Kota Depok mencairkan dana.", ["kota-depok/bpkad"]),
        ("Disdikbud Kota Tangerang membuka pendaftaran.", ["kota-tangerang/disdikbud"]),
        ("Disdik Kota Bekasi membuka pendaftaran.", ["kota-bekasi/disdik"]),
        ("Dispar Kabupaten Garut menggelar festival.", ["kab-garut/dispar"]),
        ("Disbudpar Kabupaten Majene menggelar festival.", ["kab-majene/disbudpar"]),
        ("Disperkim Kota Bogor menata taman.", ["kota-bogor/disperkim"]),
        ("Kesbangpol Kota Depok menggelar dialog.", ["kota-depok/kesbangpol"]),
        ("Kadis PPPA Karangasem hadir.", ["kab-karangasem/dp3a"]),
        ("Lapas Kabupaten Garut kelebihan penghuni.", ["kab-garut/lapas"]),
        ("Rutan Kelas I Makassar menerima penghargaan.", ["kota-makassar/rutan"]),
        ("Kepala Puskesmas Kabupaten Langkat hadir.", ["kab-langkat/puskesmas"]),
        ("Disnakertrans Kabupaten Karawang membuka bursa kerja.", ["kab-karawang/disnakertrans"]),
        ("Dinas PMD Kabupaten Kuningan hadir.", ["kab-kuningan/dpmd"]),
        ("Asisten III Setda Karangasem hadir.", ["kab-karangasem/setda"]),
        ("Komandan Kodim 1404/Pinrang hadir.", ["nasional/tni"]),
        ("Kementerian PPPA RI menyerahkan penghargaan.", ["nasional/kemenpppa"]),
        ("Surat edaran Kemen PAN RB berlaku.", ["nasional/kemenpanrb"]),
        ("KLHK memberi penghargaan.", ["nasional/klhk"]),
        ("Pemprov DIJ mengurangi jam kerja.", ["prov-di-yogyakarta/pemprov"]),
        ("Pemerintah Aceh menggelar rapat.", ["prov-aceh/pemprov"]),
        (
            "Pemerintah Kota (Pemkot) Pangkalpinang meraih penghargaan.",
            ["kota-pangkalpinang/pemkot"],
        ),
        (
            "Pemkot Palangka Raya dan Pemkot Baubau hadir.",
            ["kota-palangka-raya/pemkot", "kota-baubau/pemkot"],
        ),
        (
            "Pengadilan Agama Kolaka dan Pengadilan Negeri Kolaka.",
            ["kab-kolaka/pengadilan-agama", "kab-kolaka/pengadilan-negeri"],
        ),
    ],
)
def test_units_of_real_coverage(tagger: Tagger, text: str, expected: list[str]) -> None:
    assert ids(tagger.tag(text)) == expected


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("KARANGASEM - Bupati Mbaraka meresmikan pasar.", ["KARANGASEM"]),
        ("Gowa, Potretnusantara.co.id – Bupati hadir.", ["Gowa"]),
        ("Bisnis.com, BANDUNG -- Untuk ketiga kalinya", ["BANDUNG"]),
        ("KAB. BEKASI - Pemkab hadir.", ["KAB. BEKASI"]),
        ("SONORABANGKA.ID - Pemerintah Kota", []),
        ("Kepala dinas ditangkap KPK.", []),
    ],
)
def test_dateline_candidates(text: str, places: list[str]) -> None:
    assert dateline_places(text) == places


def test_a_bare_head_resolves_from_the_dateline_the_text_opens_with(tagger: Tagger) -> None:
    text = "KARANGASEM – Bupati Mbaraka meresmikan pasar rakyat."
    assert ids(tagger.tag(text)) == ["kab-karangasem/pemkab"]
    assert ids(tagger.tag("Bupati Mbaraka meresmikan pasar rakyat.")) == ["unknown/pemkab"]
    # A dateline the caller gives wins over the text's; batch items read their own.
    assert ids(tagger.tag(text, location="Kabupaten Sumedang")) == ["kab-sumedang/pemkab"]
    batch = dict(tagger.tag_many([("a", text), ("b", "Bisnis.com, SUMEDANG -- Bupati hadir.")]))
    assert ids(batch["a"]) == ["kab-karangasem/pemkab"]
    assert ids(batch["b"]) == ["kab-sumedang/pemkab"]
    # "Di sisi lain," opens a sentence, not a dateline: no region from it.
    assert ids(tagger.tag("Di sisi lain, Bupati hadir.")) == ["unknown/pemkab"]
