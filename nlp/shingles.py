"""Word shingles of Indonesian news text: what near-duplicate detection and release pickups compare.

Two copies of one story differ in what each outlet puts around it: a dateline
("KABARMASA.COM, KOTA BEKASI -"), trailing initials "(goeng)", the way numbers and dates are
written, capitals and accents. :func:`normalise` removes those differences so that the shingles of
two copies overlap as far as their words do:

* lower case, accents folded, every run of non-letters/digits is one space;
* a leading dateline (an upper-case outlet or place name followed by a dash) is dropped;
* thousands separators go (``312.450`` and ``312,450`` → ``312450``), as outlets write both;
* trailing initials in parentheses are dropped.

A shingle is ``k`` consecutive words joined by one space (:data:`SHINGLE_WORDS`, 3 by default:
long enough that a common phrase "pemerintah kota bekasi" alone does not make two stories alike).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

SHINGLE_WORDS = 3
_DATELINE = re.compile(r"^\s*[A-Z0-9][A-Z0-9 .,/()'-]{2,80}?\s+[-–—]\s+")
_INITIALS = re.compile(r"\(\s*[a-z]{2,6}(?:/[a-z]{2,6})*\s*\)\s*$")
_THOUSANDS = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> list[str]:
    """The words of ``text`` after the clean-up above, in order."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if paragraphs:
        paragraphs[0] = _DATELINE.sub("", paragraphs[0], count=1)
        paragraphs[-1] = _INITIALS.sub("", paragraphs[-1])
    words: list[str] = []
    for paragraph in paragraphs:
        folded = _fold(_THOUSANDS.sub("", paragraph))
        words.extend(w for w in _NON_WORD.split(folded) if w)
    return words


def shingles(words: list[str], size: int = SHINGLE_WORDS) -> set[str]:
    """Every run of ``size`` consecutive words; a text shorter than that is one shingle."""
    if not words:
        return set()
    if len(words) < size:
        return {" ".join(words)}
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def article_shingles(title: str, text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The shingles of a title and its body, the title as its own paragraph."""
    return shingles(normalise(title), size) | shingles(normalise(text), size)


def shingle_hashes(title: str, text: str) -> list[int]:
    """The 32-bit hash of each of :func:`article_shingles` as a MinHash takes it: the first four
    bytes of its UTF-8 SHA-1, little-endian (datasketch's ``sha1_hash32``). Pure Python, so that
    an extraction worker computes it without loading numpy (``nlp.clusters.signature_of`` does
    the rest); about two thirds of a signature's CPU."""
    return [
        int.from_bytes(
            hashlib.sha1(s.encode("utf-8"), usedforsecurity=False).digest()[:4], "little"
        )
        for s in article_shingles(title, text)
    ]
