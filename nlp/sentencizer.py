"""spaCy's rule-based ``sentencizer``, deciding on arrays instead of ``Token`` objects.

spaCy's :class:`~spacy.pipeline.Sentencizer` walks the doc building one ``Token`` per word to read
its text and ``is_punct``: about a third of a millisecond per 600-word article, as much as scoring
the article's tone. Its rule is: a sentence starts at the first token, and at every token that is
neither punctuation nor one of ``punct_chars`` when the last such "deciding" token before it (a
word, or one of ``punct_chars``; other punctuation such as quotes and commas does not count) was
one of ``punct_chars``. :class:`ArraySentencizer` applies the same rule to the ``ORTH`` and
``IS_PUNCT`` columns of ``Doc.to_array``, and keeps spaCy's own ``set_annotations`` (which respects
boundaries set before it) and configuration, so the boundaries are spaCy's
(``tests/nlp/test_nlp_sentencizer.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
from spacy.attrs import IS_PUNCT, ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id
from spacy.tokens import Doc

FACTORY = "pantau_sentencizer"


class ArraySentencizer(Sentencizer):  # type: ignore[misc]  # spaCy's class is untyped (Cython)
    """spaCy's ``sentencizer`` with a vectorised :meth:`predict` (see the module docstring)."""

    _punct: tuple[frozenset[str], npt.NDArray[np.uint64]] = (frozenset(), np.zeros(0, np.uint64))

    def predict(self, docs: Iterable[Doc]) -> list[list[bool]]:
        return [_sentence_starts(doc, self._punct_ids()) for doc in docs]

    def _punct_ids(self) -> npt.NDArray[np.uint64]:
        """The sorted string ids of ``punct_chars`` (which ``from_bytes`` may replace)."""
        chars, ids = self._punct
        if chars != self.punct_chars:
            chars = frozenset(self.punct_chars)
            ids = np.array(sorted(get_string_id(char) for char in chars), dtype=np.uint64)
            self._punct = (chars, ids)
        return ids


def _sentence_starts(doc: Doc, punct_ids: npt.NDArray[np.uint64]) -> list[bool]:
    if not len(doc):
        return []
    columns = doc.to_array([ORTH, IS_PUNCT])
    orths = columns[:, 0]
    # Membership by binary search: np.isin costs three times as much on a few hundred tokens.
    found = np.minimum(np.searchsorted(punct_ids, orths), len(punct_ids) - 1)
    ends = punct_ids[found] == orths
    words = (columns[:, 1] == 0) & ~ends
    deciding = np.flatnonzero(words | ends)
    # A word starts a sentence when the deciding token before it ends one.
    follows_end = np.zeros(len(deciding), dtype=bool)
    follows_end[1:] = ends[deciding[:-1]]
    starts = np.zeros(len(doc), dtype=bool)
    starts[deciding[words[deciding] & follows_end]] = True
    starts[0] = True
    result: list[bool] = starts.tolist()
    return result


@Language.factory(
    FACTORY,
    assigns=["token.is_sent_start", "doc.sents"],
    default_config={"punct_chars": None, "overwrite": False},
)
def make_sentencizer(
    nlp: Language, name: str, punct_chars: list[str] | None, overwrite: bool
) -> ArraySentencizer:
    """Same configuration as spaCy's ``sentencizer`` (its default scorer)."""
    return ArraySentencizer(name, punct_chars=punct_chars, overwrite=overwrite)
