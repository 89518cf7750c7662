"""The web UI under 10 concurrent users: ``pantau serve --workers N`` on a bench store.

Usage::

    .venv/bin/python bench/ui_load.py --store /work/bench-cache/sqlite-1000000-v3.db \\
        [--workers 2] [--users 10] [--seconds 60] [--per-page] [--no-cache] [--think 5]

Starts the server on a free port with ``PANTAU_HOME`` in a temp directory and the given store
file, creates a user and an API token in that home's office database, then lets ``--users``
threads each loop over the pages an officer opens (the search page for the queries of
``bench/search.py``, the overview for its overview questions) for ``--seconds``. Prints requests,
p50/p95/max ms per page kind and overall; ``--per-page`` also per page (each URL), e.g. the
overview served end to end to one user: ``--users 1 --per-page``. Each server process remembers
its store's answers until the store changes (``api.result_cache``, ``search_api/store/cached.py``),
so after the first round these pages are answered from memory; ``--no-cache`` turns that off to
measure the store's work on every request. By default a user asks again the moment an answer
arrives (ten requests always in flight: a stress form); ``--think S`` makes each wait between
0.5·S and 1.5·S seconds first, as an officer reading the page does (users start spread over
S seconds). Build the store first with ``bench/search.py --n … --build-only``.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from pipeline import _rss_and_cpu, _tree  # the process tree's CPU, as bench/pipeline.py reads it

from search_api.auth.accounts import add_user, new_api_token
from search_api.digests.db import connect

SEARCHES = [
    {"q": "banjir OR longsor"},
    {"q": '"wali kota" -hoaks', "sentiment": "negative"},
    {"q": "title:anggaran agency:kota-bekasi/*"},
    {"q": "kota OR kabupaten"},
    {"q": "", "agency": "kota-bekasi/pemkot"},
    {"q": "vaksin", "from": "2025-06-01", "to": "2025-06-30"},
]
OVERVIEWS = [
    {"q": "", "from": "2025-12-25", "to": "2025-12-31"},
    {"q": "banjir OR longsor", "from": "2025-07-01", "to": "2025-09-30"},
    {"q": "", "agency": "kota-bekasi/pemkot", "from": "2024-01-01", "to": "2025-12-31"},
    {"q": "kota OR kabupaten", "from": "2024-01-01", "to": "2025-12-31"},
]


def start(store: Path, home: Path, workers: int, cache: bool) -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env |= {"PANTAU_HOME": str(home), "PANTAU_STORE": f"sqlite:///{store}"}
    # All users come from 127.0.0.1: the per-address limit (600 a minute) would answer 429 once
    # answers are fast; real officers each have an address (or few requests each behind NAT).
    env["PANTAU_API__REQUESTS_PER_MINUTE"] = "1000000"
    if not cache:
        env["PANTAU_API__RESULT_CACHE"] = "0"
    server = subprocess.Popen(
        [sys.executable, "-m", "pantau_cli", "serve", "--host", "127.0.0.1", "--port", "0",
         "--workers", str(workers)],
        cwd=home, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    base = server.stdout.readline().split("Web UI: ", 1)[1].strip().rstrip("/")
    # The access log follows on stdout: unread, a full pipe would stop the server mid-run (it did,
    # once answers came from the result cache and the requests outgrew the pipe's 64 KB).
    threading.Thread(target=server.stdout.read, daemon=True).start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=30):
                return server, base
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit("the server did not answer within 120 s")


def token(home: Path) -> str:
    conn = connect(home / "office.db")
    try:
        add_user(conn, "bench", "baca", "kata-sandi-bench-123")
        return new_api_token(conn, "bench", "bench")
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--per-page", action="store_true", help="figures per URL too")
    parser.add_argument(
        "--no-cache", action="store_true", help="api.result_cache 0: no answers remembered"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a user reads a page before the next (uniform, 0.5-1.5 times)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        secret = token(home)
        server, base = start(args.store.resolve(), home, args.workers, not args.no_cache)
        times: dict[str, list[float]] = {"search": [], "overview": []}
        by_page: dict[str, list[float]] = {}
        failures: list[str] = []
        stop = time.monotonic() + args.seconds
        pages = [("search", "/", p) for p in SEARCHES] + [
            ("overview", "/ringkasan", p) for p in OVERVIEWS
        ]

        def user(index: int) -> None:
            n = index
            pause = random.Random(index)  # the same reading times on every run
            if args.think:
                # Officers do not all press Enter in the same millisecond: starts spread over
                # one reading time (ten first requests at once would be the run's slowest).
                time.sleep(args.think * pause.random())
            while time.monotonic() < stop:
                kind, path, params = pages[n % len(pages)]
                n += 1
                url = f"{base}{path}?{urllib.parse.urlencode(params)}"
                request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        response.read()
                except OSError as exc:
                    failures.append(f"{url}: {exc}")
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                times[kind].append(elapsed)
                by_page.setdefault(f"{path}?{urllib.parse.urlencode(params)}", []).append(elapsed)
                if args.think:
                    time.sleep(args.think * pause.uniform(0.5, 1.5))

        try:
            threads = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
            cpu_before = server_cpu(server.pid)
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            cpu = server_cpu(server.pid) - cpu_before
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    cache = "no result cache" if args.no_cache else "result cache on"
    think = f"reading {args.think:g} s a page" if args.think else "no reading time"
    print(
        f"{args.users} users ({think}), {args.workers} workers, {args.seconds:.0f} s, {cache}, "
        f"store {args.store}, load average {os.getloadavg()[0]:.2f}"
    )
    every = times["search"] + times["overview"]
    for kind, values in (*times.items(), ("all", every)):
        report(kind, values)
    # CPU the server spent per request: what a busy machine's neighbours change least.
    print(f"server CPU {cpu:.1f} s, {cpu * 1000 / max(len(every), 1):.0f} ms a request")
    if args.per_page:
        for page, values in by_page.items():
            report(page, values)
    if failures:
        print(f"{len(failures)} failed, e.g. {failures[0]}")
    return 1 if failures else 0


def server_cpu(pid: int) -> float:
    """CPU seconds of the server's processes (its workers included) so far."""
    return sum(used[1] for used in map(_rss_and_cpu, _tree(pid)) if used is not None)


def report(label: str, values: list[float]) -> None:
    if len(values) < 2:
        return
    cuts = statistics.quantiles(values, n=20, method="inclusive")  # never above the max
    print(
        f"{label:10} {len(values):6} requests  p50 {cuts[9]:7.0f} ms  p95 {cuts[18]:7.0f} ms  "
        f"max {max(values):7.0f} ms"
    )


if __name__ == "__main__":
    sys.exit(main())
