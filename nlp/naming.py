"""Proper names in running text: place mentions, the own name of a named unit ("Kecamatan Tambun
Selatan", "Desa Sukamaju") and person names after a role ("Wali Kota Bekasi Tri Adhianto").

A blank pipeline has no NER model, so these are token-shape rules: a proper name is a run of
title-case words, minus words that are capitalised for other reasons (days, months, sentence
openers), with honorifics and ranks before a person's name dropped.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc, Span

from nlp.regions import Gazetteer, normalise_name

# A proper-case bare name after these is a company name ("PT Sumedang Jaya"), not a place.
_COMPANY_MARKERS = frozenset({"pt", "pt.", "cv", "cv.", "tbk", "perum"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that continue a place's name ("Kaliabang Tengah", "Sukamaju Jaya", "Cibitung II").
_PLACE_SUFFIXES = _words(
    "utara selatan barat timur tengah baru jaya raya lor kidul wetan kulon i ii iii iv"
)
# Capitalised words that are not names: days, months, openers, pronouns, common title-case words.
NOT_NAMES = _words(
    """senin selasa rabu kamis jumat jum'at sabtu minggu januari februari maret april mei juni juli
    agustus september oktober november desember dalam menurut selain sementara saat ketika
    kata hal ia dia dirinya beliau kami kita mereka pihaknya namun tetapi adapun kemudian lalu
    sebelumnya selanjutnya terkait untuk pada di ke dari dan atau yang itu ini tersebut
    setempat bersama acara kegiatan program wib wita wit rp pemerintah negeri republik indonesia
    ri"""
)
# Honorifics, academic titles and ranks written before a person's name.
HONORIFICS = _words(
    """h h. hj hj. dr dr. drs drs. dra dra. ir ir. prof prof. kh k.h. bapak pak ibu bu kombes
    akbp kompol akp iptu ipda aiptu bripka brigjen irjen komjen jenderal letkol kolonel mayor
    mayjen kapten pol pol. tgh ust ustaz habib raden rd. st. drg drg. apt apt."""
)
MAX_NAME_TOKENS = 4


def is_name_token(doc: Doc, index: int) -> bool:
    """A word that may belong to a person's name: title case (or an initial such as "M."), not a
    known non-name."""
    token = doc[index]
    text = token.text
    if token.lower_ in NOT_NAMES:
        return False
    if len(text) == 2 and text[0].isupper() and text[1] == ".":
        return True  # an initial
    return text[:1].isupper() and text.replace("'", "").replace("-", "").isalpha()


def person_name(doc: Doc, start: int, stops: Container[int]) -> tuple[int, int] | None:
    """The token range of a person's name starting at ``start`` (honorifics skipped), or None.

    ``stops`` are positions where a name cannot continue (the start of a unit or region span).
    """
    index = start
    while index < len(doc) and doc[index].lower_ in HONORIFICS:
        index += 1
        if index < len(doc) and doc[index].text == ".":
            index += 1
    first = index
    while (
        index < len(doc)
        and index - first < MAX_NAME_TOKENS
        and (index == first or index not in stops)
        and is_name_token(doc, index)
    ):
        index += 1
    if index == first or first in stops:
        return None
    return first, index


def looks_like_place(span: Span) -> bool:
    """A bare name counts as a place mention only when written as a proper noun mid-sentence.

    Many kabupaten/kota names are common words ("Batu", "Malang", "Bone", "Pati"), so a lower-case
    or sentence-initial match is not evidence of a place.
    """
    first = span[0]
    if first.is_sent_start or not (first.is_title or first.is_upper):
        return False
    return span.start == 0 or span.doc[span.start - 1].lower_ not in _COMPANY_MARKERS


class NamedUnits:
    """Reads the own name of a named unit right after its form."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.kecamatan = gazetteer.kecamatan

    def take(self, doc: Doc, start: int, kecamatan: bool) -> tuple[int, frozenset[str] | None]:
        """The end of the name and, for a kecamatan from the Kemendagri list, the kabupaten/kota
        that have one of that name. ``(start, None)`` when no name follows."""
        if kecamatan:
            for length in (3, 2, 1):
                end = start + length
                if end > len(doc) or not all(_proper(doc, i) for i in range(start, end)):
                    continue
                found = self.kecamatan.get(normalise_name(doc[start:end].text))
                if found:
                    return end, found
        index = start
        if index < len(doc) and doc[index].lower_ in ("dr.", "dr"):
            index += 1  # hospitals named after doctors: "RSUD dr. Chasbullah Abdulmadjid"
        if index >= len(doc) or not _proper(doc, index):
            return start, None
        index += 1
        while index < len(doc) and doc[index].lower_ in _PLACE_SUFFIXES:
            index += 1
        return index, None


def _proper(doc: Doc, index: int) -> bool:
    token = doc[index]
    return token.text[:1].isupper() and token.is_alpha and token.lower_ not in NOT_NAMES
