"""Sentiment: a transparent lexicon baseline (``data/sentiment_lexicon.yaml``), nothing more.

This is a placeholder a trained classifier will replace (a later issue); it is kept because every
decision can be explained to a humas officer: the ``reasons`` list the phrases that drove the label.
Known limits: no morphology beyond the listed surface forms, no sarcasm, no "who is criticised" (a
story where the Pemkot *handles* a flood still counts "banjir" against it).

The ``pantau_sentiment`` component finds cues with a ``PhraseMatcher`` on ``LOWER`` (longest match
wins), applies negation (a negator flips the first polar cue starting within ``negation_window``
tokens after it in the same sentence) and writes ``Doc._.pantau_cues`` and
``Doc._.pantau_sentiment`` (the doc alone).

Scoring (:class:`Tally`): each cue adds its weight (times ``title_weight`` in a title) to its
label's mass; "neutral" starts at ``neutral_prior``. If positive and negative mass are equal the
label is neutral; otherwise the larger polar label wins when its mass is at least the neutral mass.
``score`` is the chosen label's share of all mass, in [0, 1]: a confidence, not a polarity scale.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.extensions import register_extensions, sentence_index
from nlp.regions import DATA_DIR
from pantau.models import Sentiment, SentimentLabel

logger = logging.getLogger(__name__)

LEXICON_FILE = DATA_DIR / "sentiment_lexicon.yaml"
_POLARITY: dict[SentimentLabel, int] = {"positive": 1, "negative": -1, "neutral": 0}
_FLIPPED: dict[SentimentLabel, SentimentLabel] = {
    "positive": "negative",
    "negative": "positive",
    "neutral": "neutral",
}
# Enough reasons to explain a label without turning the list into the article.
_MAX_REASONS = 8


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    phrase: str
    label: SentimentLabel
    weight: float


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: tuple[LexiconEntry, ...]
    negators: frozenset[str]
    not_negating_before: frozenset[str]
    negation_window: int
    title_weight: float
    neutral_prior: float

    @classmethod
    def load(cls, path: Path = LEXICON_FILE) -> Lexicon:
        with path.open(encoding="utf-8") as handle:
            raw: dict[str, Any] = yaml.safe_load(handle)
        entries = [
            LexiconEntry(str(phrase), label, float(weight))
            for label in ("positive", "negative", "neutral")
            for phrase, weight in (raw.get(label) or {}).items()
        ]
        return cls(
            entries=tuple(entries),
            negators=frozenset(str(n).lower() for n in raw["negators"]),
            not_negating_before=frozenset(str(w).lower() for w in raw["not_negating_before"]),
            negation_window=int(raw["negation_window"]),
            title_weight=float(raw["title_weight"]),
            neutral_prior=float(raw["neutral_prior"]),
        )


@dataclass(frozen=True, slots=True)
class Cue:
    """One lexicon hit after negation; ``reason`` is what a reader sees ("tidak berhasil")."""

    reason: str
    label: SentimentLabel
    weight: float
    start_char: int
    end_char: int
    sent: int


class Tally:
    """Accumulates cue weights and turns them into a :class:`Sentiment` (rules in the module
    docstring)."""

    def __init__(self, neutral_prior: float) -> None:
        self.mass: dict[SentimentLabel, float] = {
            "positive": 0.0,
            "negative": 0.0,
            "neutral": neutral_prior,
        }
        self.reasons: dict[SentimentLabel, dict[str, float]] = {k: {} for k in self.mass}

    def add(self, cues: Iterable[Cue], multiplier: float = 1.0) -> Tally:
        for cue in cues:
            weight = cue.weight * multiplier
            self.mass[cue.label] += weight
            by_reason = self.reasons[cue.label]
            by_reason[cue.reason] = by_reason.get(cue.reason, 0.0) + weight
        return self

    def result(self) -> Sentiment:
        positive, negative, neutral = (self.mass[k] for k in ("positive", "negative", "neutral"))
        label: SentimentLabel = "neutral"
        if positive != negative:
            polar: SentimentLabel = "positive" if positive > negative else "negative"
            if self.mass[polar] >= neutral:
                label = polar
        total = positive + negative + neutral
        score = self.mass[label] / total if total > 0 else 1.0
        ranked = sorted(self.reasons[label].items(), key=lambda item: -item[1])
        return Sentiment(
            label=label,
            score=round(score, 3),
            reasons=[reason for reason, _ in ranked[:_MAX_REASONS]],
        )


class SentimentScorer:
    """The ``pantau_sentiment`` pipeline component."""

    def __init__(self, nlp: Language, name: str, lexicon_path: Path = LEXICON_FILE) -> None:
        register_extensions()
        self.name = name
        self.lexicon = Lexicon.load(lexicon_path)
        self._entries: dict[str, LexiconEntry] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, entry in enumerate(self.lexicon.entries):
            key = f"pantau_cue_{index}"
            self._entries[key] = entry
            self.matcher.add(key, [nlp.make_doc(entry.phrase)])

    def __call__(self, doc: Doc) -> Doc:
        spans = filter_spans(self.matcher(doc, as_spans=True))
        sent_of = sentence_index(doc)
        # A negator governs one cue only: in "tidak berhasil, meningkat" only "berhasil" flips.
        used: set[int] = set()
        cues = [self._cue(doc, span, sent_of, used) for span in spans]
        doc._.pantau_cues = cues
        doc._.pantau_sentiment = self.tally().add(cues).result()
        return doc

    def tally(self) -> Tally:
        return Tally(self.lexicon.neutral_prior)

    def _cue(self, doc: Doc, span: Span, sent_of: list[int], used: set[int]) -> Cue:
        entry = self._entries[span.label_]
        label, reason = entry.label, entry.phrase
        negator = self._negator(doc, span, sent_of) if label != "neutral" else None
        if negator is not None and negator not in used:
            used.add(negator)
            label, reason = _FLIPPED[label], f"{doc[negator].lower_} {entry.phrase}"
        return Cue(reason, label, entry.weight, span.start_char, span.end_char, sent_of[span.start])

    def _negator(self, doc: Doc, span: Span, sent_of: list[int]) -> int | None:
        """Index of the negator before this cue: nearest in the window, same sentence, no
        punctuation."""
        lexicon = self.lexicon
        for i in range(span.start - 1, max(span.start - lexicon.negation_window, 0) - 1, -1):
            token = doc[i]
            if sent_of[i] != sent_of[span.start] or token.is_punct:
                return None
            if token.lower_ in lexicon.negators:
                following = doc[i + 1].lower_
                return None if following in lexicon.not_negating_before else i
        return None


@Language.factory("pantau_sentiment", default_config={"lexicon_path": None})
def make_sentiment(nlp: Language, name: str, lexicon_path: str | None) -> SentimentScorer:
    """Factory; ``lexicon_path`` (a path, not data) overrides the packaged lexicon."""
    return SentimentScorer(nlp, name, Path(lexicon_path) if lexicon_path else LEXICON_FILE)
