"""Pantau's ``extract`` against raw trafilatura on three corpora, side by side, in one run.

Usage (from the repository root; the corpora default to ``../shared/data/`` beside the clone)::

    .venv/bin/python bench/extraction.py [--shared DIR] [--general TAR] [--sample N]
                                         [--repeat R] [--pages] [--ablate]

1. **Shared Indonesian pages** — ``DIR/ground_truth.json`` lists ``{file, url, title,
   published_at, text}``. Token precision / recall / F1 (bag of lower-case ``\\w+`` tokens against
   ``text``, averaged over pages), exact titles (whitespace collapsed, case folded), dates (the
   same instant within two minutes, timezone-aware), ms/page (best of ``--repeat`` runs).
   trafilatura runs as its authors recommend for precision (``favor_precision=True``) with its
   metadata pass, since its title and date come from there.
2. **General corpus** — trafilatura's own 990-page evaluation set, read straight from its
   ``.tar.gz``. Scored as trafilatura's ``tests/eval_common.py`` scores it: per page, ``with``
   snippets found in the text (after whitespace normalisation) are true positives, ``without``
   snippets found are false positives, missed ``with`` snippets false negatives; precision, recall
   and F1 from the sums over all pages. trafilatura runs as in its own benchmark (``extract`` with
   default options on ``decode_file``'s text). A page Pantau rejects counts as empty text.
   ``--sample N`` scores every Nth page (for development; report the full run).
3. **Leave-one-outlet-out** — the shared pages again, each outlet's pages extracted with the rules
   written from that outlet's pages switched off (:mod:`crawler.extract.rules`): what the rules
   give an outlet they were not written for.

Both extractors always run with ``deduplicate=False``: trafilatura's dedup cache is process-wide,
so repeated runs would shorten each other. ``--pages`` prints the per-page rows of the shared
pages; ``--ablate`` prints each rule's effect (each corpus scored with that rule off).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import trafilatura
from trafilatura.utils import decode_file

# Run as a plain script from the repository root or elsewhere: make the packages importable.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.extract import extract  # noqa: E402
from crawler.extract.hosts import host_of, registrable_domain  # noqa: E402
from crawler.extract.rules import RULES, written_for  # noqa: E402
from pantau.models import Article  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "extraction"
GENERAL = ROOT.parent / "shared" / "data" / "extraction_general" / "trafilatura_eval.tar.gz"
_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
DATE_TOLERANCE_SECONDS = 120
# Pages are old (2015-2022); a fixed "now" keeps the future-date check out of the way.
NOW = datetime(2030, 1, 1, tzinfo=UTC)
NO_RULES: frozenset[str] = frozenset()
GENERAL_ROW = "general corpus (trafilatura eval)"
LOO_ROW = "leave-one-outlet-out (shared)"


@dataclass(frozen=True, slots=True)
class Result:
    text: str
    title: str | None = None
    date: datetime | None = None
    ms: float = 0.0


@dataclass(frozen=True, slots=True)
class Summary:
    """One extractor on one corpus: P/R/F1, titles and dates right (of ``n``), ms/page."""

    precision: float
    recall: float
    f1: float
    titles: int | None
    dates: int | None
    n: int
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


def run_pantau(html: bytes, url: str, repeat: int = 1, off: frozenset[str] = NO_RULES) -> Result:
    result, ms = _timed(lambda: extract(html, url, now=NOW, off=off), repeat)
    if not isinstance(result, Article):
        return Result("", ms=ms)
    return Result(result.text, result.title, result.published_at, ms)


def _parse_date(raw: Any) -> datetime | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


def run_trafilatura_precision(html: bytes, url: str, repeat: int = 1) -> Result:
    """trafilatura for precision, with its metadata pass (its title and date)."""

    def run() -> Any:
        return trafilatura.bare_extraction(
            decode_file(html),
            url=url,
            favor_precision=True,
            deduplicate=False,
            with_metadata=True,
        )

    document, ms = _timed(run, repeat)
    text = getattr(document, "text", None) or ""
    date = _parse_date(getattr(document, "date", None))
    return Result(text, getattr(document, "title", None), date, ms)


def run_trafilatura_default(html: bytes, url: str, repeat: int = 1) -> Result:
    """trafilatura as its own benchmark runs it: ``extract`` with default options."""
    text, ms = _timed(lambda: trafilatura.extract(decode_file(html), url=url), repeat)
    return Result(text or "", ms=ms)


# --- corpus 1 and 3: the shared Indonesian pages -------------------------------------------


def load_shared(directory: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((directory / "ground_truth.json").read_text("utf-8"))
    for case in cases:
        case["html"] = (directory / case["file"]).read_bytes()
    return cases


def outlet_of(url: str) -> str:
    return registrable_domain(host_of(url))


def summarise_pages(results: list[Result], cases: list[dict[str, Any]]) -> Summary:
    scores = [prf(r.text, c["text"]) for r, c in zip(results, cases, strict=True)]
    titles = sum(same_title(r.title, c["title"]) for r, c in zip(results, cases, strict=True))
    dates = sum(
        same_instant(r.date, datetime.fromisoformat(c["published_at"]))
        for r, c in zip(results, cases, strict=True)
    )
    n = len(cases)
    return Summary(
        sum(s[0] for s in scores) / n,
        sum(s[1] for s in scores) / n,
        sum(s[2] for s in scores) / n,
        titles,
        dates,
        n,
        sum(r.ms for r in results) / n,
    )


def leave_one_outlet_out(cases: list[dict[str, Any]], repeat: int) -> list[Result]:
    return [
        run_pantau(c["html"], c["url"], repeat, written_for(outlet_of(c["url"]))) for c in cases
    ]


# --- corpus 2: trafilatura's evaluation corpus ---------------------------------------------


def load_general(archive: Path, sample: int) -> list[tuple[str, dict[str, Any], bytes]]:
    """``(url, item, html)`` for every ``sample``-th page of the corpus, sorted by URL."""
    with tarfile.open(archive) as tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        evaldata = json.loads(_read_member(tar, members["tests/evaldata.json"]))
        pages = []
        for url in sorted(evaldata)[::sample]:
            item = evaldata[url]
            # trafilatura's resolve(): tests/cache/ first, then tests/eval/.
            names = [f"tests/{sub}/{item['file']}" for sub in ("cache", "eval")]
            found = next((n for n in names if n in members), None)
            if found is None:
                raise ValueError(f"{url}: HTML file not in the archive: {item['file']}")
            pages.append((url, item, _read_member(tar, members[found])))
    return pages


def _read_member(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(member)
    if handle is None:
        raise ValueError(f"{member.name} is not a regular file")
    return handle.read()


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def count_snippets(item: dict[str, Any], text: str) -> tuple[int, int, int]:
    """(tp, fp, fn) of one page, as trafilatura's ``count_item`` counts them."""
    normal = _norm(text)
    tp = sum(1 for snippet in item["with"] if _norm(snippet) in normal)
    fp = sum(1 for snippet in item["without"] if _norm(snippet) in normal)
    return tp, fp, len(item["with"]) - tp


def summarise_snippets(results: list[Result], items: list[dict[str, Any]]) -> Summary:
    counts = [count_snippets(i, r.text) for r, i in zip(results, items, strict=True)]
    tp, fp, fn = (sum(c[k] for c in counts) for k in range(3))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    n = len(results)
    return Summary(precision, recall, f1, None, None, n, sum(r.ms for r in results) / n)


def run_general(
    pages: list[tuple[str, dict[str, Any], bytes]], off: frozenset[str] = NO_RULES
) -> list[Result]:
    return [run_pantau(html, url, off=off) for url, _, html in pages]


# --- reports -------------------------------------------------------------------------------


def _cells(s: Summary) -> str:
    titles = f"{s.titles}/{s.n}" if s.titles is not None else "–"
    dates = f"{s.dates}/{s.n}" if s.dates is not None else "–"
    return f"{s.f1:6.3f}{s.precision:6.3f}{s.recall:6.3f}{titles:>7}{dates:>7}{s.ms:7.1f}"


def print_table(rows: list[tuple[str, Summary, Summary]]) -> None:
    head = f"{'F1':>6}{'P':>6}{'R':>6}{'titles':>7}{'dates':>7}{'ms':>7}"
    print(f"\n{'corpus':<34}{'pages':>5} | {'Pantau':^39} | {'trafilatura':^39}")
    print(f"{'':<34}{'':>5} | {head} | {head}")
    for name, ours, theirs in rows:
        print(f"{name:<34}{ours.n:>5} | {_cells(ours)} | {_cells(theirs)}")


def print_pages(cases: list[dict[str, Any]], ours: list[Result], raw: list[Result]) -> None:
    print(f"{'page':<26}{'F1 Pantau':>10}{'F1 traf.':>10}  title date")
    for case, a, b in zip(cases, ours, raw, strict=True):
        f_a, f_b = prf(a.text, case["text"])[2], prf(b.text, case["text"])[2]
        dated = same_instant(a.date, datetime.fromisoformat(case["published_at"]))
        flags = f"{'✓' if same_title(a.title, case['title']) else '✗':>5}{'✓' if dated else '✗':>5}"
        print(f"{Path(case['file']).stem:<26}{f_a:10.3f}{f_b:10.3f}  {flags}")


def print_outlets(cases: list[dict[str, Any]], full: list[Result], loo: list[Result]) -> None:
    print(f"\n{'outlet (its own rules off)':<34}{'F1 all rules':>13}{'F1 without':>12}  rules off")
    for outlet in sorted({outlet_of(c["url"]) for c in cases}):
        idx = [i for i, c in enumerate(cases) if outlet_of(c["url"]) == outlet]
        sub = [cases[i] for i in idx]
        a = summarise_pages([full[i] for i in idx], sub).f1
        b = summarise_pages([loo[i] for i in idx], sub).f1
        print(f"{outlet:<34}{a:13.3f}{b:12.3f}  {', '.join(sorted(written_for(outlet)))}")


def print_ablation(
    cases: list[dict[str, Any]],
    pages: list[tuple[str, dict[str, Any], bytes]],
    base: tuple[float, float],
) -> None:
    """Each rule's effect: F1 with all rules minus F1 with that rule off, on both corpora."""
    items = [item for _, item, _ in pages]
    print(f"\n{'rule (effect = F1 with - without)':<34}{'shared':>8}{'general':>9}  written for")
    for rule in RULES:
        off = frozenset({rule.name})
        shared = [run_pantau(c["html"], c["url"], off=off) for c in cases]
        s = summarise_pages(shared, cases).f1 if cases else base[0]
        g = summarise_snippets(run_general(pages, off), items).f1 if pages else base[1]
        outlets = ", ".join(sorted(rule.written_for)) or "generic"
        print(f"{rule.name:<34}{base[0] - s:+8.3f}{base[1] - g:+9.3f}  {outlets}")


def _shared_rows(
    cases: list[dict[str, Any]], repeat: int, show_pages: bool
) -> list[tuple[str, Summary, Summary]]:
    ours, raw = [], []
    for case in cases:
        ours.append(run_pantau(case["html"], case["url"], repeat))
        raw.append(run_trafilatura_precision(case["html"], case["url"], repeat))
    loo = leave_one_outlet_out(cases, repeat)
    if show_pages:
        print_pages(cases, ours, raw)
    print_outlets(cases, ours, loo)
    theirs = summarise_pages(raw, cases)
    return [
        ("shared Indonesian pages", summarise_pages(ours, cases), theirs),
        (LOO_ROW, summarise_pages(loo, cases), theirs),
    ]


def _general_row(pages: list[tuple[str, dict[str, Any], bytes]]) -> tuple[Summary, Summary]:
    # Page by page, one extractor after the other: the machine's load then weighs on both alike.
    ours, raw = [], []
    for url, _, html in pages:
        ours.append(run_pantau(html, url))
        raw.append(run_trafilatura_default(html, url))
    items = [item for _, item, _ in pages]
    return summarise_snippets(ours, items), summarise_snippets(raw, items)


def _existing(path: Path, what: str) -> bool:
    if not path.exists():
        print(f"{what} not found at {path}: skipped", file=sys.stderr)
    return path.exists()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="dir with ground_truth.json")
    parser.add_argument("--general", type=Path, default=GENERAL, help="trafilatura_eval.tar.gz")
    parser.add_argument("--sample", type=int, default=1, help="score every Nth general page")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per shared page")
    parser.add_argument("--pages", action="store_true", help="per-page rows of the shared pages")
    parser.add_argument("--ablate", action="store_true", help="each rule's effect")
    args = parser.parse_args(argv)
    cases = load_shared(args.shared) if _existing(args.shared, "shared pages") else []
    pages = load_general(args.general, args.sample) if _existing(args.general, "corpus") else []
    shared = _shared_rows(cases, args.repeat, args.pages) if cases else []
    general = [(GENERAL_ROW, *_general_row(pages))] if pages else []
    rows = shared[:1] + general + shared[1:]
    print_table(rows)
    for name, ours, theirs in rows:
        if name != LOO_ROW:
            print(
                f"ms/page, {name}: Pantau {ours.ms:.1f}, trafilatura {theirs.ms:.1f} "
                f"({ours.ms / theirs.ms:.2f}×)"
            )
    if args.ablate:
        base = (shared[0][1].f1 if shared else 0.0, general[0][1].f1 if general else 0.0)
        print_ablation(cases, pages, base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
