"""Train the doc-level tone model: ``python -m nlp.train.sentiment_stack [--cv]``.

Rows: the CNBC validation headlines (the sentence model never saw them: :mod:`nlp.train.sentiment`
fits it on ``train`` alone) and every paragraph of the labelled regional-government news
(:func:`nlp.train.sentiment_data.load_govnews`). Each row is the
:data:`nlp.sentiment_stack.FEATURES` of the text as the pipeline computes them (blank ``id`` +
sentencizer + ``pantau_sentiment``).

Fit: a multinomial logistic regression on standardised features, ``C`` = :data:`STACK_C`, fixed
before any figure was seen (a few features, a few hundred news rows: strong regularisation). Sample
weights give the two domains the same total weight (news paragraphs are what Pantau reads; the
headlines keep it sane on short texts) and, inside each domain, each class the same weight.
Nothing is tuned on a set that is reported: ``--cv`` and ``bench/sentiment.py`` refit the model
inside every fold of the outlet-grouped cross-validation.

The agency tone model (:mod:`nlp.sentiment_agency`) is fitted the same way on one row per labelled
agency that the tagger finds in a paragraph (its sentences read by the shipped pipeline; no
headline rows: headlines have no per-agency labels), ``C`` = :data:`AGENCY_C`, fixed beforehand,
balanced classes. ``--cv`` refits both inside every outlet fold.

Needs the ``train`` extra (scikit-learn). About a minute.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import spacy
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, f1_score
from sklearn.model_selection import GroupKFold

from nlp.pipeline import Tagger, build_pipeline
from nlp.sentiment import SentimentScorer
from nlp.sentiment_agency import AGENCY_FEATURES, AGENCY_FILE, agency_features
from nlp.sentiment_lexicon import LABELS
from nlp.sentiment_stack import STACK_FILE, FloatArray, StackModel, doc_features
from nlp.train.sentiment_data import (
    GOVNEWS_FILE,
    SHARED_DATA,
    Example,
    load_cnbc,
    load_govnews,
    split_cnbc,
)

STACK_C = 1.0
AGENCY_C = 0.3  # more features, fewer distinct stories than rows: stronger regularisation
FOLDS = 5


class FeatureReader:
    """The pipeline's doc features for texts, without the doc-level model itself."""

    def __init__(self) -> None:
        self.nlp = spacy.blank("id")
        self.nlp.add_pipe("sentencizer")
        self.scorer = SentimentScorer("pantau_sentiment", stack_path=None, agency_path=None)

    def features(self, example: Example) -> FloatArray:
        doc = self.scorer(self.nlp(example.text))
        title = self.scorer(self.nlp(example.title)) if example.title else None
        weighted = self.scorer.weighted(doc, title)
        return doc_features([(tone.scored(), weight) for tone, weight in weighted])

    def matrix(self, examples: Sequence[Example]) -> FloatArray:
        return np.array([self.features(example) for example in examples])


@dataclass(frozen=True, slots=True)
class AgencyRows:
    """One row per labelled agency the tagger found; ``record`` is the row's paragraph index."""

    x: FloatArray
    y: np.ndarray
    record: np.ndarray

    def of_records(self, records: np.ndarray) -> AgencyRows:
        keep = np.isin(self.record, records)
        return AgencyRows(self.x[keep], self.y[keep], self.record[keep])


def agency_rows(tagger: Tagger, news: Sequence[Example]) -> AgencyRows:
    """The :data:`nlp.sentiment_agency.AGENCY_FEATURES` of every labelled agency found."""
    rows: list[FloatArray] = []
    labels: list[int] = []
    records: list[int] = []
    for index, example in enumerate(news):
        doc = tagger.parse(example.text)
        sentences = tagger.agency_sentences(doc)
        weighted = tagger.scorer.weighted
        story = tagger.scorer.story_features(doc, None)
        for position, agency_id in enumerate(sentences):
            if agency_id not in example.agency_tones:
                continue
            own = [(tone.scored(), w) for tone, w in weighted(doc, None, sentences[agency_id])]
            rows.append(
                agency_features(
                    own, story, agency_id, named_first=position == 0, bodies=len(sentences)
                )
            )
            labels.append(LABELS.index(example.agency_tones[agency_id]))
            records.append(index)
    return AgencyRows(np.array(rows), np.array(labels), np.array(records))


def fit_agency(rows: AgencyRows) -> StackModel:
    """The agency tone model: standardised features, balanced classes, C = AGENCY_C."""
    weights = _weights(rows.y, float(len(rows.y)))
    mean = np.average(rows.x, axis=0, weights=weights)
    scale = np.sqrt(np.average((rows.x - mean) ** 2, axis=0, weights=weights))
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=AGENCY_C, max_iter=5000, random_state=0)
    model.fit((rows.x - mean) / scale, rows.y, sample_weight=weights)
    return StackModel(
        model.coef_.astype(np.float64), model.intercept_.astype(np.float64), mean, scale
    )


def labels_of(examples: Sequence[Example]) -> np.ndarray:
    return np.array([LABELS.index(e.label) for e in examples])


def _weights(labels: np.ndarray, total: float) -> FloatArray:
    """Each class the same share of ``total``."""
    counts = Counter(labels.tolist())
    per_class = total / len(counts)
    return np.array([per_class / counts[label] for label in labels.tolist()])


def fit_stack(
    news: FloatArray, news_labels: np.ndarray, headlines: FloatArray, headline_labels: np.ndarray
) -> StackModel:
    """The doc-level model on news rows and headline rows, weighted as the docstring says."""
    rows = np.vstack([news, headlines])
    labels = np.concatenate([news_labels, headline_labels])
    weights = np.concatenate([_weights(news_labels, 1.0), _weights(headline_labels, 1.0)]) * len(
        labels
    )
    mean = np.average(rows, axis=0, weights=weights)
    scale = np.sqrt(np.average((rows - mean) ** 2, axis=0, weights=weights))
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=STACK_C, max_iter=5000, random_state=0)
    model.fit((rows - mean) / scale, labels, sample_weight=weights)
    return StackModel(
        weights=model.coef_.astype(np.float64),
        bias=model.intercept_.astype(np.float64),
        mean=mean,
        scale=scale,
    )


def outlet_folds(
    outlets: Sequence[str | None], folds: int = FOLDS
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Train/test row indices with every outlet on one side only."""
    groups = [outlet or f"row-{index}" for index, outlet in enumerate(outlets)]
    rows = np.zeros(len(groups))
    yield from GroupKFold(folds).split(rows, rows, groups)


def outlet_cv(
    news: FloatArray,
    news_labels: np.ndarray,
    outlets: Sequence[str | None],
    headlines: FloatArray,
    headline_labels: np.ndarray,
) -> np.ndarray:
    """Out-of-fold labels of the news rows, the model refitted in every fold."""
    predicted = np.zeros(len(news_labels), dtype=int)
    for train, test in outlet_folds(outlets):
        model = fit_stack(news[train], news_labels[train], headlines, headline_labels)
        predicted[test] = [int(np.argmax(model.probs(row))) for row in news[test]]
    return predicted


def agency_cv(rows: AgencyRows, outlets: Sequence[str | None]) -> np.ndarray:
    """Out-of-fold agency labels, the folds those of :func:`outlet_folds` over the paragraphs."""
    predicted = np.zeros(len(rows.y), dtype=int)
    for train, test in outlet_folds(outlets):
        model = fit_agency(rows.of_records(train))
        for row in np.flatnonzero(np.isin(rows.record, test)).tolist():
            predicted[row] = int(np.argmax(model.probs(rows.x[row])))
    return predicted


def train(data_dir: Path, govnews: Path, out: Path, agency_out: Path, *, cv: bool) -> None:
    reader = FeatureReader()
    valid = split_cnbc(load_cnbc(data_dir)).valid
    news = load_govnews(govnews)
    x_news, y_news = reader.matrix(news), labels_of(news)
    x_head, y_head = reader.matrix(valid), labels_of(valid)
    print(f"rows: {len(news)} news paragraphs, {len(valid)} CNBC validation headlines")
    if cv:
        predicted = outlet_cv(x_news, y_news, [e.outlet for e in news], x_head, y_head)
        macro = f1_score(y_news, predicted, average="macro")
        print(f"outlet-grouped {FOLDS}-fold CV on the news: macro-F1 {macro:.3f}")
        print(classification_report(y_news, predicted, target_names=list(LABELS), digits=3))
    model = fit_stack(x_news, y_news, x_head, y_head)
    model.save(out)
    print(f"wrote {out}")
    rows = agency_rows(Tagger(build_pipeline(tone_models=False)), news)
    if cv:
        predicted = agency_cv(rows, [e.outlet for e in news])
        macro = f1_score(rows.y, predicted, average="macro")
        print(f"outlet-grouped CV, {len(rows.y)} agencies found: macro-F1 {macro:.3f}")
        print(classification_report(rows.y, predicted, target_names=list(LABELS), digits=3))
    fit_agency(rows).save(agency_out, AGENCY_FEATURES)
    print(f"wrote {agency_out}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="the sentiment data folder")
    parser.add_argument("--govnews", type=Path, default=GOVNEWS_FILE, help="govnews.jsonl")
    parser.add_argument("--out", type=Path, default=STACK_FILE, help="where to write the model")
    parser.add_argument("--agency-out", type=Path, default=AGENCY_FILE, help="agency model file")
    parser.add_argument("--cv", action="store_true", help="print outlet-grouped CV first")
    args = parser.parse_args(argv)
    train(args.data, args.govnews, args.out, args.agency_out, cv=args.cv)


if __name__ == "__main__":
    main()
