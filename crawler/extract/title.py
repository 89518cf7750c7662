"""Article titles without the site name: "Samsul Arif Tak Beban - Kompas.com" → "Samsul Arif ...".

A title is split on spaced separators (" - ", " | ", " – ", " — ", " : ", " :: ", " » ", " · ");
a part at either end is dropped only when it *is* a site name — it starts with one of the names
given (og:site_name, the outlet's display name, its domain, the domain's first label) and is at
most four words, so "Kompas Gramedia Luncurkan Buku" survives even on kompas.com. The remaining
parts keep their original separators. Prefixes and suffixes alike: "VIVA – Judul", "Republika
Online – Judul", "Judul | Suara Priangan", "Judul : Okezone Celebrity".

A leading "Site: " goes too ("KapanLagi.com: Judul"), but an unspaced colon counts only after a
site name, since headlines use colons themselves ("Tri Indonesia: Broadband Dorong ..."). A
trailing page part ("Halaman all", "Halaman 2") goes as well. A title that would become empty is
returned unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.extract.hosts import registrable_domain

_SEPARATOR = re.compile(r"(\s+(?:[-|–—»·:]|::)\s+|\s*\|\s*)")
# "Judul - Halaman all", "Judul - Halaman 2": the page of a multi-page article, not its title.
_PAGE_PART = re.compile(r"^(?:halaman|page)\s+(?:\d+|all|semua)$", re.IGNORECASE)
# "KapanLagi.com: Judul": a colon ends a leading part only; inside a headline it is the
# headline's own ("Tri Indonesia: Broadband ..."), so only a site name before it is dropped.
_COLON_PREFIX = re.compile(r"^(?P<name>[^:]{2,40}):\s+(?=\S)")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_MAX_SITE_WORDS = 4
# A domain label this short ("id", "co") says nothing about a site's name.
_MIN_NAME_LENGTH = 4


def _norm(value: str) -> str:
    return _NON_ALNUM.sub("", value.lower())


def site_names(*names: str | None) -> list[str]:
    """Normalised site names from display names and hosts ("www.kompas.com" → kompascom, kompas)."""
    result: set[str] = set()
    for name in names:
        if not name:
            continue
        result.add(_norm(name))
        if "." in name and " " not in name.strip():
            # "regional.kompas.com": "kompas.com" and "kompas" name the site, "regional" does not.
            domain = registrable_domain(name.strip())
            result.update({_norm(domain), _norm(domain.split(".")[0])})
    return sorted(n for n in result if len(n) >= _MIN_NAME_LENGTH)


def is_site_name(part: str, names: Iterable[str]) -> bool:
    """Whether ``part`` (at most four words) starts with one of the normalised site ``names``."""
    normal = _norm(part)
    if not normal or len(part.split()) > _MAX_SITE_WORDS:
        return False
    return any(normal.startswith(name) for name in names)


def clean_title(title: str, names: Iterable[str]) -> str:
    """``title`` without a leading or trailing site-name part (``names``: :func:`site_names`)."""
    names = list(names)
    title = " ".join(title.split())
    pieces = _SEPARATOR.split(title)
    # pieces alternates text, separator, text, ...; drop site names from both ends.
    while len(pieces) >= 3 and (is_site_name(pieces[-1], names) or _PAGE_PART.match(pieces[-1])):
        pieces = pieces[:-2]
    while len(pieces) >= 3 and is_site_name(pieces[0], names):
        pieces = pieces[2:]
    cleaned = "".join(pieces).strip()
    prefix = _COLON_PREFIX.match(cleaned)
    if prefix is not None and is_site_name(prefix.group("name"), names):
        cleaned = cleaned[prefix.end() :]
    return cleaned or title
