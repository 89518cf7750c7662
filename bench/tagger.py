"""Agencies, officials, quotes and tone: accuracy on the labelled regional news and our own set,
government-ORG recall on public NER corpora, tagging speed and load times.

Usage::

    .venv/bin/python bench/tagger.py [--govnews ../shared/data/govnews/govnews.jsonl]
                                     [--labelled tests/nlp/labelled/regional_news.yaml]
                                     [--ner ../shared/data/ner] [--articles 300] [--json]

Prints:

* on the labelled regional-government news (skipped when ``--govnews`` is missing): agency-id
  and region P/R/F1, and macro-F1 (per class) of the paragraph tone and the tone per labelled
  agency, every tone from a model refitted without the record's outlet (outlet-grouped 5-fold
  CV, ``nlp/evaluate_govnews.py``; needs the ``train`` extra);

* precision / recall / F1 on the labelled set for agency ids, region-level government detection,
  officials (name, agency id) and quote attribution (speaker, text) — see ``nlp/evaluate.py``;
* recall of in-scope government ORG spans in IndoNLU NERGrit/NERP and IndoLEM NER (skipped when
  ``--ner`` is missing), with the misses and the spans left out of scope on purpose
  (``nlp/ner_recall.py``);
* articles per CPU second (this process's own time, so that other jobs on a shared machine do not
  count; the tagger is single-threaded) for ~600-word articles assembled from the regional news
  paragraphs (real text; our own set when the news are missing), with ``Tagger.tag`` (title and
  dateline) and ``Tagger.tag_many``, full pipeline (agencies, officials, quotes and tone);
* load times: ``spacy.blank("id")`` alone (spaCy's own tokenizer exceptions), our gazetteer (region
  list, kecamatan list, unit vocabulary, patterns into the span ruler, resolver) and the whole
  ``build_pipeline()``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Run as a plain script from the repository root or elsewhere: make the packages importable.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.one_core import one_core  # noqa: E402

CORE = one_core()  # before numpy is imported: its BLAS reads the thread count on loading

import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from nlp.agencies import AgencyResolver  # noqa: E402
from nlp.context import RegionContext  # noqa: E402
from nlp.evaluate import evaluate, load_items  # noqa: E402
from nlp.evaluate_govnews import GovnewsReport, evaluate_govnews, load_records  # noqa: E402
from nlp.ner_recall import measure  # noqa: E402
from nlp.pipeline import SENTIMENT_NAME, Tagger, build_pipeline  # noqa: E402
from nlp.sentiment_lexicon import LABELS  # noqa: E402

LABELLED = ROOT / "tests" / "nlp" / "labelled" / "regional_news.yaml"
GOVNEWS = ROOT.parent / "shared" / "data" / "govnews" / "govnews.jsonl"
ARTICLE_WORDS = 600


def load_times() -> dict[str, float]:
    started = time.perf_counter()
    blank = spacy.blank("id")
    spacy_s = time.perf_counter() - started
    started = time.perf_counter()
    build_pipeline()
    pipeline_s = time.perf_counter() - started
    # The gazetteer alone: data files, patterns into a span ruler, the resolver, on a blank nlp
    # that already exists (so spaCy's own language init is not counted twice).
    started = time.perf_counter()
    ruler = blank.add_pipe("span_ruler", config={"phrase_matcher_attr": "LOWER"})
    patterns = [json.loads(line) for line in _patterns_file().read_text("utf-8").splitlines()]
    ruler.initialize(lambda: [], nlp=blank, patterns=patterns)
    AgencyResolver(blank, "resolver")
    gazetteer_s = time.perf_counter() - started
    return {"spacy_blank_s": spacy_s, "gazetteer_s": gazetteer_s, "pipeline_s": pipeline_s}


def _patterns_file() -> Path:
    from nlp.build_patterns import PATTERNS_FILE

    return PATTERNS_FILE


def articles(items: list[dict[str, Any]], count: int) -> list[dict[str, str]]:
    """~600-word articles: labelled paragraphs in random (seeded) order, each with the title and
    dateline of its first paragraph."""
    rng = random.Random(7)
    made = []
    for _ in range(count):
        picked: list[dict[str, Any]] = []
        words = 0
        while words < ARTICLE_WORDS:
            item = rng.choice(items)
            picked.append(item)
            words += len(item["text"].split())
        made.append(
            {
                "text": "\n\n".join(item["text"] for item in picked),
                "title": picked[0].get("title") or picked[0]["text"][:80],
                "location": picked[0].get("location") or "",
            }
        )
    return made


def speed(tagger: Tagger, docs: list[dict[str, str]]) -> dict[str, float]:
    for doc in docs[:20]:  # warm-up
        tagger.tag(doc["text"])
    started = time.process_time()
    for doc in docs:
        tagger.tag(doc["text"], title=doc["title"], location=doc["location"] or None)
    single = len(docs) / (time.process_time() - started)
    started = time.process_time()
    for _ in tagger.tag_many((str(i), d["text"]) for i, d in enumerate(docs)):
        pass
    batch = len(docs) / (time.process_time() - started)
    words = sum(len(d["text"].split()) for d in docs) / len(docs)
    return {
        "tag_per_s": single,
        "tag_many_per_s": batch,
        "entities_per_s": _entities_speed(tagger, docs),
        "mean_words": words,
    }


def _entities_speed(tagger: Tagger, docs: list[dict[str, str]]) -> float:
    """Agencies + officials + quotes alone (the issue's measure): sentiment switched off."""
    context = RegionContext()

    def made() -> Iterator[Doc]:
        for d in docs:
            doc = tagger.nlp.make_doc(d["text"])
            doc._.pantau_context = context
            yield doc

    with tagger.nlp.select_pipes(disable=[SENTIMENT_NAME]):
        started = time.process_time()
        for doc in tagger.nlp.pipe(made(), batch_size=64):
            assert doc._.pantau_agencies is not None
        return len(docs) / (time.process_time() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--govnews", type=Path, default=GOVNEWS)
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    parser.add_argument("--ner", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    result: dict[str, Any] = {"load": load_times()}
    tagger = Tagger()
    items = load_items(args.labelled)
    report = evaluate(
        items,
        lambda i: tagger.tag(
            i["text"], title=i.get("title"), location=i.get("location"), region=i.get("region")
        ),
    )
    result["labelled"] = {
        "items": len(items),
        **{
            task: {"p": s.precision, "r": s.recall, "f1": s.f1, "tp": s.tp, "fp": s.fp, "fn": s.fn}
            for task, s in report.scores.items()
        },
        "errors": report.errors,
    }
    if args.ner.is_dir():
        ner = measure(tagger, args.ner)
        result["ner"] = {
            "found": ner.found,
            "total": ner.total,
            "recall": ner.recall,
            "misses": ner.misses.most_common(),
            "left_out": ner.left_out.most_common(),
        }
    else:
        result["ner"] = {"skipped": f"{args.ner} not found"}
    records = load_records(args.govnews) if args.govnews.exists() else []
    result["govnews"] = _govnews(tagger, args.govnews, records) if records else {"skipped": True}
    result["speed"] = speed(tagger, articles(records or items, args.articles))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print(result)
    return 0


def _govnews(tagger: Tagger, path: Path, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Scores on the labelled news, tone out-of-fold (see the module docstring)."""
    from nlp.train.sentiment_data import load_cnbc, load_govnews, split_cnbc
    from nlp.train.sentiment_stack import (
        FeatureReader,
        agency_rows,
        fit_agency,
        fit_stack,
        labels_of,
        outlet_folds,
    )

    news = load_govnews(path)  # the same records in the same order, as training examples
    reader = FeatureReader()
    x_news, y_news = reader.matrix(news), labels_of(news)
    valid = split_cnbc(load_cnbc()).valid
    x_head, y_head = reader.matrix(valid), labels_of(valid)
    agencies = agency_rows(tagger, news)
    folds = list(outlet_folds([e.outlet for e in news]))

    def refit(train: Any) -> Any:
        doc_model = fit_stack(x_news[train], y_news[train], x_head, y_head)
        return doc_model, fit_agency(agencies.of_records(train))

    report = evaluate_govnews(tagger, records, folds, refit)
    return _govnews_summary(report, len(records))


def _govnews_summary(report: GovnewsReport, count: int) -> dict[str, Any]:
    from bench.sentiment import f1_scores

    def prf(s: Any) -> dict[str, float]:
        return {"p": s.precision, "r": s.recall, "f1": s.f1}

    return {
        "items": count,
        "agencies": prf(report.agencies),
        "regions": prf(report.regions),
        "tone": f1_scores(report.tone_gold, report.tone_predicted),
        "agency_tone": f1_scores(report.agency_tone_gold, report.agency_tone_predicted),
    }


def _print(result: dict[str, Any]) -> None:
    load = result["load"]
    print(
        f"load: spacy.blank('id') {load['spacy_blank_s']:.2f} s, gazetteer "
        f"{load['gazetteer_s']:.2f} s, whole build_pipeline() {load['pipeline_s']:.2f} s"
    )
    news = result["govnews"]
    if "skipped" in news:
        print("\nregional news: skipped (no --govnews file)")
    else:
        print(f"\nregional news ({news['items']} records)      P      R     F1")
        for task in ("agencies", "regions"):
            s = news[task]
            print(f"  {task:<28} {s['p']:.3f}  {s['r']:.3f}  {s['f1']:.3f}")
        for task in ("tone", "agency_tone"):
            s = news[task]
            per_class = "/".join(f"{s[label]:.2f}" for label in LABELS)
            print(
                f"  {task + ' (outlet CV)':<28} macro-F1 {s['macro']:.3f}  neg/neu/pos {per_class}"
            )
    labelled = result["labelled"]
    print(f"\nlabelled set ({labelled['items']} items)      P      R     F1")
    for task in ("agencies", "regions", "officials", "quotes"):
        s = labelled[task]
        print(f"  {task:<28} {s['p']:.3f}  {s['r']:.3f}  {s['f1']:.3f}")
    for error in labelled["errors"]:
        print(f"  miss: {error}")
    ner = result["ner"]
    if "skipped" in ner:
        print(f"\nNER corpora: skipped ({ner['skipped']})")
    else:
        print(f"\nNER government ORG recall: {ner['found']}/{ner['total']} = {ner['recall']:.3f}")
        print("  misses: " + ", ".join(f"{span} ×{n}" for span, n in ner["misses"]))
        print("  left out of scope: " + ", ".join(f"{span} ×{n}" for span, n in ner["left_out"]))
    speed = result["speed"]
    print(
        f"\nspeed per CPU second ({CORE}; {speed['mean_words']:.0f} words/article): agencies + "
        f"officials + quotes {speed['entities_per_s']:.0f} articles/s; whole pipeline with "
        f"sentiment: tag {speed['tag_per_s']:.0f} articles/s, tag_many "
        f"{speed['tag_many_per_s']:.0f} articles/s (issue #11: >= 200)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
