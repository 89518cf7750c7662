"""Sentiment guards: the team's own paragraphs (rules, never a reported figure); CNBC when
../shared is there. The reported figures come from bench/sentiment.py (outlet-grouped CV)."""

from __future__ import annotations

from collections import Counter

import pytest
from spacy.language import Language

from bench.sentiment import f1_scores, model_predictor
from nlp.train.sentiment_data import SHARED_DATA, load_cnbc, load_gov_news, split_cnbc

needs_shared = pytest.mark.skipif(
    not (SHARED_DATA / "cnbc_headlines_train.csv").exists(),
    reason=f"the CNBC headlines are not at {SHARED_DATA} (../shared/data is a development copy)",
)


def test_gov_news_set_is_ours_balanced_and_large() -> None:
    examples = load_gov_news()
    assert len(examples) >= 60
    assert len({e.text for e in examples}) == len(examples)
    counts = Counter(e.label for e in examples)
    assert set(counts) == {"positive", "neutral", "negative"}
    assert min(counts.values()) >= 20


def test_gov_news_score_does_not_regress(nlp: Language) -> None:
    # Written by the lexicon's authors, so a test that the rules still hold, not an accuracy
    # (data/sentiment_model_card.md); a drop below 0.80 means a rule broke.
    examples = load_gov_news()
    scores = f1_scores([e.label for e in examples], model_predictor(nlp)(examples))
    assert scores["macro"] >= 0.80


@needs_shared
def test_cnbc_split_is_fixed_and_disjoint() -> None:
    split = split_cnbc(load_cnbc())
    assert (len(split.train), len(split.valid), len(split.test)) == (5680, 997, 1178)
    train = {e.text.lower() for e in split.train}
    assert not train & {e.text.lower() for e in split.test}
    assert split_cnbc(load_cnbc()).test == split.test


@needs_shared
def test_cnbc_held_out_score(nlp: Language) -> None:
    test = split_cnbc(load_cnbc()).test
    scores = f1_scores([e.label for e in test], model_predictor(nlp)(test))
    assert scores["macro"] >= 0.80
