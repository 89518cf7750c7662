"""The labelled set meets the issue's bar; the NER corpora (when present) keep their recall."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.evaluate import evaluate, load_items
from nlp.ner_recall import measure
from nlp.pipeline import Tagger

LABELLED = Path(__file__).parent / "labelled" / "regional_news.yaml"
NER_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ner"


def test_labelled_set_is_large_and_covers_every_rule() -> None:
    items = load_items(LABELLED)
    assert len(items) >= 80
    assert len({item["id"] for item in items}) == len(items)
    covers = {item["covers"] for item in items}
    assert {"variant", "kota-kab", "context", "unit", "official", "quote", "negative"} <= covers


def test_labelled_scores(tagger: Tagger) -> None:
    report = evaluate(
        load_items(LABELLED),
        lambda i: tagger.tag(
            i["text"], title=i.get("title"), location=i.get("location"), region=i.get("region")
        ),
    )
    scores = report.scores
    assert scores["agencies"].f1 >= 0.9, report.errors
    assert scores["regions"].f1 >= 0.95, report.errors
    assert scores["officials"].f1 >= 0.9, report.errors
    assert scores["quotes"].f1 >= 0.9, report.errors


@pytest.mark.skipif(not NER_DIR.is_dir(), reason=f"shared NER data not found at {NER_DIR}")
def test_ner_government_recall(tagger: Tagger) -> None:
    result = measure(tagger, NER_DIR)
    assert result.total > 300
    assert result.recall >= 0.9, result.misses.most_common()
