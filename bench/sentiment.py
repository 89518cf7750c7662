"""Sentiment figures in one run: ``python bench/sentiment.py [--data DIR]``.

Rows: the shipped model (``pantau_sentiment``: trained model + our lexicon), our lexicon alone, a
TF-IDF + logistic-regression baseline trained here on the CNBC train + valid parts, as ours is
(needs the ``train`` extra; skipped without it), and the majority class of the CNBC training part.
Columns: macro-F1 and per-class F1 on the held-out CNBC test split
(:mod:`nlp.train.sentiment_data`), the SmSA test set (reviews: out of domain for every row) and
our own regional-government news set (``tests/nlp/sentiment_gov_news.jsonl``). Then articles/s
for sentiment alone on one core: a blank ``id`` pipeline with ``sentencizer`` +
``pantau_sentiment`` over ~600-word articles.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language

# Run as a plain script: make the repository's packages importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.extensions import register_extensions
from nlp.sentiment import SentimentScorer
from nlp.sentiment_lexicon import LABELS, Lexicon
from nlp.train.sentiment_data import (
    SHARED_DATA,
    Example,
    load_cnbc,
    load_gov_news,
    load_smsa,
    split_cnbc,
)
from pantau.models import SentimentLabel

Predictor = Callable[[Sequence[Example]], list[SentimentLabel]]


def f1_scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Per-class F1 and their mean (macro-F1), without scikit-learn."""
    scores: dict[str, float] = {}
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
    nlp.add_pipe("sentencizer")
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


def tfidf_predictor(train: Sequence[Example]) -> Predictor | None:
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
    except ImportError:
        print("(TF-IDF + LR baseline skipped: install the `train` extra for scikit-learn)")
        return None
    baseline = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        LogisticRegression(C=10.0, max_iter=3000),
    )
    baseline.fit([e.text for e in train], [e.label for e in train])

    def predict(examples: Sequence[Example]) -> list[SentimentLabel]:
        texts = [f"{e.title}. {e.text}" if e.title else e.text for e in examples]
        return [str(label) for label in baseline.predict(texts)]  # type: ignore[misc]

    return predict


def articles_per_second(nlp: Language, paragraphs: Sequence[str], seconds: float = 5.0) -> float:
    """~600-word articles built from our paragraphs, through ``nlp.pipe`` on this one process."""
    words_per = max(1, round(np.mean([len(p.split()) for p in paragraphs])))
    per_article = max(1, 600 // words_per)
    articles = [
        " ".join(paragraphs[(start + k) % len(paragraphs)] for k in range(per_article))
        for start in range(len(paragraphs))
    ]
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for _ in nlp.pipe(articles, batch_size=64):
            done += 1
    return done / (time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="the sentiment data folder")
    args = parser.parse_args(argv)
    split = split_cnbc(load_cnbc(args.data))
    sets = {
        "CNBC held-out": split.test,
        "SmSA test": load_smsa(args.data),
        "gov news (ours)": load_gov_news(),
    }
    nlp = sentiment_pipeline()
    majority = Counter(e.label for e in split.train).most_common(1)[0][0]
    rows: dict[str, Predictor | None] = {
        "pantau (model+lexicon)": model_predictor(nlp),
        "lexicon alone": lexicon_predictor(nlp),
        "TF-IDF + LR (CNBC train)": tfidf_predictor(split.train + split.valid),
        f"majority ({majority})": lambda examples: [majority] * len(examples),
    }
    print("sets: " + ", ".join(f"{name} n={len(examples)}" for name, examples in sets.items()))
    header = "".join(f" | {name:>26}" for name in sets)
    print(f"{'':26}{header}")
    print(f"{'(macro-F1  neg/neu/pos F1)':26}")
    for row, predict in rows.items():
        if predict is None:
            continue
        cells = []
        for examples in sets.values():
            s = f1_scores([e.label for e in examples], predict(examples))
            per_class = "/".join(f"{s[label]:.2f}" for label in LABELS)
            cells.append(f" | {s['macro']:.3f}  {per_class}".ljust(29))
        print(f"{row:26}" + "".join(cells))
    rate = articles_per_second(nlp, [e.text for e in sets["gov news (ours)"]])
    print(f"speed: {rate:.0f} articles/s (600 words, sentencizer + pantau_sentiment, one core)")


if __name__ == "__main__":
    main()
