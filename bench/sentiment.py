"""Sentiment figures in one run: ``python bench/sentiment.py [--data DIR] [--govnews FILE]``.

Columns (macro-F1 and per-class F1):

* **govnews (outlet CV)** — the labelled regional-government news, 5-fold cross-validation grouped
  by outlet (the host of each record's ``url``): no outlet is in both train and test. Pantau's
  doc-level tone model (:mod:`nlp.train.sentiment_stack`) is refitted in every fold on the
  training folds plus the CNBC validation headlines; its sentence model never saw any of the news.
  The baseline is refitted in every fold on CNBC train + valid plus the training folds.
* **CNBC held-out** — the held-out CNBC test split (:mod:`nlp.train.sentiment_data`), the shipped
  model; the baseline is trained on CNBC train + valid.
* **SmSA test** — reviews, out of domain for every row.

Rows: Pantau (the shipped component, or its outlet-CV refits), a TF-IDF + logistic-regression
baseline trained in this run as said above, our lexicon alone, and the majority class. The team's
own 66 paragraphs (``tests/nlp/sentiment_gov_news.jsonl``) are unit tests of rules, never a
figure here. Then articles per CPU second for the tone stage (a blank ``id`` pipeline with
``sentencizer`` + ``pantau_sentiment`` over ~600-word articles of real news) and for the component
alone on already tokenized docs. Needs the ``train`` extra.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

# Run as a plain script: make the repository's packages importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.one_core import one_core

CORE = one_core()  # before numpy is imported: its BLAS reads the thread count on loading

import numpy as np  # noqa: E402
import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokenizer import Tokenizer  # noqa: E402

from nlp.extensions import register_extensions  # noqa: E402
from nlp.sentencizer import FACTORY as SENTENCIZER_FACTORY  # noqa: E402
from nlp.sentiment import SentimentScorer  # noqa: E402
from nlp.sentiment_lexicon import LABELS, Lexicon  # noqa: E402
from nlp.tokenizer_cache import ChunkCachingTokenizer  # noqa: E402
from nlp.train.sentiment_data import (  # noqa: E402
    GOVNEWS_FILE,
    SHARED_DATA,
    Example,
    load_cnbc,
    load_govnews,
    load_smsa,
    split_cnbc,
)
from pantau.models import SentimentLabel  # noqa: E402

Predictor = Callable[[Sequence[Example]], list[SentimentLabel]]
Scores = dict[str, float]


def f1_scores(gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    """Per-class F1 and their mean (macro-F1), without scikit-learn."""
    scores: Scores = {}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        scores[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    scores["macro"] = sum(scores[label] for label in LABELS) / len(LABELS)
    return scores


def sentiment_pipeline() -> Language:
    register_extensions()
    nlp = spacy.blank("id")
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        raise TypeError(f"unexpected tokenizer {tokenizer!r}")
    nlp.tokenizer = ChunkCachingTokenizer(tokenizer)  # as build_pipeline() ships it
    nlp.add_pipe(SENTENCIZER_FACTORY, name="sentencizer")
    nlp.add_pipe("pantau_sentiment")
    return nlp


def model_predictor(nlp: Language) -> Predictor:
    scorer = nlp.get_pipe("pantau_sentiment")
    if not isinstance(scorer, SentimentScorer):
        raise TypeError(f"unexpected component {scorer!r}")

    def predict(examples: Sequence[Example]) -> list[SentimentLabel]:
        labels: list[SentimentLabel] = []
        for example in examples:
            title = nlp(example.title) if example.title else None
            labels.append(scorer.combine(nlp(example.text), title).label)
        return labels

    return predict


def lexicon_predictor(nlp: Language) -> Predictor:
    """Our lexicon alone: the label with the largest cue mass, neutral on a tie or no cue."""
    matcher = Lexicon.load().matcher()

    def one(example: Example) -> SentimentLabel:
        mass = dict.fromkeys(LABELS, 0.0)
        for text, weight in ((example.title, 3.0), (example.text, 1.0)):
            for sent in nlp(text).sents if text else ():
                for cue in matcher.find([t.lower_ for t in sent if not t.is_space]):
                    mass[cue.label] += cue.weight * weight
        best = max(mass.values())
        winners = [label for label in LABELS if mass[label] == best]
        return winners[0] if len(winners) == 1 else "neutral"

    return lambda examples: [one(example) for example in examples]


def _text(example: Example) -> str:
    return f"{example.title}. {example.text}" if example.title else example.text


def tfidf_predictor(train: Sequence[Example]) -> Predictor:
    """The baseline: word 1-2-gram TF-IDF (sublinear) + logistic regression, fitted here."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    baseline = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        LogisticRegression(C=10.0, max_iter=3000),
    )
    baseline.fit([_text(e) for e in train], [e.label for e in train])

    def predict(examples: Sequence[Example]) -> list[SentimentLabel]:
        return [str(label) for label in baseline.predict([_text(e) for e in examples])]  # type: ignore[misc]

    return predict


def govnews_cv(
    news: Sequence[Example], cnbc_train: Sequence[Example], valid: Sequence[Example]
) -> dict[str, list[SentimentLabel]]:
    """Out-of-fold labels of the news, outlet-grouped, for Pantau and the baseline (see top)."""
    from nlp.train.sentiment_stack import FeatureReader, fit_stack, labels_of, outlet_folds

    reader = FeatureReader()
    x_news, y_news = reader.matrix(news), labels_of(news)
    x_head, y_head = reader.matrix(valid), labels_of(valid)
    pantau: list[SentimentLabel] = ["neutral"] * len(news)
    baseline: list[SentimentLabel] = ["neutral"] * len(news)
    for train, test in outlet_folds([e.outlet for e in news]):
        model = fit_stack(x_news[train], y_news[train], x_head, y_head)
        for row in test.tolist():
            pantau[row] = LABELS[int(np.argmax(model.probs(x_news[row])))]
        fitted = tfidf_predictor([*cnbc_train, *valid, *(news[i] for i in train.tolist())])
        for row, label in zip(test.tolist(), fitted([news[i] for i in test.tolist()]), strict=True):
            baseline[row] = label
    return {"pantau": pantau, "baseline": baseline}


def articles_per_second(nlp: Language, paragraphs: Sequence[str], seconds: float = 5.0) -> float:
    """~600-word articles built from news paragraphs, through ``nlp.pipe``, per CPU second of this
    process (other jobs on a shared machine do not count; the pipeline is single-threaded)."""
    articles = _articles(paragraphs)
    done, started = 0, time.process_time()
    while time.process_time() - started < seconds:
        for _ in nlp.pipe(articles, batch_size=64):
            done += 1
    return done / (time.process_time() - started)


def component_per_second(nlp: Language, paragraphs: Sequence[str]) -> float:
    """``pantau_sentiment`` alone on tokenized, sentence-split articles, per CPU second."""
    scorer = nlp.get_pipe("pantau_sentiment")
    with nlp.select_pipes(disable=["pantau_sentiment"]):
        docs = list(nlp.pipe(_articles(paragraphs) * 3))
    started = time.process_time()
    for doc in docs:
        scorer(doc)
    return len(docs) / (time.process_time() - started)


def _articles(paragraphs: Sequence[str]) -> list[str]:
    words_per = max(1, round(np.mean([len(p.split()) for p in paragraphs])))
    per_article = max(1, 600 // words_per)
    return [
        " ".join(paragraphs[(start + k) % len(paragraphs)] for k in range(per_article))
        for start in range(len(paragraphs))
    ]


def _cell(gold: Sequence[str], predicted: Sequence[str]) -> str:
    s = f1_scores(gold, predicted)
    per_class = "/".join(f"{s[label]:.2f}" for label in LABELS)
    return f" | {s['macro']:.3f}  {per_class}".ljust(29)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="the sentiment data folder")
    parser.add_argument("--govnews", type=Path, default=GOVNEWS_FILE, help="govnews.jsonl")
    parser.add_argument("--no-speed", action="store_true", help="the F1 table only")
    args = parser.parse_args(argv)
    split = split_cnbc(load_cnbc(args.data))
    news = load_govnews(args.govnews) if args.govnews.exists() else []
    smsa = load_smsa(args.data)
    nlp = sentiment_pipeline()
    majority = Counter(e.label for e in split.train).most_common(1)[0][0]
    cv = govnews_cv(news, split.train, split.valid) if news else None
    shipped, lexicon = model_predictor(nlp), lexicon_predictor(nlp)
    baseline = tfidf_predictor(split.train + split.valid)
    print(
        f"sets: govnews n={len(news)} (outlet-grouped 5-fold CV), CNBC held-out "
        f"n={len(split.test)}, SmSA test n={len(smsa)}"
    )
    names = ("govnews (outlet CV)", "CNBC held-out", "SmSA test")
    print(f"{'(macro-F1  neg/neu/pos F1)':26}" + "".join(f" | {name:>26}" for name in names))
    gold_news = [e.label for e in news]
    rows: list[tuple[str, list[str]]] = [
        ("pantau", [_cell(gold_news, cv["pantau"]) if cv else " | (no govnews)".ljust(29)]),
        ("TF-IDF + LR (this run)", [_cell(gold_news, cv["baseline"]) if cv else " | -".ljust(29)]),
        ("lexicon alone", [_cell(gold_news, lexicon(news)) if news else " | -".ljust(29)]),
        (
            f"majority ({majority})",
            [_cell(gold_news, [majority] * len(news)) if news else " | -".ljust(29)],
        ),
    ]
    predictors: list[Predictor] = [shipped, baseline, lexicon, lambda ex: [majority] * len(ex)]
    for (_, cells), predict in zip(rows, predictors, strict=True):
        for examples in (split.test, smsa):
            cells.append(_cell([e.label for e in examples], predict(examples)))
    for name, cells in rows:
        print(f"{name:26}" + "".join(cells))
    if args.no_speed:
        return
    paragraphs = [e.text for e in news] or [e.text for e in split.test]
    rate = articles_per_second(nlp, paragraphs)
    alone = component_per_second(nlp, paragraphs)
    print(
        f"speed per CPU second ({CORE}), 600-word articles of real news: tone stage (tokenizer "
        f"+ sentencizer + pantau_sentiment) {rate:.0f} articles/s (issue #11: >= 500); "
        f"pantau_sentiment alone {alone:.0f} articles/s"
    )


if __name__ == "__main__":
    main()
