"""Officials: people named with a role -> {name, role, agency_id}."""

from __future__ import annotations

import pytest

from nlp.pipeline import Tagger
from pantau.models import Person


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        (
            "Kepala Bagian Humas Setda Kota Bekasi Amsiyah mengatakan layanan dibuka.",
            {},
            Person(
                name="Amsiyah",
                role="Kepala Bagian Humas Setda Kota Bekasi",
                agency_id="kota-bekasi/setda",
            ),
        ),
        (
            "Kabag Humas, Amsiyah, menjelaskan hal itu.",
            {"location": "KOTA BEKASI"},
            Person(name="Amsiyah", role="Kabag Humas", agency_id="kota-bekasi/setda"),
        ),
        (
            "Pj Bupati Sumedang Herman Suryatman meresmikan jembatan.",
            {},
            Person(
                name="Herman Suryatman", role="Pj Bupati Sumedang", agency_id="kab-sumedang/pemkab"
            ),
        ),
        (
            "Amsiyah, Kepala Bagian Humas Setda Kota Bekasi, menjelaskan hal itu.",
            {},
            Person(
                name="Amsiyah",
                role="Kepala Bagian Humas Setda Kota Bekasi",
                agency_id="kota-bekasi/setda",
            ),
        ),
        (
            "Tri Adhianto selaku Wali Kota Bekasi membuka acara.",
            {},
            Person(name="Tri Adhianto", role="Wali Kota Bekasi", agency_id="kota-bekasi/pemkot"),
        ),
        (
            "Kapolres Metro Bekasi Kota Kombes Pol Kusumo Wahyu Bintoro memimpin apel.",
            {},
            Person(
                name="Kusumo Wahyu Bintoro",
                role="Kapolres Metro Bekasi Kota",
                agency_id="kota-bekasi/polres",
            ),
        ),
        (
            "Kepala Dinas Kesehatan Kota Bekasi, dr. Tanti Rohilawati, meminta warga waspada.",
            {},
            Person(
                name="Tanti Rohilawati",
                role="Kepala Dinas Kesehatan Kota Bekasi",
                agency_id="kota-bekasi/dinkes",
            ),
        ),
        (
            "Mantan Wali Kota Bekasi Rahmat Effendi hadir sebagai saksi.",
            {},
            Person(name="Rahmat Effendi", role="Mantan Wali Kota Bekasi", agency_id=None),
        ),
    ],
)
def test_officials(tagger: Tagger, text: str, kwargs: dict[str, str], expected: Person) -> None:
    assert tagger.tag(text, **kwargs).people == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Wali Kota Bekasi, Senin (12/8), meninjau lokasi banjir.",
        "Pemkot Bekasi Menggelar Apel.",  # a headline: no role, so no person
        "Ketua RT setempat, Budi, membenarkan kejadian itu.",  # not a government role
    ],
)
def test_no_official(tagger: Tagger, text: str) -> None:
    assert tagger.tag(text).people == []


def test_two_officials_in_one_sentence(tagger: Tagger) -> None:
    text = "Ketua DPRD Jabar Buky Wibawa dan Wali Kota Bandung Muhammad Farhan hadir."
    people = tagger.tag(text).people
    assert [(p.name, p.agency_id) for p in people] == [
        ("Buky Wibawa", "prov-jawa-barat/dprd"),
        ("Muhammad Farhan", "kota-bandung/pemkot"),
    ]
