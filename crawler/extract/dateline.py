"""Datelines: the place (and outlet) an Indonesian article opens with, before a dash.

Recognised at the very start of the text only:

* ``KABARMASA.COM, KOTA BEKASI - Pemerintah ...``      (outlet domain, place)
* ``BANDUNG, KOMPAS.com - ...``                         (place, outlet domain)
* ``Mataram, NTB (ANTARA News) - ...``                   (place, region, outlet in brackets)
* ``ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) -``  (place, date, outlet in brackets)
* ``JAKARTA - ...`` / ``Sumedang – ...``                 (bare place and a spaced dash)

The bare form is the risky one ("Presiden Joko Widodo - yang ..."), so it needs an upper-case
place, or one or two capitalised words not starting with a title or pronoun, and the text after the
dash must start like a sentence. Places have no digits and at most four words. The location is
returned in display form: "KOTA BEKASI" → "Kota Bekasi", "KAB. BEKASI" → "Kabupaten Bekasi".
"""

from __future__ import annotations

import re

_DASH = r"\s*[-–—]+\s+"
_WORD = r"[A-Z][A-Za-z'’]*\.?"
_PLACE = rf"(?P<place>{_WORD}(?:\s+{_WORD}){{0,3}})"
_DOMAIN = r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z]{2,6}){1,2}"
# What may follow a dateline: the sentence proper, starting with a capital, digit or quote.
_SENTENCE_START = r"(?=[A-Z0-9\"“'‘(])"

_DOMAIN_FIRST = re.compile(rf"^\s*{_DOMAIN}\s*,\s*{_PLACE}{_DASH}{_SENTENCE_START}")
_PLACE_FIRST = re.compile(rf"^\s*{_PLACE}\s*,\s*{_DOMAIN}{_DASH}{_SENTENCE_START}")
_BRACKETED = re.compile(
    rf"^\s*{_PLACE}(?:\s*,\s*[^()\n]{{1,40}}?)?\s*\([^()\n]{{2,40}}\){_DASH}{_SENTENCE_START}"
)
_BARE = re.compile(rf"^\s*{_PLACE}{_DASH}{_SENTENCE_START}")

# First words that make a capitalised phrase a subject, not a place ("Presiden Jokowi - ...").
_NOT_PLACE_STARTS = frozenset(
    [
        "presiden",
        "wakil",
        "menteri",
        "gubernur",
        "bupati",
        "wali",
        "walikota",
        "kepala",
        "ketua",
        "sekretaris",
        "direktur",
        "camat",
        "lurah",
        "pemerintah",
        "pemkot",
        "pemkab",
        "pemprov",
        "dinas",
        "badan",
        "kantor",
        "polisi",
        "polres",
        "kapolres",
        "dprd",
        "anggota",
        "bapak",
        "ibu",
        "pak",
        "bu",
        "dia",
        "ia",
        "mereka",
        "kami",
        "kita",
        "saya",
        "sementara",
        "namun",
        "selain",
        "menurut",
        "dalam",
    ]
)
_ABBREVIATIONS = {"kab.": "Kabupaten", "kab": "Kabupaten", "kec.": "Kecamatan", "prov.": "Provinsi"}
# Upper-case words that stay upper-case in a place name.
_ACRONYMS = frozenset({"DKI", "DIY", "NTB", "NTT", "KEPRI", "NAD", "RI"})


def display_place(raw: str) -> str:
    """ "KOTA BEKASI" → "Kota Bekasi"; "KAB. BEKASI" → "Kabupaten Bekasi"; others unchanged."""
    words = []
    for word in raw.split():
        expanded = _ABBREVIATIONS.get(word.lower())
        if expanded:
            words.append(expanded)
        elif word.isupper() and word.rstrip(".") not in _ACRONYMS:
            words.append(word.capitalize())
        else:
            words.append(word)
    return " ".join(words)


def _starts_like_place(place: str) -> bool:
    return place.split()[0].lower().rstrip(".") not in _NOT_PLACE_STARTS


def _bare_place_ok(place: str) -> bool:
    if not _starts_like_place(place):
        return False
    words = place.split()
    # "JAKARTA", "KOTA BEKASI": an all-caps place is a dateline convention, not prose.
    return place.isupper() or len(words) <= 2


def split_dateline(text: str) -> tuple[str | None, str]:
    """``(location, text without the dateline)``; ``(None, text)`` when there is no dateline."""
    for pattern in (_DOMAIN_FIRST, _PLACE_FIRST, _BRACKETED):
        match = pattern.match(text)
        if match is not None and _starts_like_place(match.group("place")):
            return display_place(match.group("place")), text[match.end() :]
    match = _BARE.match(text)
    if match is not None and _bare_place_ok(match.group("place")):
        return display_place(match.group("place")), text[match.end() :]
    return None, text
