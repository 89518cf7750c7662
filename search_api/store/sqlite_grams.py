"""Extra tokens of the SQLite store's full-text index, so that common searches stay one cheap walk.

FTS5 answers a phrase by reading the positions of its words in every article holding all of them,
and its bm25 first counts, over the whole index, the articles matching each phrase of the query
(its IDF). For words in most articles both are a read of most of the index: ``"wali kota"`` at a
million articles took 174 ms to count, ``title:anggaran`` (a column filter: positions again) 21 ms,
against 2.5 ms for a word in 6 % of them (``docs/scale.md``). Two hidden columns hold tokens that
make those cases plain word look-ups:

* ``grams`` — each pair of adjacent words of the title or the body when both are among the
  :func:`common_words` (the "common grams" of search engines), as one token ``0gr<a>0<b>``:
  ``"wali kota"`` becomes the single token ``0grwali0kota``;
* ``titles`` — every title word as ``0ti<word>``: ``title:anggaran`` becomes ``0tianggaran``,
  scored with the title's weight and length, as the column filter was.

Words are split and folded by ``folding.words``, the store's rules of the index's
``unicode61 remove_diacritics 2`` tokenizer (letters and digits, case folded, accents removed),
so the tokens name the same words the phrase would find. Tokens start with a digit and a mark
no word of a text spells.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from search_api.store.folding import words

GRAM_MARK = "0gr"
TITLE_MARK = "0ti"


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The words whose adjacent pairs are indexed (``common_words.txt``: scripts/common-words)."""
    text = resources.files("search_api.store").joinpath("common_words.txt").read_text("utf-8")
    listed = frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
    # The pair token joins two words with "0": unambiguous only for words without digits.
    if not all(word.isascii() and word.isalpha() and word.islower() for word in listed):
        raise ValueError("common_words.txt must hold lower-case ASCII letters only")
    return listed


def pair_token(first: str, second: str) -> str:
    return f"{GRAM_MARK}{first}0{second}"


def grams(*texts: str | None) -> str:
    """The ``grams`` column of an article: the common-word pairs of each text, in order."""
    common = common_words()
    tokens: list[str] = []
    for text in texts:
        if not text:
            continue
        previous = None
        for word in words(text):
            if previous is not None and previous in common and word in common:
                tokens.append(pair_token(previous, word))
            previous = word
    return " ".join(tokens)


def titles(title: str) -> str:
    """The ``titles`` column: the title's words as ``0ti`` tokens, in order."""
    return title_phrase(title) or ""


def phrase_pair(text: str) -> str | None:
    """The ``grams`` token standing for ``text`` when it is two common words, else None."""
    found = words(text)
    common = common_words()
    if len(found) == 2 and found[0] in common and found[1] in common:
        return pair_token(found[0], found[1])
    return None


def title_phrase(text: str) -> str | None:
    """``text`` as a phrase of ``titles`` tokens (None when it has no word)."""
    found = words(text)
    return " ".join(TITLE_MARK + word for word in found) if found else None
