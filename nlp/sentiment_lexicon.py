"""Our own government-news sentiment lexicon (``data/sentiment_lexicon.yaml``) and its matcher.

The lexicon teaches what review- and tweet-trained models never see (penghargaan, WTP, pungli,
mangkrak, kunjungan kerja) and gives every label a reason a humas officer can read. It is matched on
lower-cased token strings, not on a spaCy ``Doc``, so that training (:mod:`nlp.train.sentiment`)
and the pipeline see exactly the same cues.

Matching: at each token the longest phrase starting there wins and matches do not overlap
("meraih predikat" over "meraih"). Negation: a negator flips the first polar cue that starts within
``negation_window`` tokens after it in the same sentence with no punctuation in between, except
when the negator is followed by a word in ``not_negating_before`` ("tidak hanya" = "not only"). A
negator governs one cue only: in "tidak berhasil, meningkat" only "berhasil" flips.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nlp.regions import DATA_DIR
from pantau.models import SentimentLabel

LEXICON_FILE = DATA_DIR / "sentiment_lexicon.yaml"
LABELS: tuple[SentimentLabel, ...] = ("negative", "neutral", "positive")
FLIPPED: dict[SentimentLabel, SentimentLabel] = {
    "positive": "negative",
    "negative": "positive",
    "neutral": "neutral",
}


_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum accepts


def is_punct(token: str) -> bool:
    """A token made of no letter or digit ends a negation scope."""
    return _ALNUM.search(token) is None


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    phrase: str
    label: SentimentLabel
    weight: float


@dataclass(frozen=True, slots=True)
class CueMatch:
    """One lexicon hit after negation: tokens ``[start, end)``; ``reason`` is what a reader sees
    ("tidak berhasil")."""

    start: int
    end: int
    label: SentimentLabel
    weight: float
    reason: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: tuple[LexiconEntry, ...]
    negators: frozenset[str]
    not_negating_before: frozenset[str]
    negation_window: int

    @classmethod
    def load(cls, path: Path = LEXICON_FILE) -> Lexicon:
        with path.open(encoding="utf-8") as handle:
            raw: dict[str, Any] = yaml.safe_load(handle)
        entries = [
            LexiconEntry(str(phrase).lower(), label, float(weight))
            for label in LABELS
            for phrase, weight in (raw.get(label) or {}).items()
        ]
        return cls(
            entries=tuple(entries),
            negators=frozenset(str(n).lower() for n in raw["negators"]),
            not_negating_before=frozenset(str(w).lower() for w in raw["not_negating_before"]),
            negation_window=int(raw["negation_window"]),
        )

    def matcher(self) -> LexiconMatcher:
        return LexiconMatcher(self)


class LexiconMatcher:
    """Finds :class:`CueMatch` es in a sentence of lower-cased tokens (rules in the module
    docstring)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # Phrases by first token, longest first, so the first hit at a position is the longest.
        self._by_first: dict[str, list[tuple[tuple[str, ...], LexiconEntry]]] = {}
        for entry in lexicon.entries:
            words = tuple(entry.phrase.split())
            self._by_first.setdefault(words[0], []).append((words, entry))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))

    def first_words(self) -> frozenset[str]:
        """Words that can start a cue: a sentence without any has none."""
        return frozenset(self._by_first)

    def find(self, tokens: Sequence[str]) -> list[CueMatch]:
        """Cues in one sentence; ``tokens`` are lower-cased."""
        cues: list[CueMatch] = []
        used_negators: set[int] = set()
        by_first = self._by_first
        position = 0  # matches do not overlap: nothing starts before the end of the last
        # Only the tokens that can start a cue, found in one pass (most tokens cannot).
        for index in [index for index, token in enumerate(tokens) if token in by_first]:
            if index < position:
                continue
            hit = self._longest_at(tokens, index)
            if hit is None:
                continue
            length, entry = hit
            cues.append(self._cue(tokens, index, length, entry, used_negators))
            position = index + length
        return cues

    def negator_before(self, tokens: Sequence[str], start: int) -> int | None:
        """Index of the negator governing the token at ``start``, if any."""
        lexicon = self.lexicon
        for index in range(start - 1, max(start - lexicon.negation_window, 0) - 1, -1):
            token = tokens[index]
            if is_punct(token):
                return None
            if token in lexicon.negators:
                following = tokens[index + 1]
                return None if following in lexicon.not_negating_before else index
        return None

    def _longest_at(self, tokens: Sequence[str], position: int) -> tuple[int, LexiconEntry] | None:
        for words, entry in self._by_first.get(tokens[position], ()):
            if tuple(tokens[position : position + len(words)]) == words:
                return len(words), entry
        return None

    def _cue(
        self,
        tokens: Sequence[str],
        start: int,
        length: int,
        entry: LexiconEntry,
        used_negators: set[int],
    ) -> CueMatch:
        label, reason = entry.label, entry.phrase
        negator = self.negator_before(tokens, start) if label != "neutral" else None
        if negator is not None and negator not in used_negators:
            used_negators.add(negator)
            label, reason = FLIPPED[label], f"{tokens[negator]} {entry.phrase}"
        return CueMatch(start, start + length, label, entry.weight, reason)
