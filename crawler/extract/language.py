"""The article's language from its text, with ``<html lang>`` as a hint only.

Templates lie about their language: five of the 17 shared Indonesian pages say ``lang="en"``
(a theme's default). The text does not: Indonesian and English prose each spend a large share of
their words on a few function words ("yang", "dan", "di" / "the", "of", "and"), and the two lists
share none. So:

* the text's first :data:`MAX_TOKENS` word tokens are counted against both lists;
* with at least :data:`MIN_TOKENS` tokens and one list's share at least :data:`MIN_SHARE` and
  :data:`MARGIN` times the other's, that language wins (German or French prose reaches neither
  share, so it is left to the hint);
* otherwise the primary subtag of ``<html lang>`` ("id-ID" → "id"), if the page has one;
* otherwise ``None``: the language is unknown rather than guessed.

A dependency-free count is enough because Pantau needs Indonesian told from English (and from
"unknown"); a general language identifier (py3langid and the like) adds a model load and still
mixes up Indonesian and Malay, which this choice never needs to make.
"""

from __future__ import annotations

import re

MAX_TOKENS = 1000
MIN_TOKENS = 20
MIN_SHARE = 0.08
MARGIN = 2.0

STOP_WORDS: dict[str, frozenset[str]] = {
    "id": frozenset((
        "yang", "dan", "di", "ke", "dari", "ini", "itu", "dengan", "untuk", "pada", "tidak",
        "dalam", "akan", "juga", "adalah", "ada", "karena", "oleh", "sebagai", "atau", "bahwa",
        "saat", "telah", "sudah", "kata", "para", "tersebut", "bisa", "lebih", "kami", "mereka",
        "ia", "kita", "namun", "hingga", "setelah", "masih", "belum", "menjadi", "agar", "serta",
        "seperti", "bagi", "secara", "sejak", "tak", "pun", "jika", "dapat", "tahun", "sementara",
    )),
    "en": frozenset((
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "on", "with", "as", "was",
        "by", "at", "be", "this", "are", "from", "or", "an", "have", "has", "not", "but", "his",
        "her", "they", "we", "which", "will", "said", "were", "been", "their", "you", "had", "he",
        "she", "would", "there", "who", "its", "about",
    )),
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")


def text_language(text: str) -> str | None:
    """The language the text's function words show, or None when the evidence is weak."""
    words = [w.lower() for w in _WORD.findall(text[: MAX_TOKENS * 12])][:MAX_TOKENS]
    if len(words) < MIN_TOKENS:
        return None
    shares = {
        lang: sum(1 for w in words if w in stops) / len(words) for lang, stops in STOP_WORDS.items()
    }
    best, other = sorted(shares, key=shares.__getitem__, reverse=True)
    if shares[best] >= MIN_SHARE and shares[best] >= MARGIN * shares[other]:
        return best
    return None


def language(text: str, hint: str | None) -> str | None:
    """The text's language; the ``lang`` attribute (``hint``) only when the text does not tell."""
    found = text_language(text)
    if found is not None:
        return found
    if hint:
        return hint.replace("_", "-").split("-")[0].lower() or None
    return None
