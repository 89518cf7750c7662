"""Quotes: direct quotes attributed to their speaker with Indonesian speech verbs."""

from __future__ import annotations

import pytest

from nlp.pipeline import Tagger
from nlp.quotes import find_quotes

OFFICIAL = "Wali Kota Bekasi Tri Adhianto meninjau lokasi banjir."


def _pairs(tagger: Tagger, text: str) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in tagger.tag(text).quotes]


@pytest.mark.parametrize(
    "attributed",
    [
        '"Pompa akan ditambah," ujar Tri.',
        '"Pompa akan ditambah," kata Wali Kota Bekasi Tri Adhianto.',
        '"Pompa akan ditambah," ucapnya.',
        '"Pompa akan ditambah," tuturnya.',
        '"Pompa akan ditambah," jelas Tri.',
        '"Pompa akan ditambah," ungkap dia.',
        '"Pompa akan ditambah," tegasnya.',
        '"Pompa akan ditambah," sebutnya.',
        '"Pompa akan ditambah," terangnya.',
        '"Pompa akan ditambah," paparnya.',
        '"Pompa akan ditambah," imbuhnya.',
        '"Pompa akan ditambah," tambahnya.',
        'Menurutnya, "Pompa akan ditambah,"',
        'Tri mengatakan, "Pompa akan ditambah,"',
        'Dirinya juga menyebutkan, "Pompa akan ditambah,"',
        "“Pompa akan ditambah,” ujar Tri.",
    ],
)
def test_speech_verbs(tagger: Tagger, attributed: str) -> None:
    text = f"{OFFICIAL}\n\n{attributed}"
    quotes = tagger.tag(text).quotes
    assert [(q.speaker, q.text, q.agency_id) for q in quotes] == [
        ("Tri Adhianto", "Pompa akan ditambah", "kota-bekasi/pemkot")
    ]


def test_pronoun_refers_to_last_named_person(tagger: Tagger) -> None:
    text = (
        f"{OFFICIAL} Sementara itu, Kepala Dinas Sosial Kota Bekasi Alexander Zulkarnain "
        'mengatakan bantuan sudah disalurkan.\n\n"Semua penerima terdata," ujarnya.'
    )
    assert _pairs(tagger, text) == [("Alexander Zulkarnain", "Semua penerima terdata")]


def test_unknown_speaker_without_role(tagger: Tagger) -> None:
    annotation = tagger.tag('"Kami menolak," kata Budi Santoso, warga Bantargebang.')
    assert [(q.speaker, q.role, q.agency_id) for q in annotation.quotes] == [
        ("Budi Santoso", None, None)
    ]
    assert [p.name for p in annotation.people] == ["Budi Santoso"]


@pytest.mark.parametrize(
    "text",
    [
        'Warga menyebut program "Bekasi Keren" belum terasa.',
        '"Pompa akan ditambah," begitu bunyi spanduk itu.',
    ],
)
def test_not_attributed(tagger: Tagger, text: str) -> None:
    assert tagger.tag(text).quotes == []


def test_find_quotes_closes_at_paragraph_end() -> None:
    text = '"Satu dua,\n"Tiga," kata Tri.'
    assert [text[a + 1 : b] for a, b, _ in find_quotes(text)] == ["Satu dua,", "Tiga,"]
