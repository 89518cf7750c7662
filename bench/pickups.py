"""Press-release pickups and near-duplicate clusters on the sample site: precision and recall.

Usage::

    .venv/bin/python bench/pickups.py [--json]

The sample site's articles (``samplesite.truth``) go into a temp SQLite store; the office site's
press releases are registered in a temp office database. Then:

* **pickups**: ``find_pickups`` for every release, scored against the ground truth recorded in the
  article data (``syndication`` + ``pickup`` on outlet articles). Printed: precision, recall, and
  the margin: the lowest ``reused`` of a true pickup and the highest of any other article that was
  compared (thresholds: ``search_api.releases.pickups.MIN_REUSED``).
* **clusters**: the articles clustered oldest first by ``nlp.clusters.ClusterIndex``; the pairs
  put together scored against the verbatim copies of each release (a rewrite is its own story).
  Printed: pair precision, pair recall, the Jaccard range of true copies and the highest of other
  pairs (threshold: ``nlp.clusters.THRESHOLD``), and the time per signature.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from bench.sample_truth import pickup_truth, release_articles, sample_store_articles, to_article
from nlp.clusters import THRESHOLD, ClusterIndex, signature
from nlp.shingles import article_shingles
from samplesite.model import OFFICE_OUTLET, load_articles
from search_api.digests.db import connect
from search_api.releases.pickups import MIN_REUSED, ReleaseShingles, find_pickups
from search_api.releases.registry import add_from_article
from search_api.store import open_store


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 3) if denominator else 1.0


def pickups(tmp: Path) -> dict[str, Any]:
    articles = sample_store_articles()
    truth = pickup_truth()
    found: set[tuple[str, str]] = set()
    true_scores: list[float] = []
    other_scores: list[float] = []
    with open_store(f"sqlite:///{tmp / 'pantau.db'}") as store:
        store.upsert(articles)
        conn = connect(tmp / "office.db")
        try:
            for syndication, page in release_articles().items():
                release, _ = add_from_article(conn, page, source="url", registered_by="bench")
                found |= {(syndication, p.article_id) for p in find_pickups(store, release)}
                prepared = ReleaseShingles(release)
                for article in articles:
                    if prepared.is_own(article):
                        continue
                    reused = prepared.reused(article)[0]
                    key = (syndication, article.id)
                    (true_scores if key in truth else other_scores).append(reused)
        finally:
            conn.close()
    hits = len(found & truth)
    return {
        "releases": len(release_articles()),
        "true_pickups": len(truth),
        "found": len(found),
        "precision": _ratio(hits, len(found)),
        "recall": _ratio(hits, len(truth)),
        "threshold_reused": MIN_REUSED,
        "lowest_true_reused": round(min(true_scores), 3),
        "highest_other_reused": round(max(other_scores), 3),
    }


def clusters() -> dict[str, Any]:
    sample = sorted(
        (a for a in load_articles() if a.expect == "article"), key=lambda a: a.published
    )
    by_release: dict[str, list[str]] = {}
    for article in sample:
        if article.syndication and (
            article.outlet == OFFICE_OUTLET or article.pickup == "verbatim"
        ):
            by_release.setdefault(article.syndication, []).append(to_article(article).id)
    truth = {
        frozenset(pair) for ids in by_release.values() for pair in itertools.combinations(ids, 2)
    }
    index = ClusterIndex()
    started = time.perf_counter()
    assigned = {}
    for article in sample:
        stored = to_article(article)
        assigned[stored.id] = index.assign(stored.id, stored.title, stored.text).cluster_id
    seconds = time.perf_counter() - started
    together = {
        frozenset((a, b))
        for a, b in itertools.combinations(assigned, 2)
        if assigned[a] == assigned[b]
    }
    shingled = {to_article(a).id: article_shingles(a.title, a.text) for a in sample}
    jaccard = {
        frozenset((a, b)): len(shingled[a] & shingled[b]) / len(shingled[a] | shingled[b])
        for a, b in itertools.combinations(shingled, 2)
    }
    started = time.perf_counter()
    for article in sample:
        signature(article.title, article.text)
    per_signature = (time.perf_counter() - started) / len(sample)
    hits = len(together & truth)
    return {
        "articles": len(sample),
        "clusters": len(set(assigned.values())),
        "copy_pairs": len(truth),
        "pair_precision": _ratio(hits, len(together)),
        "pair_recall": _ratio(hits, len(truth)),
        "threshold": THRESHOLD,
        "true_jaccard_min": round(min(jaccard[p] for p in truth), 3),
        "true_jaccard_max": round(max(jaccard[p] for p in truth), 3),
        "other_jaccard_max": round(max(v for p, v in jaccard.items() if p not in truth), 3),
        "ms_per_article": round(seconds / len(sample) * 1000, 2),
        "ms_per_signature": round(per_signature * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = {"pickups": pickups(Path(tmp)), "clusters": clusters()}
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for part, values in figures.items():
        print(part)
        for key, value in values.items():
            print(f"  {key:22} {value}")


if __name__ == "__main__":
    main()
