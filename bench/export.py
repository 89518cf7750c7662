"""Clipping exports at size: time and peak memory for CSV and XLSX of 10,000 articles and the
PDF report (its 1,000-article cap).

Usage::

    .venv/bin/python bench/export.py [--n 10000]

N synthetic articles (``bench/search.py``'s generator, fixed seed) go into a temp SQLite store;
then each format is exported in a fresh process (so one export's memory does not hide in
another's) through the same code as ``/api/export`` and ``pantau export``. Printed per format:
articles, seconds, articles/s, file MB, the process's RSS before the export and its peak
during it (MB).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(store_url: str, export_format: str, out: Path) -> None:
    """Runs in the fresh process: open, measure the baseline, export, report."""
    from nlp.agency_names import AgencyNames
    from search_api.exports.run import prepare
    from search_api.filters_core import Filters
    from search_api.store import open_store

    store = open_store(store_url)
    names = AgencyNames.load()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    job = prepare(store, Filters(), export_format, tz_name="Asia/Jakarta", names=names)  # type: ignore[arg-type]
    with out.open("wb") as fh:
        count = job.write(fh)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store.close()
    print(json.dumps({"articles": count, "seconds": seconds, "before_mb": before, "peak_mb": peak}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--child", nargs=3, metavar=("STORE", "FORMAT", "OUT"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], Path(args.child[2]))
        return 0
    from search import articles, batched

    from search_api.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        with open_store(url) as store:
            for batch in batched(articles(args.n), 1000):
                store.upsert(batch)
        print(f"{args.n} synthetic articles in SQLite")
        columns = ("articles", "s", "art/s", "file MB", "RSS MB", "peak MB")
        print(f"{'format':8}" + "".join(f"{c:>9}" for c in columns))
        for export_format in ("csv", "xlsx", "pdf"):
            out = Path(tmp) / f"export.{export_format}"
            done = subprocess.run(
                [sys.executable, __file__, "--child", url, export_format, str(out)],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(done.stdout.strip().splitlines()[-1])
            size = out.stat().st_size / 1e6
            rate = r["articles"] / r["seconds"]
            print(
                f"{export_format:8}{r['articles']:>9}{r['seconds']:>9.1f}{rate:>9.0f}{size:>9.1f}"
                f"{r['before_mb']:>9.0f}{r['peak_mb']:>9.0f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
