"""Pantau's ``extract`` against raw trafilatura on stored pages with ground truth.

Usage::

    .venv/bin/python bench/extraction.py --corpus ../shared/data/extraction [--repeat 3]

``DIR/ground_truth.json`` lists ``{file, url, title, published_at, text}`` per page (``file``
relative to ``DIR``). For each page and on average, for both extractors in the same run:

* token precision / recall / F1 — bag of lower-case word tokens (``\\w+``) against ``text``;
* title — exact match after collapsing whitespace and lower-casing;
* date — the same instant as ``published_at`` within two minutes, and timezone-aware (a bare
  date without a time of day or zone does not count);
* ms — wall time per page, the best of ``--repeat`` runs (the first run warms caches).

Raw trafilatura runs as its authors recommend for precision (``favor_precision=True``) with its
own metadata pass, since that is where its title and date come from; ``deduplicate=False`` so
repeated runs are not shortened by its process-wide cache. A second timing, trafilatura's text
alone (no metadata), is printed because that is the part Pantau's pipeline also runs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import trafilatura

# Run as a plain script from the repository root or elsewhere: make the packages importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.extract import extract
from pantau.models import Article

_TOKEN = re.compile(r"\w+")
DATE_TOLERANCE_SECONDS = 120
# Pages are old (2015-2017); a fixed "now" keeps the future-date check out of the way.
NOW = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Result:
    text: str
    title: str | None
    date: datetime | None
    ms: float


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float
    title: bool
    date: bool
    ms: float


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def prf(predicted: str, expected: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 over lower-case word tokens."""
    got, want = tokens(predicted), tokens(expected)
    common = sum((got & want).values())
    if common == 0:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def same_title(got: str | None, want: str) -> bool:
    return got is not None and " ".join(got.split()).lower() == " ".join(want.split()).lower()


def same_instant(got: datetime | None, want: datetime) -> bool:
    if got is None or got.tzinfo is None:
        return False
    return abs((got - want).total_seconds()) <= DATE_TOLERANCE_SECONDS


def _timed(run: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = run()
        best = min(best, (time.perf_counter() - start) * 1000)
    return value, best


def run_pantau(html: bytes, url: str, repeat: int) -> Result:
    result, ms = _timed(lambda: extract(html, url, now=NOW), repeat)
    if not isinstance(result, Article):
        print(f"  pantau rejected {url}: {result.reason} {result.detail}", file=sys.stderr)
        return Result("", None, None, ms)
    return Result(result.text, result.title, result.published_at, ms)


def _trafilatura(html: bytes, url: str, *, metadata: bool) -> Any:
    return trafilatura.bare_extraction(
        html.decode("utf-8", errors="replace"),
        url=url,
        favor_precision=True,
        deduplicate=False,
        with_metadata=metadata,
    )


def _parse_date(raw: Any) -> datetime | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


def run_trafilatura(html: bytes, url: str, repeat: int) -> tuple[Result, float]:
    """trafilatura with metadata (its title and date), and the ms of its text pass alone."""
    document, ms = _timed(lambda: _trafilatura(html, url, metadata=True), repeat)
    _, text_ms = _timed(lambda: _trafilatura(html, url, metadata=False), repeat)
    text = getattr(document, "text", None) or ""
    title = getattr(document, "title", None)
    return Result(text, title, _parse_date(getattr(document, "date", None)), ms), text_ms


def score(result: Result, case: dict[str, Any]) -> Score:
    precision, recall, f1 = prf(result.text, case["text"])
    want_date = datetime.fromisoformat(case["published_at"])
    return Score(
        precision,
        recall,
        f1,
        same_title(result.title, case["title"]),
        same_instant(result.date, want_date),
        result.ms,
    )


def _row(name: str, s: Score) -> str:
    flags = f"{'✓' if s.title else '✗':>5} {'✓' if s.date else '✗':>4}"
    return f"{name:<26}{s.precision:6.3f}{s.recall:6.3f}{s.f1:6.3f}{flags}{s.ms:8.1f}"


def _mean(scores: list[Score], name: str) -> str:
    n = len(scores)
    p = sum(s.precision for s in scores) / n
    r = sum(s.recall for s in scores) / n
    f = sum(s.f1 for s in scores) / n
    titles = sum(s.title for s in scores)
    dates = sum(s.date for s in scores)
    ms = sum(s.ms for s in scores) / n
    return f"{name:<26}{p:6.3f}{r:6.3f}{f:6.3f}{titles:>4}/{n}{dates:>3}/{n}{ms:8.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, required=True, help="directory with ground_truth")
    parser.add_argument("--repeat", type=int, default=5, help="timing runs per page (best kept)")
    args = parser.parse_args(argv)
    cases: list[dict[str, Any]] = json.loads((args.corpus / "ground_truth.json").read_text("utf-8"))
    header = f"{'page':<26}{'P':>6}{'R':>6}{'F1':>6}{'title':>6}{'date':>5}{'ms':>8}"
    pantau: list[Score] = []
    raw: list[Score] = []
    text_only: list[float] = []
    print(f"{header}    {header[26:]}\n{'':<26}{'— Pantau —':^37}{'— trafilatura —':^37}")
    for case in cases:
        html = (args.corpus / case["file"]).read_bytes()
        ours = score(run_pantau(html, case["url"], args.repeat), case)
        theirs_result, text_ms = run_trafilatura(html, case["url"], args.repeat)
        theirs = score(theirs_result, case)
        pantau.append(ours)
        raw.append(theirs)
        text_only.append(text_ms)
        name = Path(case["file"]).stem
        print(f"{_row(name, ours)}    {_row('', theirs)[26:]}")
    print(f"{_mean(pantau, 'mean')}    {_mean(raw, '')[26:]}")
    ours_ms = sum(s.ms for s in pantau) / len(pantau)
    text_ms = sum(text_only) / len(text_only)
    print(
        f"\nms/page: Pantau {ours_ms:.1f}; trafilatura with metadata "
        f"{sum(s.ms for s in raw) / len(raw):.1f}, text only {text_ms:.1f} "
        f"(Pantau = {ours_ms / text_ms:.2f}× trafilatura's text pass)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
