"""Searches per second on the SQLite store from 1, 2 and 4 threads, with the store's connection
per thread against the same store behind one lock (how it was: one request at a time).

Usage::

    .venv/bin/python bench/concurrency.py [--n 20000] [--seconds 5]

The threads run the queries of ``bench/search.py`` (fixed seed) in a loop for ``--seconds`` each.
SQLite releases the GIL while it runs a statement, so threads overlap on a machine with more than
one core; the figures say how much.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from search import QUERIES, articles, batched

from search_api.query import parse
from search_api.store.base import SearchRequest
from search_api.store.sqlite import SQLiteStore


def rate(store: SQLiteStore, threads: int, seconds: float, lock: Any) -> float:
    requests = [SearchRequest(query=parse(text), **options) for text, options in QUERIES]  # type: ignore[arg-type]
    done = [0] * threads
    stop = time.monotonic() + seconds

    def work(index: int) -> None:
        n = 0
        while time.monotonic() < stop:
            with lock:
                store.search(requests[n % len(requests)])
            n += 1
        done[index] = n

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "c.db") as store:
        for batch in batched(articles(args.n), 1000):
            store.upsert(batch)
        print(f"{args.n} articles; searches/s over {args.seconds:.0f} s")
        print(f"{'threads':>8}{'one lock':>12}{'per thread':>12}")
        one_lock = threading.Lock()
        variants: list[Callable[[], Any]] = [lambda: one_lock, nullcontext]
        for threads in (1, 2, 4):
            figures = [rate(store, threads, args.seconds, make()) for make in variants]
            print(f"{threads:>8}" + "".join(f"{f:>12.1f}" for f in figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
