"""Train the shipped sentiment model: ``python -m nlp.train.sentiment [--data DIR] [--out FILE]``.

Data: the CNBC Indonesia headlines only (labels MIT), split by
:func:`nlp.train.sentiment_data.split_cnbc` with its fixed seed. SmSA, NusaX and IndoLEM are not
used for training: SmSA and NusaX are reviews and tweets (and overlap each other), IndoLEM has no
licence. Steps, all deterministic (liblinear-free lbfgs, fixed seeds):

1. fit a multinomial logistic regression (``C`` below) on ``train``; print validation figures;
2. fit the softmax temperature on ``valid`` (grid search on log-loss) so that scores are calibrated;
3. refit on ``train`` + ``valid`` and write the arrays (:class:`nlp.sentiment_model.ModelArrays`);
4. print the held-out ``test`` figures: this is the one number to report, never to tune on.

Needs the ``train`` extra (scikit-learn, scipy). About a minute on one core.
"""

from __future__ import annotations

import argparse
import logging
import math
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import spacy
from scipy.sparse import csr_matrix, vstack
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, f1_score

from nlp.sentiment_features import Featurizer
from nlp.sentiment_lexicon import LABELS, Lexicon
from nlp.sentiment_model import MODEL_FILE, ModelArrays
from nlp.train.sentiment_data import SHARED_DATA, Example, load_cnbc, split_cnbc

logger = logging.getLogger(__name__)

BITS = 18  # 262 144 buckets: 1.5 MB of float16 weights; 2**20 scored no better in validation
C = 10.0  # inverse L2 strength; 5-fold validation on train+valid: 5 → 0.810, 10 → 0.812, 20 → 0.812
_TEMPERATURES = np.round(np.arange(0.5, 3.01, 0.05), 2)


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    """Tokens as the pipeline sees them: spaCy's Indonesian tokenizer."""
    nlp = spacy.blank("id")
    return [[token.text for token in nlp.make_doc(text)] for text in texts]


def feature_matrix(featurizer: Featurizer, texts: Sequence[str]) -> csr_matrix:
    """Rows exactly as :meth:`nlp.sentiment_model.SentimentModel.logits` reads them."""
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for row, raw in enumerate(tokenize(texts)):
        features = featurizer.features(featurizer.tokens(raw))
        for block in (features.word, features.char):
            if block:
                rows += [row] * len(block)
                cols += block
                values += [1.0 / math.sqrt(len(block))] * len(block)
        for cue in features.cues:
            rows.append(row)
            cols.append(featurizer.lex_feature(cue))
            values.append(cue.weight)
    # Duplicate (row, col) pairs are summed: a repeated n-gram counts twice, as at run time.
    return csr_matrix((values, (rows, cols)), shape=(len(texts), 1 << featurizer.bits))


def _labels(examples: Sequence[Example]) -> np.ndarray:
    return np.array([LABELS.index(e.label) for e in examples])


def _fit(matrix: csr_matrix, labels: np.ndarray) -> LogisticRegression:
    model = LogisticRegression(C=C, max_iter=5000, random_state=0)
    return model.fit(matrix, labels)


def _temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    def log_loss(temperature: float) -> float:
        scaled = logits / temperature
        scaled -= scaled.max(axis=1, keepdims=True)
        log_probs = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        return float(-log_probs[np.arange(len(labels)), labels].mean())

    return float(min(_TEMPERATURES, key=log_loss))


def _report(name: str, labels: np.ndarray, predicted: np.ndarray) -> None:
    macro = f1_score(labels, predicted, average="macro")
    print(f"{name}: macro-F1 {macro:.4f}")
    print(classification_report(labels, predicted, target_names=list(LABELS), digits=3))


def train(data_dir: Path, out: Path) -> None:
    started = time.perf_counter()
    split = split_cnbc(load_cnbc(data_dir))
    print(f"CNBC split: train {len(split.train)}, valid {len(split.valid)}, test {len(split.test)}")
    featurizer = Featurizer(Lexicon.load().matcher(), BITS)
    x_train, x_valid, x_test = (
        feature_matrix(featurizer, [e.text for e in part])
        for part in (split.train, split.valid, split.test)
    )
    y_train, y_valid, y_test = (_labels(p) for p in (split.train, split.valid, split.test))
    first = _fit(x_train, y_train)
    _report("validation", y_valid, first.predict(x_valid))
    temperature = _temperature(first.decision_function(x_valid), y_valid)
    print(f"temperature fitted on validation: {temperature}")
    final = _fit(vstack([x_train, x_valid]).tocsr(), np.concatenate([y_train, y_valid]))
    arrays = ModelArrays(
        weights=final.coef_.astype(np.float32),
        bias=final.intercept_.astype(np.float32),
        temperature=temperature,
        bits=BITS,
    )
    arrays.save(out)
    _report("held-out test (report once)", y_test, final.predict(x_test))
    print(
        f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.0f} s"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="the sentiment data folder")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="where to write the model")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    train(args.data, args.out)


if __name__ == "__main__":
    main()
