"""Scoring the tagger on a labelled set (``tests/nlp/labelled/regional_news.yaml``): micro
precision, recall and F1 for agency ids, region-level government detection, officials and quote
attribution. Used by ``bench/tagger.py`` and ``tests/nlp/test_nlp_labelled.py``.

What is compared, per item, as sets:

* agencies — the agency ids;
* regions — the region half of the ids that are not ``unknown``/``nasional`` ("is our Pemda in the
  story");
* officials — (name, agency_id) pairs;
* quotes — (speaker, quoted text) pairs, the text compared without case and outer punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pantau.models import Annotation

TASKS = ("agencies", "regions", "officials", "quotes")
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: set[Any], got: set[Any]) -> None:
        self.tp += len(expected & got)
        self.fp += len(got - expected)
        self.fn += len(expected - got)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in TASKS})
    errors: list[str] = field(default_factory=list)  # "item task: missing ... / extra ..."


def load_items(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    items: list[dict[str, Any]] = data["items"]
    return items


def _text(value: str) -> str:
    return _EDGE_PUNCTUATION.sub("", " ".join(value.split())).lower()


def expected_sets(item: dict[str, Any]) -> dict[str, set[Any]]:
    agencies = set(item.get("agencies") or [])
    return {
        "agencies": agencies,
        "regions": _regions(agencies),
        "officials": {(name, agency) for name, agency in item.get("people") or []},
        "quotes": {(speaker, _text(text)) for speaker, text in item.get("quotes") or []},
    }


def predicted_sets(annotation: Annotation) -> dict[str, set[Any]]:
    agencies = {agency.id for agency in annotation.agencies}
    return {
        "agencies": agencies,
        "regions": _regions(agencies),
        "officials": {(p.name, p.agency_id) for p in annotation.people},
        "quotes": {(q.speaker, _text(q.text)) for q in annotation.quotes},
    }


def _regions(agency_ids: Iterable[str]) -> set[str]:
    regions = {agency_id.split("/", 1)[0] for agency_id in agency_ids}
    return regions - {"unknown", "nasional"}


def evaluate(items: list[dict[str, Any]], tag: Callable[[dict[str, Any]], Annotation]) -> Report:
    """Score ``tag(item) -> Annotation`` over the items."""
    report = Report()
    for item in items:
        expected = expected_sets(item)
        got = predicted_sets(tag(item))
        for task in TASKS:
            report.scores[task].add(expected[task], got[task])
            missing, extra = expected[task] - got[task], got[task] - expected[task]
            if missing or extra:
                report.errors.append(
                    f"{item['id']} {task}: missing {sorted(missing)} extra {sorted(extra)}"
                )
    return report
