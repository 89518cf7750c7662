"""Features of the sentiment model: hashed word and character n-grams plus our lexicon's cues.

One definition serves training (:mod:`nlp.train.sentiment`, as sparse rows) and the pipeline (as
cached per-word contributions in :mod:`nlp.sentiment_doc`), so the two cannot drift apart.

A sentence (or headline) of lower-cased tokens becomes three blocks of hashed features:

* ``word`` — ``w:<token>`` for every token, ``n:<token>`` instead for a token in a negation scope
  (up to ``negation_window`` tokens after "tidak", "bukan", "belum"…; negators are features
  themselves, never dropped as stop words), and ``b:<token> <token>`` for every bigram;
* ``char`` — character 2- to 5-grams of ``<token>`` (so "melesat" and "melesatnya" share most);
* ``lex``  — ``lex:<label>`` once per lexicon cue, valued by the cue's weight, after negation.

Each of the word and char blocks is divided by the square root of its number of features, a stand-in
for L2 normalisation that stays additive over words (which is what makes per-word caching
possible); the lex block keeps raw weights so that one strong cue counts as much in a long
sentence as in a headline. Digits are folded to ``0`` so that numbers share features.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from nlp.sentiment_lexicon import CueMatch, LexiconMatcher, is_punct

CHAR_MIN, CHAR_MAX = 2, 5
_DIGITS = str.maketrans("123456789", "000000000")


def feature_hash(feature: str, bits: int) -> int:
    """A hash that is the same in every process (Python's ``hash`` of a str is salted)."""
    return zlib.crc32(feature.encode("utf-8")) & ((1 << bits) - 1)


def normalise(token: str) -> str:
    return token.lower().translate(_DIGITS)


def char_ngrams(token: str) -> list[str]:
    padded = f"<{token}>"
    return [
        padded[start : start + size]
        for size in range(CHAR_MIN, CHAR_MAX + 1)
        for start in range(len(padded) - size + 1)
    ]


@dataclass(slots=True)
class SentenceFeatures:
    """The hashed features of one sentence, before block normalisation."""

    word: list[int] = field(default_factory=list)
    char: list[int] = field(default_factory=list)
    cues: list[CueMatch] = field(default_factory=list)


class Featurizer:
    """Turns lower-cased token sequences into :class:`SentenceFeatures` (rules in the module
    docstring)."""

    def __init__(self, matcher: LexiconMatcher, bits: int) -> None:
        self.matcher = matcher
        self.bits = bits
        self._char_cache: dict[str, list[int]] = {}

    def tokens(self, raw: Sequence[str]) -> list[str]:
        """Normalised tokens, whitespace dropped (the form every other method takes)."""
        return [normalise(token) for token in raw if token.strip()]

    def negated(self, tokens: Sequence[str]) -> list[bool]:
        """Whether each token lies in a negation scope."""
        lexicon = self.matcher.lexicon
        flags = [False] * len(tokens)
        for index, token in enumerate(tokens):
            if token not in lexicon.negators:
                continue
            if index + 1 < len(tokens) and tokens[index + 1] in lexicon.not_negating_before:
                continue
            for scope in range(index + 1, min(index + 1 + lexicon.negation_window, len(tokens))):
                if is_punct(tokens[scope]):
                    break
                flags[scope] = True
        return flags

    def word_feature(self, token: str, negated: bool) -> int:
        return feature_hash(("n:" if negated else "w:") + token, self.bits)

    def bigram_feature(self, first: str, second: str) -> int:
        return feature_hash(f"b:{first} {second}", self.bits)

    def lex_feature(self, cue: CueMatch) -> int:
        return feature_hash(f"lex:{cue.label}", self.bits)

    def char_features(self, token: str) -> list[int]:
        cached = self._char_cache.get(token)
        if cached is None:
            if is_punct(token):
                cached = []
            else:
                cached = [feature_hash("c:" + gram, self.bits) for gram in char_ngrams(token)]
            if len(self._char_cache) < 500_000:  # bounded: a long crawl meets endless new words
                self._char_cache[token] = cached
        return cached

    def features(self, tokens: Sequence[str]) -> SentenceFeatures:
        """All features of one sentence of normalised tokens."""
        result = SentenceFeatures(cues=self.matcher.find(tokens))
        for token, negated in zip(tokens, self.negated(tokens), strict=True):
            result.word.append(self.word_feature(token, negated))
            result.char.extend(self.char_features(token))
        for first, second in pairwise(tokens):
            result.word.append(self.bigram_feature(first, second))
        return result
