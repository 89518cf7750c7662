"""Tone towards the government: target groups per sentence and the doc-level tone model.

The sentence model (:mod:`nlp.sentiment_model`, CNBC headlines) says how a sentence feels. A humas
office needs how a story reads *for the government*: a flood is bad news, but a BPBD handing out
aid is doing its job; a Dinas under investigation is bad news for it even in a calm sentence. Two
parts:

* :class:`TargetMatcher` finds the phrases of ``data/sentiment_targets.yaml`` (backdrop, response,
  accountability, complaint, achievement, routine: what each means is documented there) in a
  sentence of normalised tokens, with the lexicon's negation rule;
* :class:`StackModel` (``data/sentiment_stack.npz``) is a multinomial logistic regression over a
  few doc-level features (:data:`FEATURES`): the sentence model's weighted mean probabilities and
  extremes, the lexicon's cue mass per label, the target groups' weighted counts, "a bad situation
  and a government response in the same text", and length. Trained on labelled regional
  government news plus CNBC validation headlines by :mod:`nlp.train.sentiment_stack`; plain
  arrays, loaded with ``allow_pickle=False``.

Both run on numpy alone; the features of a doc cost a few array operations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from nlp.regions import DATA_DIR
from nlp.sentiment_lexicon import LABELS, Lexicon, LexiconEntry, LexiconMatcher
from pantau.models import SentimentLabel

TARGETS_FILE = DATA_DIR / "sentiment_targets.yaml"
STACK_FILE = DATA_DIR / "sentiment_stack.npz"
FloatArray = npt.NDArray[np.float64]

GROUPS = ("backdrop", "response", "accountability", "complaint", "achievement", "routine")
# The matcher works on labels; a group's label only decides how negation treats it.
_GROUP_LABEL: dict[str, SentimentLabel] = {
    "backdrop": "negative",
    "response": "positive",
    "accountability": "negative",
    "complaint": "negative",
    "achievement": "positive",
    "routine": "neutral",
}
# Groups whose phrases explain a label to a reader (backdrop and routine never do).
REASON_GROUPS: dict[SentimentLabel, frozenset[str]] = {
    "negative": frozenset({"accountability", "complaint"}),
    "positive": frozenset({"achievement", "response"}),
    "neutral": frozenset(),
}
FEATURES = (
    "log_mean_negative",
    "log_mean_neutral",
    "log_mean_positive",
    "max_negative",
    "max_positive",
    "cues_negative",
    "cues_neutral",
    "cues_positive",
    *(f"group_{group}" for group in GROUPS),
    "backdrop_and_response",
    "log_words",
)


@dataclass(frozen=True, slots=True)
class GroupHit:
    """A target phrase in a sentence: tokens ``[start, end)``; ``reason`` as a reader sees it."""

    group: str
    reason: str
    start: int
    end: int


class TargetMatcher:
    """Finds :class:`GroupHit` s in a sentence of normalised tokens (rules in the YAML file)."""

    def __init__(self, lexicon: Lexicon, path: Path = TARGETS_FILE) -> None:
        with path.open(encoding="utf-8") as handle:
            raw: dict[str, Any] = yaml.safe_load(handle)
        unknown = set(raw) - set(GROUPS) - {"not_reasons"}
        if unknown:
            raise ValueError(f"{path}: unknown sections {sorted(unknown)}")
        self.group_of: dict[str, str] = {}
        for group in GROUPS:
            for phrase in raw[group]:
                key = str(phrase).lower()
                if key in self.group_of:
                    raise ValueError(f"{path}: {key!r} is in {self.group_of[key]} and {group}")
                self.group_of[key] = group
        self.not_reasons = frozenset(str(word).lower() for word in raw["not_reasons"])
        entries = tuple(
            LexiconEntry(phrase, _GROUP_LABEL[group], 1.0)
            for phrase, group in self.group_of.items()
        )
        self._matcher = LexiconMatcher(
            Lexicon(entries, lexicon.negators, lexicon.not_negating_before, lexicon.negation_window)
        )
        self.first_words = self._matcher.first_words()

    def find(self, tokens: Sequence[str]) -> tuple[GroupHit, ...]:
        if self.first_words.isdisjoint(tokens):
            return ()
        hits: list[GroupHit] = []
        for match in self._matcher.find(tokens):
            phrase = " ".join(tokens[match.start : match.end])
            group = self.group_of[phrase]
            if match.reason != phrase:  # negated: "belum selesai", "tidak ada keluhan"
                if group not in ("achievement", "response"):
                    continue
                group = "complaint"
            hits.append(GroupHit(group, match.reason, match.start, match.end))
        return tuple(hits)


@dataclass(frozen=True, slots=True)
class ScoredSentence:
    """What the doc features read of one sentence (from ``nlp.sentiment.SentenceTone``), as one
    row: probabilities (3, in LABELS order), lexicon cue weight per label (3), target group hits
    (6, in GROUPS order), words (1). Built once per sentence by :meth:`of`."""

    row: FloatArray

    @classmethod
    def of(
        cls,
        probs: Sequence[float],
        cue_mass: Sequence[float],
        groups: Sequence[GroupHit],
        words: int,
    ) -> ScoredSentence:
        return cls(np.array([*probs, *cue_mass, *_counts(groups), float(words)], dtype=np.float64))

    @staticmethod
    def rows(
        probs: npt.NDArray[np.float32],
        cue_masses: Sequence[Sequence[float]],
        groups: Sequence[Sequence[GroupHit]],
        words: Sequence[int],
    ) -> FloatArray:
        """The :attr:`row` s of many sentences (one per row of ``probs``) as one array: the same
        numbers as :meth:`of`, in one allocation instead of one per sentence."""
        rows = np.empty((len(words), 7 + len(GROUPS)), dtype=np.float64)
        if not len(words):
            return rows
        rows[:, :3] = probs
        rows[:, _CUES] = cue_masses
        rows[:, _GROUP_COLUMNS] = [_counts(hits) for hits in groups]
        rows[:, -1] = words
        return rows


def _counts(groups: Sequence[GroupHit]) -> list[float]:
    counts = [0.0] * len(GROUPS)
    for hit in groups:
        counts[_GROUP_INDEX[hit.group]] += 1.0
    return counts


_GROUP_INDEX = {group: index for index, group in enumerate(GROUPS)}
_NEG, _NEU, _POS = (LABELS.index(label) for label in ("negative", "neutral", "positive"))
_CUES = slice(3, 6)
_GROUP_COLUMNS = slice(6, 6 + len(GROUPS))
_BACKDROP, _RESPONSE = 6 + GROUPS.index("backdrop"), 6 + GROUPS.index("response")


def doc_features(sentences: Sequence[tuple[ScoredSentence, float]]) -> FloatArray:
    """The :data:`FEATURES` of sentences with their place weights (title, lead, body)."""
    rows = np.array([sentence.row for sentence, _ in sentences])
    place = np.array([weight for _, weight in sentences], dtype=np.float64)
    return features_of_rows(rows, place)


def features_of_rows(rows: FloatArray, place: FloatArray) -> FloatArray:
    """:func:`doc_features` of the sentences' :attr:`ScoredSentence.row` s stacked, one per row,
    and their place weights (at least one sentence)."""
    probs = rows[:, :3]
    # Polar sentences weigh more: background sentences should not drown the one that matters.
    weights = place * (1.25 - probs[:, _NEU])
    mean = weights @ probs / max(float(weights.sum()), 1e-9)
    summed = place @ rows  # cue mass and group hits weighted by place; words summed below
    peaks = probs.max(axis=0)
    features = np.empty(len(FEATURES))
    features[0:3] = np.log(mean + 1e-3)
    features[3] = peaks[_NEG]
    features[4] = peaks[_POS]
    # Cue mass and group hits are adjacent columns, as their features are.
    features[5 : 8 + len(GROUPS)] = np.log1p(summed[_CUES.start : _GROUP_COLUMNS.stop])
    features[8 + len(GROUPS)] = math.log1p(min(summed[_BACKDROP], summed[_RESPONSE]))
    features[9 + len(GROUPS)] = math.log1p(rows[:, -1].sum())
    return features


@dataclass(frozen=True, slots=True)
class StackModel:
    """Standardised features → softmax over :data:`LABELS` (see the module docstring)."""

    weights: FloatArray  # labels × features
    bias: FloatArray
    mean: FloatArray
    scale: FloatArray

    def probs(self, features: FloatArray) -> FloatArray:
        logits = self.weights @ ((features - self.mean) / self.scale) + self.bias
        shifted = np.exp(logits - logits.max())
        result: FloatArray = shifted / shifted.sum()
        return result

    def push(
        self, label: SentimentLabel, feature: str, features: tuple[str, ...] = FEATURES
    ) -> float:
        """How much one standard deviation of ``feature`` moves ``label`` against the others."""
        column = self.weights[:, features.index(feature)]
        target = LABELS.index(label)
        return float(column[target] - (column.sum() - column[target]) / (len(LABELS) - 1))

    def save(self, path: Path, features: tuple[str, ...] = FEATURES) -> None:
        np.savez_compressed(
            path,
            weights=self.weights,
            bias=self.bias,
            mean=self.mean,
            scale=self.scale,
            features=np.array(features),
            labels=np.array(LABELS),
        )

    @classmethod
    def load(cls, path: Path = STACK_FILE, features: tuple[str, ...] = FEATURES) -> StackModel:
        """The arrays at ``path``, which must have been trained on exactly ``features``."""
        with np.load(path, allow_pickle=False) as data:
            if tuple(str(f) for f in data["features"]) != features:
                raise ValueError(f"{path}: trained on other features than the code computes")
            if tuple(str(label) for label in data["labels"]) != LABELS:
                raise ValueError(f"{path}: labels differ from {LABELS}")
            return cls(
                weights=data["weights"].astype(np.float64),
                bias=data["bias"].astype(np.float64),
                mean=data["mean"].astype(np.float64),
                scale=data["scale"].astype(np.float64),
            )
