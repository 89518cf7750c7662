"""Tone towards the government: target groups, the doc-level model's arrays, the news data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from nlp.sentiment_lexicon import Lexicon
from nlp.sentiment_stack import FEATURES, GROUPS, TARGETS_FILE, StackModel, TargetMatcher
from nlp.train.sentiment_data import GOVNEWS_FILE, load_govnews

MATCHER = TargetMatcher(Lexicon.load())
RAW = yaml.safe_load(TARGETS_FILE.read_text(encoding="utf-8"))
TEMPLATE = "laporan hari ini , {} terjadi di kota itu ."
needs_govnews = pytest.mark.skipif(
    not GOVNEWS_FILE.exists(),
    reason=f"the labelled news are not at {GOVNEWS_FILE} (../shared/data is a development copy)",
)


def groups(text: str) -> list[tuple[str, str]]:
    return [(hit.group, hit.reason) for hit in MATCHER.find(text.lower().split())]


@pytest.mark.parametrize(
    ("group", "phrase"),
    [(group, str(phrase).lower()) for group in GROUPS for phrase in RAW[group]],
    ids=lambda value: str(value),
)
def test_every_target_phrase_matches_its_group(group: str, phrase: str) -> None:
    assert groups(TEMPLATE.format(phrase)) == [(group, phrase)]


def test_negation_turns_delivery_into_complaint_and_cancels_faults() -> None:
    assert groups("proyek itu belum tuntas .") == [("complaint", "belum tuntas")]
    assert groups("jalan itu tidak diperbaiki .") == [("complaint", "tidak diperbaiki")]
    assert groups("tidak ada keluhan dari pasien .") == []
    assert groups("tidak hanya bantuan , juga pelatihan .") == [("response", "bantuan")]


def test_a_phrase_belongs_to_one_group(tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    doubled: dict[str, list[str]] = {group: [] for group in GROUPS} | {"not_reasons": []}
    doubled["backdrop"] = ["banjir"]
    doubled["complaint"] = ["banjir"]
    path.write_text(yaml.safe_dump(doubled), encoding="utf-8")
    with pytest.raises(ValueError, match="banjir"):
        TargetMatcher(Lexicon.load(), path)


def test_the_doc_model_is_plain_arrays_over_the_current_features() -> None:
    model = StackModel.load()  # allow_pickle=False inside; checks the feature names
    assert model.weights.shape == (3, len(FEATURES))
    assert np.all(model.scale > 0)
    probs = model.probs(model.mean)
    assert probs.sum() == pytest.approx(1.0)
    # Learnt, not written by hand: accountability and complaint push towards negative,
    # achievement towards positive.
    assert model.push("negative", "group_accountability") > 0
    assert model.push("negative", "group_complaint") > 0
    assert model.push("positive", "group_achievement") > 0


@needs_govnews
def test_govnews_records_carry_outlets_and_agency_tones() -> None:
    news = load_govnews()
    assert len(news) >= 199
    assert all(example.outlet and "/" not in example.outlet for example in news)
    assert len({example.outlet for example in news}) >= 150
    assert all(example.agency_tones for example in news)


@needs_govnews
def test_outlet_folds_never_share_an_outlet() -> None:
    pytest.importorskip("sklearn", reason="the train extra (scikit-learn) is not installed")
    from nlp.train.sentiment_stack import outlet_folds

    news = load_govnews()
    seen_in_test: set[str] = set()
    for train, test in outlet_folds([e.outlet for e in news]):
        train_outlets = {news[i].outlet or "" for i in train.tolist()}
        test_outlets = {news[i].outlet or "" for i in test.tolist()}
        assert not train_outlets & test_outlets
        assert not seen_in_test & test_outlets
        seen_in_test |= test_outlets
    assert len(seen_in_test) == len({e.outlet for e in news})


def test_govnews_scoring_swaps_the_tone_model_per_fold_and_restores_it() -> None:
    from nlp.evaluate_govnews import evaluate_govnews
    from nlp.pipeline import Tagger

    tagger = Tagger()
    shipped, agency = tagger.scorer.stack, tagger.scorer.agency_model
    records = [
        {
            "url": "https://satu.example/a",
            "text": "KARANGASEM – Bupati Mbaraka meresmikan pasar dan meraih penghargaan.",
            "agencies": ["kab-karangasem/pemkab"],
            "region_govs": ["kab-karangasem"],
            "sentiment": "positive",
            "agency_tones": {"kab-karangasem/pemkab": "positive"},
        },
        {
            "url": "https://dua.example/b",
            "text": "Kejari Kolaka menahan Kepala Dinas PUPR Kolaka, tersangka dugaan korupsi.",
            "agencies": ["kab-kolaka/kejari", "kab-kolaka/dpupr"],
            "region_govs": ["kab-kolaka"],
            "sentiment": "negative",
            "agency_tones": {"kab-kolaka/kejari": "neutral", "kab-kolaka/dpupr": "negative"},
        },
    ]
    used: list[list[int]] = []

    def refit(train: np.ndarray) -> tuple[StackModel, StackModel]:
        used.append(train.tolist())
        assert shipped is not None
        assert agency is not None
        return shipped, agency

    folds = [(np.array([1]), np.array([0])), (np.array([0]), np.array([1]))]
    report = evaluate_govnews(tagger, records, folds, refit)
    assert used == [[1], [0]]
    assert (tagger.scorer.stack, tagger.scorer.agency_model) == (shipped, agency)
    assert report.tone_gold == ["positive", "negative"]
    assert report.tone_predicted == ["positive", "negative"]
    assert report.agencies.tp == 3
    assert report.regions.f1 == 1.0
    assert len(report.agency_tone_gold) == 3
