"""Tagger speed of two checkouts side by side, measured in alternation: before and after a change.

Usage (from the repository root)::

    .venv/bin/python bench/speed_ab.py --before ../main [--after .] [--rounds 5]

On a shared machine a figure measured now and one measured an hour ago differ by more than a
change does, so this runs one worker process per checkout (each with that checkout's code first on
``sys.path``, pinned to one CPU with one BLAS thread, see ``bench/one_core.py``) and asks them in
turn, round after round, for the same three measures, in articles per CPU second of the worker:

* **tone stage** — ``bench/sentiment.py``'s pipeline (tokenizer, sentencizer, ``pantau_sentiment``)
  through ``nlp.pipe`` over ~600-word articles of the regional news paragraphs;
* **tag** — the whole tagger, ``Tagger.tag`` with title and dateline, over ``bench/tagger.py``'s
  ~600-word articles;
* **tag_many** — the same articles through ``Tagger.tag_many``.

It prints the best and the median round of each. The articles are real regional news
(``../shared/data/govnews``) when present, else our own labelled set. Run it under
``flock /tmp/pantau-bench.lock`` like every benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MEASURES = ("tone stage", "tag", "tag_many")


def worker(checkout: Path, govnews: Path, labelled: Path) -> None:
    """Serve measurements on stdin/stdout with ``checkout``'s code (see the module docstring)."""
    sys.path.insert(0, str(ROOT))
    from bench.one_core import one_core

    one_core()
    sys.path.insert(0, str(checkout))  # the checkout's nlp/ and bench/ win over ours
    import yaml

    from bench.sentiment import sentiment_pipeline
    from bench.tagger import articles
    from nlp.pipeline import Tagger

    if govnews.exists():
        records = [json.loads(line) for line in govnews.read_text("utf-8").splitlines() if line]
    else:
        records = yaml.safe_load(labelled.read_text("utf-8"))["items"]
    docs = articles(records, 300)
    tone_texts = [d["text"] for d in docs]
    tone, tagger = sentiment_pipeline(), Tagger()
    for _ in range(2):  # warm the caches: every word seen once
        _measure(tone, tagger, docs, tone_texts)
    print("ready", flush=True)
    for _ in sys.stdin:
        print(json.dumps(_measure(tone, tagger, docs, tone_texts)), flush=True)


def _measure(tone: Any, tagger: Any, docs: list[dict[str, str]], texts: list[str]) -> list[float]:
    started = time.process_time()
    for _ in tone.pipe(texts, batch_size=64):
        pass
    rates = [len(texts) / (time.process_time() - started)]
    started = time.process_time()
    for d in docs:
        tagger.tag(d["text"], title=d["title"], location=d["location"] or None)
    rates.append(len(docs) / (time.process_time() - started))
    started = time.process_time()
    for _ in tagger.tag_many((str(i), d["text"]) for i, d in enumerate(docs)):
        pass
    rates.append(len(docs) / (time.process_time() - started))
    return rates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="checkout before the change")
    parser.add_argument("--after", type=Path, default=ROOT, help="checkout after (this one)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--govnews",
        type=Path,
        default=ROOT.parent / "shared" / "data" / "govnews" / "govnews.jsonl",
    )
    parser.add_argument(
        "--labelled", type=Path, default=ROOT / "tests" / "nlp" / "labelled" / "regional_news.yaml"
    )
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        worker(args.worker, args.govnews, args.labelled)
        return 0
    checkouts = {"before": args.before.resolve(), "after": args.after.resolve()}
    workers = {
        name: subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--before",
                str(path),
                "--worker",
                str(path),
                "--govnews",
                str(args.govnews),
                "--labelled",
                str(args.labelled),
            ],
            cwd=path,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(path)},
        )
        for name, path in checkouts.items()
    }
    for name, process in workers.items():
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            raise SystemExit(f"the {name} worker ({checkouts[name]}) did not start")
    rates: dict[str, list[list[float]]] = {name: [] for name in workers}
    for _ in range(args.rounds):
        for name, process in workers.items():
            assert process.stdin is not None
            assert process.stdout is not None
            process.stdin.write("go\n")
            process.stdin.flush()
            rates[name].append(json.loads(process.stdout.readline()))
    for process in workers.values():
        assert process.stdin is not None
        process.stdin.close()
        process.wait()
    print(f"articles per CPU second, one core, {args.rounds} alternating rounds (best / median)")
    for index, measure in enumerate(MEASURES):
        cells = []
        for name in workers:
            column = [row[index] for row in rates[name]]
            cells.append(f"{name} {max(column):5.0f} / {statistics.median(column):5.0f}")
        print(f"  {measure:<11} " + "   ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
