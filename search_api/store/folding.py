"""SQLite's word rules in Python, for the Elasticsearch store (used by ``elastic.py``).

The SQLite store tokenises with FTS5 ``unicode61 remove_diacritics 2``: a word is a run of letters,
digits and private-use characters, folded to lower case without accents, so ``Jum'at`` is
``jum at``, ``warga-warga`` is ``warga warga`` and ``André`` is ``andre``. Elasticsearch's
``standard`` tokenizer keeps ``jum'at`` whole, and the folding filters live in the analysis-common
module, which a cluster may lack (the integ-test distribution our tests run on does). So the
Elasticsearch store applies these rules itself: it indexes :func:`fold` of each text field under
``fold.*`` with the ``whitespace`` analyzer (in every distribution) and folds query words the same
way. Both stores then agree on every match, whatever the cluster offers.

:func:`fold` maps each character to exactly one character (separators to a space), so an offset
into the folded text is an offset into the original: a highlight found by Elasticsearch in the
folded body marks the same span of the original body.
"""

from __future__ import annotations

import unicodedata

from search_api.store.marks import MARK_END, MARK_START


def _fold_char(char: str) -> str:
    """One character's folded form: lower case, accent removed, or a space for a separator."""
    if char in (MARK_START, MARK_END):  # the snippet marks, never part of a word
        return " "
    if not (char.isalnum() or unicodedata.category(char) == "Co"):
        return " "
    lower = char.lower()  # may be two code points ("İ" -> "i̇"); the accent goes below anyway
    base = "".join(c for c in unicodedata.normalize("NFD", lower) if not unicodedata.combining(c))
    if len(base) == 1:
        return base
    return lower if len(lower) == 1 else char  # keep the 1:1 mapping


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table filled on first sight of each character (the C loop stays fast)."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """``text`` with every character folded; same length, offsets preserved."""
    return text.translate(_TABLE)


def words(text: str) -> list[str]:
    """The folded words of ``text``, as the SQLite store's tokenizer sees them."""
    return fold(text).split()


def word_spans(folded: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the words of an already folded text."""
    spans: list[tuple[int, int]] = []
    start = -1
    for i, char in enumerate(folded):
        if char == " ":
            if start >= 0:
                spans.append((start, i))
                start = -1
        elif start < 0:
            start = i
    if start >= 0:
        spans.append((start, len(folded)))
    return spans
