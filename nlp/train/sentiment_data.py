"""Sentiment data sets for training and the bench: loaders, the fixed CNBC split, our own set.

Nothing here needs the ``train`` extra, so ``bench/sentiment.py`` and the tests can use it.

* CNBC Indonesia headlines (``cnbc_headlines_train.csv``; labels MIT): split once, with
  :data:`SPLIT_SEED`, into ``test`` (15 %, never used for any choice, reported once), ``valid``
  (15 % of the rest: tuning and calibration) and ``train``. Headlines written twice go to the same
  part, so a duplicate cannot leak from train into test.
* IndoNLU SmSA (Apache-2.0): reviews; only its test file is used, to measure, never to train.
* The labelled regional-government news (``../shared/data/govnews/govnews.jsonl``): real coverage
  rewritten from the facts, tone per paragraph and per agency; ``Example.outlet`` is the host of its
  ``url``, so cross-validation can keep each outlet on one side.
* The team's own paragraphs, ``tests/nlp/sentiment_gov_news.jsonl``: written by the lexicon's
  authors, so they test rules (unit tests) and are never reported as accuracy.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pantau.models import SentimentLabel

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO / ".." / "shared" / "data" / "sentiment"
GOVNEWS_FILE = REPO / ".." / "shared" / "data" / "govnews" / "govnews.jsonl"
GOV_NEWS_FILE = REPO / "tests" / "nlp" / "sentiment_gov_news.jsonl"
SPLIT_SEED = 20250
TEST_SHARE = 0.15
VALID_SHARE = 0.15
_LABELS: dict[str, SentimentLabel] = {  # SmSA and our set use the model's names
    "positive": "positive",
    "neutral": "neutral",
    "negative": "negative",
}
_CNBC_LABELS: dict[str, SentimentLabel] = {
    "positif": "positive",
    "netral": "neutral",
    "negatif": "negative",
}


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: SentimentLabel
    title: str | None = None
    outlet: str | None = None  # the host of the source article (govnews)
    agency_tones: dict[str, SentimentLabel] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CnbcSplit:
    train: list[Example]
    valid: list[Example]
    test: list[Example]


def load_cnbc(data_dir: Path = SHARED_DATA) -> list[Example]:
    """The CNBC headlines as written (``judul``), not the lower-cased ``text`` column."""
    path = data_dir / "cnbc_headlines_train.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Example(row["judul"].strip(), _CNBC_LABELS[row["sentimen"].strip()])
            for row in csv.DictReader(handle)
        ]


def split_cnbc(examples: list[Example], seed: int = SPLIT_SEED) -> CnbcSplit:
    """Deterministic split by distinct (lower-cased) headline; see the module docstring."""
    groups: dict[str, list[Example]] = {}
    for example in examples:
        groups.setdefault(example.text.lower(), []).append(example)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    n_test = round(len(keys) * TEST_SHARE)
    n_valid = round((len(keys) - n_test) * VALID_SHARE)
    parts = (keys[:n_test], keys[n_test : n_test + n_valid], keys[n_test + n_valid :])
    test, valid, train = ([e for key in part for e in groups[key]] for part in parts)
    return CnbcSplit(train=train, valid=valid, test=test)


def load_smsa(data_dir: Path = SHARED_DATA, part: str = "test") -> list[Example]:
    path = data_dir / "smsa" / f"{part}_preprocess.tsv"
    examples: list[Example] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            text, _, label = line.rstrip("\n").rpartition("\t")
            if label not in _LABELS:
                raise ValueError(f"{path}: unexpected label {label!r}")
            examples.append(Example(text, _LABELS[label]))
    return examples


def load_gov_news(path: Path = GOV_NEWS_FILE) -> list[Example]:
    return [
        Example(item["text"], _LABELS[item["label"]], item.get("title"))  # checks the label
        for item in _jsonl(path)
    ]


def load_govnews(path: Path = GOVNEWS_FILE) -> list[Example]:
    """The labelled regional-government news, with outlet hosts ("www." dropped)."""
    examples = []
    for item in _jsonl(path):
        host = (urlsplit(str(item["url"])).hostname or "").removeprefix("www.")
        tones = {str(k): _LABELS[str(v)] for k, v in dict(item["agency_tones"]).items()}
        examples.append(
            Example(str(item["text"]), _LABELS[str(item["sentiment"])], None, host, tones)
        )
    return examples


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
