"""Tone towards one agency of a story: its own sentences, and its part in the story.

The labelled regional news show that the tone towards a body is not the tone of the sentences
naming it: in "Kejari Kolaka menahan Kepala Dinas PUPR, tersangka korupsi" the Dinas is under
scrutiny and the Kejari is doing its job; a ministry handing a Pemkot an award is neutral, the
Pemkot positive. So the agency tone model (``data/agency_tone.npz``, a
:class:`nlp.sentiment_stack.StackModel` over :data:`AGENCY_FEATURES`) reads:

* the doc features (:func:`nlp.sentiment_stack.doc_features`) of the agency's own sentences (those
  naming it, and its officials' quotes) and of the whole story;
* whether the body is one that oversees, judges or awards others (:data:`OVERSEERS`, or any
  national body): such bodies are usually the source of an evaluation, not its target;
* how much of the story it fills (share of sentences), whether it is named first, and how many
  bodies the story names;
* the agency's own mean negative and positive probabilities again, times "overseer" and times
  "national" (a linear model cannot otherwise learn that the same negative sentence means
  something else for a Kejari than for the Dinas it investigates).

Trained by :mod:`nlp.train.sentiment_stack` on the per-agency labels of the regional news.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from nlp.regions import DATA_DIR
from nlp.sentiment_stack import FEATURES, FloatArray, ScoredSentence, doc_features

AGENCY_FILE = DATA_DIR / "agency_tone.npz"
# Law enforcement, courts, auditors, election bodies and legislatures: in regional coverage they
# arrest, audit, judge or criticise others far more often than they are the story's target.
OVERSEERS = frozenset(
    {
        "kejari",
        "kejati",
        "kejagung",
        "polres",
        "polda",
        "polri",
        "kpk",
        "bpk",
        "bpkp",
        "ombudsman",
        "inspektorat",
        "dprd",
        "dpr",
        "pengadilan-negeri",
        "pengadilan-agama",
        "bawaslu",
        "kpu",
    }
)
AGENCY_FEATURES = (
    *(f"own_{name}" for name in FEATURES),
    *(f"story_{name}" for name in FEATURES),
    "overseer",
    "national",
    "sentence_share",
    "named_first",
    "log_bodies",
    "overseer_x_negative",
    "overseer_x_positive",
    "national_x_negative",
    "national_x_positive",
)


def agency_features(
    own: Sequence[tuple[ScoredSentence, float]],
    story: tuple[FloatArray, int],
    agency_id: str,
    *,
    named_first: bool,
    bodies: int,
) -> FloatArray:
    """The :data:`AGENCY_FEATURES` of one agency: its sentences ``own``, and ``story`` as the
    story's :func:`nlp.sentiment_stack.doc_features` (computed once per story) and sentence count.
    """
    return agency_features_of(
        doc_features(own), len(own), story, agency_id, named_first=named_first, bodies=bodies
    )


def agency_features_of(
    mine: FloatArray,
    count: int,
    story: tuple[FloatArray, int],
    agency_id: str,
    *,
    named_first: bool,
    bodies: int,
) -> FloatArray:
    """:func:`agency_features` given the doc features ``mine`` of the agency's ``count``
    sentences."""
    region, _, unit = agency_id.partition("/")
    overseer, national = float(unit in OVERSEERS), float(region == "nasional")
    negative, positive = mine[_NEGATIVE], mine[_POSITIVE]
    extra = [
        overseer,
        national,
        count / max(story[1], 1),
        float(named_first),
        math.log1p(bodies),
        overseer * negative,
        overseer * positive,
        national * negative,
        national * positive,
    ]
    return np.concatenate([mine, story[0], np.array(extra)])


_NEGATIVE = FEATURES.index("log_mean_negative")
_POSITIVE = FEATURES.index("log_mean_positive")
