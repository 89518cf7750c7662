"""Scoring the tagger on the labelled regional-government news (``../shared/data/govnews``).

Used by ``bench/tagger.py``. Per record, as sets: agency ids and regions (the region half of ids
that are not ``unknown``/``nasional``), micro P/R/F1 as in :mod:`nlp.evaluate`; the paragraph's
tone and the tone towards every labelled agency (an agency the tagger missed counts as
``neutral``), macro-F1.

The shipped doc-level tone model was trained on these paragraphs, so its tone figures here would be
in-sample, and so would the agency tone model's. :func:`evaluate_govnews` therefore takes
``refit``: for every outlet-grouped fold it installs both models fitted without that fold's outlets
(:mod:`nlp.train.sentiment_stack`) before tagging the fold, so every tone figure is out-of-fold.
Agencies and regions use no training.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from nlp.evaluate import Score
from nlp.pipeline import Tagger
from nlp.sentiment_stack import StackModel

Folds = Sequence[tuple[np.ndarray, np.ndarray]]
# Given the training rows of a fold, the doc-level and the agency tone model fitted on them.
Refit = Callable[[np.ndarray], tuple[StackModel, StackModel]]


@dataclass(slots=True)
class GovnewsReport:
    agencies: Score = field(default_factory=Score)
    regions: Score = field(default_factory=Score)
    tone_gold: list[str] = field(default_factory=list)
    tone_predicted: list[str] = field(default_factory=list)
    agency_tone_gold: list[str] = field(default_factory=list)
    agency_tone_predicted: list[str] = field(default_factory=list)


def load_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def outlet(record: dict[str, Any]) -> str:
    return (urlsplit(str(record["url"])).hostname or "").removeprefix("www.")


def _regions(ids: set[str]) -> set[str]:
    return {agency_id.split("/", 1)[0] for agency_id in ids} - {"unknown", "nasional"}


def _score(report: GovnewsReport, tagger: Tagger, record: dict[str, Any]) -> None:
    annotation = tagger.tag(record["text"])
    got = {agency.id: agency.sentiment for agency in annotation.agencies}
    expected = set(record["agencies"])
    report.agencies.add(expected, set(got))
    report.regions.add(set(record["region_govs"]), _regions(set(got)))
    report.tone_gold.append(record["sentiment"])
    report.tone_predicted.append(annotation.sentiment.label if annotation.sentiment else "neutral")
    for agency_id, tone in record["agency_tones"].items():
        report.agency_tone_gold.append(tone)
        report.agency_tone_predicted.append(got.get(agency_id) or "neutral")


def evaluate_govnews(
    tagger: Tagger, records: Sequence[dict[str, Any]], folds: Folds, refit: Refit
) -> GovnewsReport:
    """Tag every record once, its tone from a model that never saw its outlet (see top)."""
    report = GovnewsReport()
    scorer = tagger.scorer
    shipped = scorer.stack, scorer.agency_model
    try:
        for train, test in folds:
            scorer.stack, scorer.agency_model = refit(train)
            for row in test.tolist():
                _score(report, tagger, records[row])
    finally:
        scorer.stack, scorer.agency_model = shipped  # the caller's tagger is left as it came
    return report
