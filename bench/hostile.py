"""Hostile outlets against a real crawl: time, peak memory and outcome per case.

Usage::

    flock /tmp/pantau-bench.lock .venv/bin/python bench/hostile.py [--rev GIT_REV]
        [--case NAME ...] [--timeout 120]

For each case a loopback server (``bench/hostile_site.py``, reached as the crawl's HTTP proxy so
it can answer for any host name) plays one hostile outlet, and ``pantau crawl --json`` runs in a
subprocess with its own temporary ``PANTAU_HOME`` and SQLite store. Printed per case: wall time,
the peak resident memory of the crawl's process tree (sampled every 50 ms from ``/proc``, summed
over the crawl and any worker processes), the exit status, the requests the server saw, the
articles stored and what the crawl reported (failures, rejections, refusals).

``--rev`` runs the same cases against another revision too (a ``git worktree`` of it in a temp
directory, imported first through ``PYTHONPATH``), for before/after figures; the last commit
before the hostile-case fixes is ``7113d80`` (``5d62b6a^``). A case that outlives ``--timeout``
is killed and reported as such.

Cases: gzip_bomb (1 MB gzip sitemap inflating to ~1 GB), endless_index (sitemap indexes without
end, in depth and breadth), pathological_html (2.9 MB page, one element with 100,000
attributes), offsite_private (an article redirecting to an intranet address), shared_suffix (a
canonical on another blogspot host), url_variants (one article linked by 7 URL variants),
retry_after (503 with ``Retry-After: 5`` on the first article request).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostile_site import (
    Answer,
    HostileServer,
    Log,
    article_html,
    gzip_bomb,
    listing_html,
    pathological_html,
)

from search_api.store.sqlite_docs import unpack

ROOT = Path(__file__).resolve().parent.parent
GZIP = "application/x-gzip"
XML = "application/xml"
INTRANET = "10.20.30.40"
# The sample site's fast settings: these outlets are ours, on loopback.
FAST = {
    "PANTAU_CRAWL__DOWNLOAD_DELAY": "0",
    "PANTAU_CRAWL__AUTOTHROTTLE": "false",
    "PANTAU_CRAWL__CONCURRENT_PER_DOMAIN": "8",
}


@dataclass
class Case:
    name: str
    outlet: dict[str, Any]  # the sources.yaml entry
    route: Callable[[str, str], Answer | None]
    notes: Callable[[Log, list[tuple[str, str]]], str] = lambda log, stored: ""


def _source(host: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": host,
        "name": host,
        "url": f"http://{host}/",
        "robots_sitemaps": False,
        "allow": [r"^/(artikel|\d{4})/"],
        **fields,
    }


def _gzip_bomb() -> Case:
    bomb = gzip_bomb(1 << 20)

    def route(host: str, path: str) -> Answer | None:
        if path == "/sitemap.xml.gz":
            return Answer(body=bomb, content_type=GZIP)
        if path == "/artikel/satu.html":
            return Answer(body=article_html("Artikel dari peta situs"))
        return None

    return Case("gzip_bomb", _source("bomb.test", sitemaps=["/sitemap.xml.gz"]), route)


def _endless_index() -> Case:
    def route(host: str, path: str) -> Answer | None:
        if not path.startswith("/index"):
            return None
        stem = path.removesuffix(".xml")
        children = "".join(
            f"<sitemap><loc>http://endless.test{stem}-{k}.xml</loc></sitemap>" for k in range(10)
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>'
        )
        return Answer(body=body.encode(), content_type=XML)

    def notes(log: Log, stored: list[tuple[str, str]]) -> str:
        fetched = sum(1 for _, _, p in log.snapshot() if p.startswith("/index"))
        return f"sitemap indexes fetched: {fetched}"

    return Case("endless_index", _source("endless.test", sitemaps=["/index.xml"]), route, notes)


def _pathological_html() -> Case:
    page = pathological_html(100_000, int(2.9 * 1024 * 1024))

    def route(host: str, path: str) -> Answer | None:
        if path == "/berita":
            return Answer(body=listing_html(["/artikel/berat.html", "/artikel/ringan.html"]))
        if path == "/artikel/berat.html":
            return Answer(body=page)
        if path == "/artikel/ringan.html":
            return Answer(body=article_html("Artikel biasa di sebelahnya"))
        return None

    def notes(log: Log, stored: list[tuple[str, str]]) -> str:
        return f"page {len(page) / 1e6:.1f} MB; stored: {sorted(p for p, _ in stored)}"

    return Case("pathological_html", _source("berat.test", listings=["/berita"]), route, notes)


def _offsite_private() -> Case:
    def route(host: str, path: str) -> Answer | None:
        if host == INTRANET:
            return Answer(body=article_html("Dokumen intranet kantor"))
        if path == "/berita":
            return Answer(body=listing_html(["/artikel/pindah.html"]))
        if path == "/artikel/pindah.html":
            location = f"http://{INTRANET}/artikel/rahasia.html"
            return Answer(302, b"", headers=(("Location", location),))
        return None

    def notes(log: Log, stored: list[tuple[str, str]]) -> str:
        reached = sum(1 for _, host, _ in log.snapshot() if host == INTRANET)
        return f"requests to {INTRANET}: {reached}"

    return Case("offsite_private", _source("pindah.test", listings=["/berita"]), route, notes)


def _shared_suffix() -> Case:
    canonical = "https://beta.blogspot.com/2026/11/bukan-milik-alpha.html"

    def route(host: str, path: str) -> Answer | None:
        if host != "alpha.blogspot.com":
            return Answer(body=article_html("Tulisan beta"))
        if path == "/berita":
            return Answer(body=listing_html(["/2026/11/kabar.html"]))
        if path == "/2026/11/kabar.html":
            return Answer(body=article_html("Kabar dari alpha", canonical=canonical))
        return None

    def notes(log: Log, stored: list[tuple[str, str]]) -> str:
        return f"stored canonical URLs: {sorted(c for _, c in stored)}"

    return Case("shared_suffix", _source("alpha.blogspot.com", listings=["/berita"]), route, notes)


VARIANTS = [
    "http://varian.test/artikel/satu.html",
    "http://varian.test/artikel/satu.html?utm_source=facebook&utm_medium=social",
    "http://varian.test/artikel/satu.html?amp=1",
    "http://VARIAN.test/artikel/satu.html",
    "http://varian.test:80/artikel/satu.html",
    "http://varian.test/artikel/satu.html/",
    "http://www.varian.test/artikel/satu.html",
]


def _url_variants() -> Case:
    def route(host: str, path: str) -> Answer | None:
        if path == "/berita":
            return Answer(body=listing_html(VARIANTS))
        if path.startswith("/artikel/satu.html"):
            canonical = "http://varian.test/artikel/satu.html"
            return Answer(body=article_html("Satu artikel, tujuh alamat", canonical=canonical))
        return None

    def notes(log: Log, stored: list[tuple[str, str]]) -> str:
        fetched = sum(1 for _, _, p in log.snapshot() if p.startswith("/artikel/"))
        return f"article fetches: {fetched} of {len(VARIANTS)} variants"

    return Case("url_variants", _source("varian.test", listings=["/berita"]), route, notes)


def _retry_after() -> Case:
    refused: list[tuple[float, str]] = []  # (when, path) of the one 503

    def route(host: str, path: str) -> Answer | None:
        if path == "/berita":
            return Answer(body=listing_html([f"/artikel/{n}.html" for n in range(1, 4)]))
        if path.startswith("/artikel/"):
            if not refused:
                refused.append((time.monotonic(), path))
                return Answer(503, b"sibuk", headers=(("Retry-After", "5"),))
            return Answer(body=article_html(f"Berita lambat {path}"))
        return None

    def notes(log: Log, stored: list[tuple[str, str]]) -> str:
        if not refused:
            return "no 503 served"
        when, path = refused[0]
        # Requests already in flight may land just after the 503; the retry of the refused page
        # and anything started after it show whether the outlet was left alone.
        again = [t for t, _, p in log.snapshot() if t > when and p == path]
        gap = f"{again[0] - when:.1f} s" if again else "never retried"
        return f"refused page asked again after (Retry-After: 5): {gap}"

    return Case("retry_after", _source("lambat.test", listings=["/berita"]), route, notes)


CASES: dict[str, Callable[[], Case]] = {
    "gzip_bomb": _gzip_bomb,
    "endless_index": _endless_index,
    "pathological_html": _pathological_html,
    "offsite_private": _offsite_private,
    "shared_suffix": _shared_suffix,
    "url_variants": _url_variants,
    "retry_after": _retry_after,
}


@dataclass
class Result:
    case: str
    side: str
    seconds: float
    peak_rss_mb: float
    exit: str
    requests_seen: int
    stored: int
    summary: dict[str, Any] = field(default_factory=dict)
    notes: str = ""


def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from ``/proc/<pid>/task/*/children``."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                todo.extend(int(c) for c in task.read_text().split())
            except OSError:
                continue  # the task ended between listing and reading: nothing to add
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0  # ended between listing and reading
    return 0


def _crawl(
    checkout: Path, home: Path, sources: Path, proxy: str, timeout: float
) -> tuple[float, int, str, str]:
    """Run one crawl; (seconds, peak RSS in kB, exit, stdout)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env.update(FAST)
    env.update(
        PANTAU_HOME=str(home),
        PANTAU_STORE=f"sqlite:///{home / 'pantau.db'}",
        PYTHONPATH=str(checkout),
        http_proxy=proxy,
        HTTP_PROXY=proxy,
        no_proxy="",
        NO_PROXY="",
    )
    command = [sys.executable, "-m", "pantau_cli", "crawl", "--sources", str(sources), "--json"]
    out = home / "stdout.json"
    started = time.monotonic()
    peak = 0
    with out.open("w") as stdout, (home / "stderr.txt").open("w") as stderr:
        process = subprocess.Popen(
            command, cwd=checkout, env=env, stdout=stdout, stderr=stderr, start_new_session=True
        )
        status = "?"
        while process.poll() is None:
            peak = max(peak, sum(_rss_kb(pid) for pid in _tree(process.pid)))
            if time.monotonic() - started > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                status = f"killed after {timeout:.0f} s"
                break
            time.sleep(0.05)
        else:
            status = str(process.returncode)
    return time.monotonic() - started, peak, status, out.read_text()


def _stored(home: Path) -> list[tuple[str, str]]:
    db = home / "pantau.db"
    if not db.is_file():
        return []
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT doc, canonical_url FROM articles").fetchall()
        # Documents are JSON text before schema 4 (a ``--rev`` checkout), compressed after.
        docs = [unpack(doc) for doc, _ in rows]
        return [(str(d["url"]), str(c)) for d, (_, c) in zip(docs, rows, strict=True)]
    except sqlite3.Error:
        return []  # no articles table: nothing was stored
    finally:
        conn.close()


def run_case(
    case: Case, side: str, checkout: Path, server: HostileServer, timeout: float
) -> Result:
    import yaml

    server.route = case.route
    server.log.clear()
    with tempfile.TemporaryDirectory(prefix=f"hostile-{case.name}-") as tmp:
        home = Path(tmp)
        sources = home / "sources.yaml"
        sources.write_text(yaml.safe_dump({"sources": [case.outlet]}), encoding="utf-8")
        seconds, peak, status, stdout = _crawl(checkout, home, sources, server.proxy, timeout)
        try:
            summary: dict[str, Any] = json.loads(stdout) if stdout.strip() else {}
        except json.JSONDecodeError:
            summary = {}
        if not summary:
            tail = (home / "stderr.txt").read_text(errors="replace").strip().splitlines()[-1:]
            summary = {"stderr": tail}
        stored = _stored(home)
        return Result(
            case=case.name,
            side=side,
            seconds=seconds,
            peak_rss_mb=peak / 1024,
            exit=status,
            requests_seen=len(server.log.snapshot()),
            stored=len(stored),
            summary=summary,
            notes=case.notes(server.log, stored),
        )


def _outcome(summary: dict[str, Any]) -> str:
    counts = summary.get("counts", {})
    refused = {k: v for k, v in counts.items() if "offsite" in k or "sitemap" in k}
    parts = [
        f"failed={summary.get('failed') or {}}",
        f"rejected={summary.get('rejected') or {}}",
    ]
    if refused:
        parts.append(f"bounds={refused}")
    if "stderr" in summary:
        parts.append(f"stderr={summary['stderr']}")
    return "; ".join(parts)


def _checkout(rev: str, into: Path) -> Path:
    path = into / f"rev-{rev}"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), rev],
        check=True,
        capture_output=True,
    )
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", help="also run the cases against this revision (before)")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="only these")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per crawl")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    server = HostileServer()
    server.start()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="hostile-revs-") as revs:
        sides = [("after", ROOT)]
        if args.rev:
            sides.insert(0, (f"before ({args.rev})", _checkout(args.rev, Path(revs))))
        try:
            for name in args.case or list(CASES):
                for side, checkout in sides:
                    # A fresh case per crawl: some remember what they served (retry_after).
                    result = run_case(CASES[name](), side, checkout, server, args.timeout)
                    results.append(result)
                    print(
                        f"{result.case:18} {result.side:22} {result.seconds:7.1f} s "
                        f"{result.peak_rss_mb:8.0f} MB  exit {result.exit:>3}  "
                        f"requests {result.requests_seen:6}  stored {result.stored:3}\n"
                        f"{'':18} {_outcome(result.summary)}\n{'':18} {result.notes}",
                        flush=True,
                    )
        finally:
            server.stop()
            for _side, checkout in sides:
                if checkout != ROOT:
                    subprocess.run(
                        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(checkout)],
                        check=False,
                        capture_output=True,
                    )
    if args.json:
        args.json.write_text(
            json.dumps([r.__dict__ for r in results], indent=2, default=str), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
