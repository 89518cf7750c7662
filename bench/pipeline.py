"""Whole-pipeline throughput: a real crawl of a loopback site of real article pages (issue #17 §5).

Usage (from the repository root; the pages default to ``../shared/data/extraction`` beside the
clone; run under ``flock /tmp/pantau-bench.lock`` so benchmarks never overlap)::

    .venv/bin/python bench/pipeline.py [--shared DIR] [--pages 2006] [--extract-workers N]
                                       [--no-before] [--no-old-ceiling] [--ceiling-pages N]
                                       [--rounds N]
    .venv/bin/python bench/pipeline.py --workers 1,2 [--articles 2000]   # distributed crawl workers

``--workers 1,2`` measures distributed crawling instead (issue #16): it runs
``bench/pipeline_workers.py`` (N ``pantau crawl --worker`` processes on a Redis frontier into
Elasticsearch; see its docstring).

The site serves the 17 real pages of ``DIR/pages`` under ``--pages`` URLs (``/berita/<n>/<slug>``,
page ``n`` is real page ``n % 17`` with `` (n)`` after its title, so that every URL is a distinct
article to the crawl's dedupe) with a sitemap, from a thread of this process. Each page's own
canonical link names its real outlet, off-site here.

1. **Crawl** — ``pantau crawl``'s machinery (``crawler.run``: the news spider, validate, dedupe,
   annotate with spaCy, store) in a child process, into a temporary SQLite store, with
   ``--extract-workers`` extraction workers (default: one per CPU), no download delay, no
   AutoThrottle.
   Printed: articles/s end to end (stored articles over the child's wall time, start-up
   included), peak RSS of the whole process tree (crawl process, forkserver, workers: sampled
   every 0.1 s from ``/proc``; a sum of RSS counts pages shared after a fork more than once, so it
   is an upper bound) and its peak PSS (``smaps_rollup``, sampled once a second: shared pages
   split between their processes, the honest figure), the CPU seconds of the crawl process and
   of the rest of the tree, and the time per stage: fetch (Scrapy's ``download_latency`` per
   response), extract (from a page handed to the pool to its answer, or the in-process call), tag
   (``Tagger.annotate_articles`` per article), store (``StorePipeline._write`` per article).
   Stages overlap in a crawl: their sum is not the wall.
2. **Before** — the same crawl with extraction in the crawl's own process (``--extract-workers 0``),
   unless ``--no-before``.
3. **Ceiling** — the crawl's per-article work without fetching, in one process, one page after
   another (:func:`ceiling`): the spider's own ``parse_article`` with extraction in-process
   (links, article, and what an extraction worker prepares), then the item pipelines themselves
   (validate, dedupe with the moved-URL check, cluster, tag in batches of 16, store with its
   journal in batches of 50, archive). What one core does of the same work: the ratio says how
   well the crawl uses the second core for it.
4. **Old ceiling** — issue #17 as first written: extract + tag + store only, no links, dedupe,
   clustering, journal or archive (:func:`old_ceiling`), unless ``--no-old-ceiling``; printed
   beside the other so that the goalposts never move silently. ``--ceiling-pages`` takes the
   first N URLs only for both (default: all).

Then the ratio of each crawl's articles/s to each ceiling, on the wall clock and as a CPU
projection (the crawl's CPU seconds on cores of its own), and when the crawl stored its first
batch with its rate from there on (its start-up is in its wall figure; the ceilings' is not).
``--rounds N`` runs crawl and ceilings N times in turn and prints the ratios' medians: this
machine's host changes speed by up to a third within minutes, so one ceiling measured minutes
after its crawl can be off by as much.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# Run as a plain script from the repository root or elsewhere: make the packages importable.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.extract.page import read_page  # noqa: E402
from pantau.models import Article  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "extraction"
OUTLET = "realpages.test"
REGION = "kota-bekasi"
_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


# -- the site ------------------------------------------------------------------------------------


def load_pages(shared: Path) -> list[tuple[str, bytes]]:
    """``(slug, bytes)`` of every real page, in a fixed order."""
    files = sorted((shared / "pages").glob("*.html"))
    if not files:
        raise SystemExit(f"no pages in {shared / 'pages'}: pass --shared")
    return [(path.stem, path.read_bytes()) for path in files]


class Copies:
    """URL ``n`` of the site: real page ``n % 17`` with `` (n)`` after its title wherever the
    title appears (``<title>``, ``og:title``, JSON-LD, ``<h1>``). Without it the crawl's dedupe
    (:mod:`crawler.moved`: same outlet, title, day and text) rightly keeps one article per real
    page; with it every URL is a distinct article and the page costs the same to extract. Built
    on demand (2,006 copies of 100 kB would be 200 MB in this process)."""

    def __init__(self, pages: list[tuple[str, bytes]], count: int) -> None:
        self.pages = pages
        self.titles = [_title(slug, body) for slug, body in pages]
        self.paths = [f"/berita/{n}/{pages[n % len(pages)][0]}" for n in range(count)]
        for n in range(len(pages)):
            if _read(self.body(n), pages[n][0]).title == _read(self.body(n + 1), pages[n][0]).title:
                raise SystemExit(f"page {pages[n][0]}: its copies keep one title")

    def body(self, n: int) -> bytes:
        body = self.pages[n % len(self.pages)][1]
        title = self.titles[n % len(self.pages)]
        # The title as written, and HTML-escaped as in attributes (quotes: &quot;).
        for form in dict.fromkeys((title, html.escape(title, quote=True), html.escape(title))):
            body = body.replace(form.encode(), f"{form} ({n})".encode())
        return body


def _read(body: bytes, slug: str) -> Article:
    page = read_page(body, f"http://127.0.0.1/berita/0/{slug}", outlet=OUTLET, outlet_name="Real")
    if not isinstance(page.article, Article):
        raise SystemExit(f"page {slug}: no article ({page.article})")
    return page.article


def _title(slug: str, body: bytes) -> str:
    title = _read(body, slug).title
    if title.encode() not in body:
        raise SystemExit(f"page {slug}: no article title found verbatim in its HTML")
    return title


def serve(site: Copies) -> tuple[ThreadingHTTPServer, str]:
    by_path = {path: n for n, path in enumerate(site.paths)}

    class Site(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            if self.path == "/sitemap.xml":
                host = self.headers["Host"]
                urls = "".join(f"<url><loc>http://{host}{p}</loc></url>" for p in site.paths)
                body = (
                    '<?xml version="1.0"?>'
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"{urls}</urlset>"
                ).encode()
                self._send(200, "application/xml", body)
            elif self.path in by_path:
                # No charset in the header: the crawler reads the page's own, as on real outlets.
                self._send(200, "text/html", site.body(by_path[self.path]))
            else:
                self._send(404, "text/plain", b"not found")

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def write_sources(path: Path, base: str) -> None:
    path.write_text(
        f"sources:\n  - id: {OUTLET}\n    name: Real Pages\n    url: {base}\n"
        f"    region: {REGION}\n    sitemaps: [/sitemap.xml]\n    robots_sitemaps: false\n"
        "    allow: ['^/berita/\\d+/']\n",
        encoding="utf-8",
    )


# -- the crawl (child process) -------------------------------------------------------------------

STAGES: dict[str, list[float]] = {"fetch": [], "extract": [], "tag": [], "store": []}
# (time.monotonic(), articles) of each batch the store wrote: when the first was stored, and the
# rate from there on (the crawl's start-up is in its wall figure, not in the ceiling's).
WRITES: list[tuple[float, int]] = []


class StageTimer:
    """Bench-only Scrapy extension: fetch latency per response; the stage figures to a file."""

    def __init__(self, crawler: Any) -> None:
        from scrapy import signals

        self.out = crawler.settings.get("BENCH_STAGES_FILE")
        crawler.signals.connect(self._response, signal=signals.response_received)
        crawler.signals.connect(self._closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> StageTimer:
        return cls(crawler)

    def _response(self, response: Any, request: Any) -> None:
        if "download_latency" in request.meta:
            STAGES["fetch"].append(request.meta["download_latency"])

    def _closed(self) -> None:
        data = {"stages": STAGES, "writes": WRITES}
        Path(self.out).write_text(json.dumps(data), encoding="utf-8")


def _timed(stage: str, per: Callable[[Any, Any], int]) -> Callable[[Callable[..., Any]], Any]:
    """Wrap a method so its time, split over ``per(args, result)`` items, goes to ``stage``."""

    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            result = method(*args, **kwargs)
            n = max(per(args, result), 1)
            STAGES[stage].extend([(time.perf_counter() - started) / n] * n)
            return result

        return timed

    return wrap


def crawl_child(home: Path, sources: Path, workers: int, stages_file: Path) -> None:
    """One crawl in this process, the stage timers in place (bench only: the methods are wrapped
    here, never in the crawler)."""
    from crawler import pipelines
    from crawler.extract_pool import ExtractPool, PageJob
    from crawler.run import _run_news_spider, log_settings, summarize
    from crawler.settings import crawl_settings
    from nlp.pipeline import Tagger
    from pantau.settings import Settings

    one: Callable[[Any, Any], int] = lambda args, result: 1  # noqa: E731
    if workers:
        submit = ExtractPool.submit

        def timed_submit(pool: ExtractPool, job: PageJob) -> Any:
            # From the page handed to the pool to its answer: queue, pipe and extraction.
            started = time.perf_counter()
            future = submit(pool, job)
            future.add_done_callback(
                lambda _: STAGES["extract"].append(time.perf_counter() - started)
            )
            return future

        ExtractPool.submit = timed_submit  # type: ignore[method-assign]
    else:
        PageJob.run = _timed("extract", one)(PageJob.run)  # type: ignore[method-assign]
    Tagger.annotate_articles = _timed("tag", lambda a, r: len(r))(Tagger.annotate_articles)  # type: ignore[method-assign]
    write = pipelines.StorePipeline._write

    def recorded_write(pipeline: Any, batch: list[Any]) -> bool:
        written = write(pipeline, batch)
        WRITES.append((time.monotonic(), len(batch)))
        return written

    pipelines.StorePipeline._write = _timed("store", lambda a, r: len(a[1]))(recorded_write)  # type: ignore[method-assign]
    settings = Settings(
        home=home,
        store=f"sqlite:///{home / 'pantau.db'}",
        crawl={
            "download_delay": 0,
            "autothrottle": False,
            "concurrent_per_domain": 16,
            "extract_workers": workers,
            "max_articles_per_source": 1_000_000,  # every URL of the sitemap
        },
    )
    values = crawl_settings(settings, sources_file=str(sources))
    values.update(log_settings(home, verbose=False))
    values["EXTENSIONS"] = {**values["EXTENSIONS"], "__main__.StageTimer": 900}
    values["BENCH_STAGES_FILE"] = str(stages_file)
    summary = summarize(_run_news_spider(values, None))
    print(
        json.dumps(
            {
                "stored": summary["stored"],
                "rejected": summary["rejected"],
                "errors": summary["errors"],
                "requests": summary["requests"],
                "extracted": summary["extracted"],
                # Why an extracted article was not stored (dedupe, invalid), if any was not.
                "dropped": {
                    k: v
                    for k, v in summary["counts"].items()
                    if k.startswith(("dedupe/", "invalid/"))
                },
            }
        )
    )


# -- measuring a process tree --------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _tree(root: int) -> Iterator[int]:
    children = _children()
    todo = [root]
    while todo:
        pid = todo.pop()
        yield pid
        todo.extend(children.get(pid, []))


def _rss_and_cpu(pid: int) -> tuple[int, float] | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        rss_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError):
        return None
    # utime and stime are fields 14 and 15 of /proc/pid/stat; here counted after the ")".
    return rss_pages * _PAGE, (int(fields[11]) + int(fields[12])) / _TICK


def _machine_cpu() -> tuple[float, float]:
    """(idle, busy) core-seconds of the whole machine since boot (``/proc/stat``)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return idle / _TICK, busy / _TICK


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _pss(pid: int) -> int:
    """Proportional set size in bytes (0 for a process gone meanwhile)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return 0
    return 0


def run_crawl(base: str, workers: int, work: Path) -> dict[str, Any]:
    home = work / f"crawl-{workers}"
    home.mkdir()
    sources = home / "sources.yaml"
    write_sources(sources, base)
    stages_file = home / "stages.json"
    cmd = [
        sys.executable,
        __file__,
        "--crawl-child",
        str(home),
        str(sources),
        str(workers),
        str(stages_file),
    ]
    machine_before = _machine_cpu()
    own_before = _own_cpu()
    started = time.monotonic()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak, peak_pss, cpu = 0, 0, {}
    pids: list[int] = []
    rescan = 0.0
    while child.poll() is None:
        # Walking /proc for the tree costs ~4 ms; once a second finds the workers, and the
        # samples between read only the known processes (the sampling competes for the cores).
        if time.monotonic() >= rescan:
            pids, rescan = list(_tree(child.pid)), time.monotonic() + 1.0
            # PSS: each shared page counted once over the processes sharing it (once a second).
            peak_pss = max(peak_pss, sum(_pss(pid) for pid in pids))
        total = 0
        for pid in pids:
            figures = _rss_and_cpu(pid)
            if figures is not None:
                total += figures[0]
                cpu[pid] = figures[1]
        peak = max(peak, total)
        time.sleep(0.1)
    wall = time.monotonic() - started
    machine_after = _machine_cpu()
    own = _own_cpu() - own_before
    out = child.stdout.read() if child.stdout else ""
    if child.returncode != 0:
        raise SystemExit(f"crawl with {workers} workers failed ({child.returncode})")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    data = json.loads(stages_file.read_text(encoding="utf-8"))
    stages, writes = data["stages"], data["writes"]
    return {
        **result,
        "wall": wall,
        "rate": result["stored"] / wall,
        "peak_rss": peak,
        "peak_pss": peak_pss,
        "cpu_crawl": cpu.get(child.pid, 0.0),
        "cpu_rest": sum(v for k, v in cpu.items() if k != child.pid),
        # The whole machine over the crawl: idle core-seconds, and the busy ones.
        "machine_idle": machine_after[0] - machine_before[0],
        "machine_busy": machine_after[1] - machine_before[1],
        # This process: the loopback site's threads (and the sampling).
        "cpu_site": own,
        "stages": {name: (sum(v), len(v)) for name, v in stages.items()},
        "steady": _steady(writes, started),
    }


def _steady(writes: list[list[float]], started: float) -> tuple[float, float] | None:
    """Seconds from the crawl's start to its first stored batch, and articles/s from there to
    the last (None with fewer than two batches). Both clocks are the system's monotonic one."""
    if len(writes) < 2:
        return None
    first, last = writes[0][0], writes[-1][0]
    after_first = sum(n for _, n in writes[1:])
    return first - started, after_first / (last - first)


# -- the one-core ceilings -----------------------------------------------------------------------


def old_ceiling(base: str, site: Copies, count: int | None, work: Path) -> dict[str, Any]:
    """Issue #17 as written: extract + tag + store of each page, one process, nothing else (no
    links, dedupe, clustering, journal or archive). Kept beside :func:`ceiling` so the ratio to
    it stays visible."""
    from nlp.pipeline import Tagger
    from search_api.store.sqlite import SQLiteStore

    paths = list(site.paths[:count])
    tagger = Tagger()
    store = SQLiteStore(work / "old-ceiling.db")
    times = {"extract": 0.0, "tag": 0.0, "store": 0.0}
    stored, pending = 0, []
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        for first in range(0, len(paths), 16):
            clock = time.perf_counter()
            articles = []
            for n, path in enumerate(paths[first : first + 16], first):
                body = site.body(n)
                page = read_page(body, base.rstrip("/") + path, outlet=OUTLET, outlet_name="Real")
                if isinstance(page.article, Article):
                    articles.append(page.article)
            times["extract"] += time.perf_counter() - clock
            clock = time.perf_counter()
            pairs = [(a, REGION) for a in articles]
            for article, annotation in zip(
                articles, tagger.annotate_articles(pairs, batch_size=16), strict=True
            ):
                article.annotate(annotation)
            times["tag"] += time.perf_counter() - clock
            pending += articles
            clock = time.perf_counter()
            while len(pending) >= 50 or (pending and first + 16 >= len(paths)):
                batch, pending = pending[:50], pending[50:]
                stored += store.upsert(batch).created
            times["store"] += time.perf_counter() - clock
    finally:
        store.close()
    return _ceiling_result(stored, times, started, cpu_started)


def ceiling(base: str, site: Copies, count: int | None, work: Path) -> dict[str, Any]:
    """What one core does of the crawl's per-article work without fetching and without Scrapy's
    engine: for each page the crawl's own code in the crawl's order, in one process. The spider's
    own ``parse_article`` with extraction in-process (``PANTAU_EXTRACT_WORKERS`` 0: the code a
    worker runs, :meth:`PageJob.run`, called directly) reads the page and makes the item; then
    the item pipelines themselves: validate, dedupe (with the moved-URL check), cluster, tag in
    batches of 16, store (its journal, batches of 50), archive. They are built on a Scrapy
    ``Crawler`` that is never started (its settings, stats and signals are real)."""
    from scrapy.crawler import Crawler
    from scrapy.exceptions import DropItem
    from scrapy.http import HtmlResponse, Request
    from scrapy.statscollectors import MemoryStatsCollector

    from crawler.archive import FETCHED_AT, ArchivePipeline
    from crawler.cluster_pipeline import DEFAULT_WINDOW, ClusterPipeline
    from crawler.items import CrawledArticle
    from crawler.pipelines import DedupePipeline, StorePipeline, ValidatePipeline
    from crawler.spiders.news import NewsSpider
    from nlp.clusters import THRESHOLD
    from nlp.pipeline import Tagger
    from search_api.archive.archive import Archive
    from search_api.store.sqlite import SQLiteStore

    paths = list(site.paths[:count])
    home = work / "ceiling-home"
    home.mkdir()
    write_sources(home / "sources.yaml", base)
    settings = {
        "TELNETCONSOLE_ENABLED": False,
        "PANTAU_SOURCES_FILE": str(home / "sources.yaml"),
        "PANTAU_EXTRACT_WORKERS": 0,
    }
    crawler = Crawler(NewsSpider, settings)
    crawler.stats = MemoryStatsCollector(crawler)
    spider = NewsSpider.from_crawler(crawler)
    if hasattr(spider, "wanted"):  # a spider from before crawler.prepare prepares nothing
        from crawler.prepare import Wanted

        # What the crawl's spider learns from its pipelines when it opens (never opened here).
        spider.wanted = Wanted(fingerprint=True, record=True)
    source = spider.sources[0]
    store = SQLiteStore(home / "pantau.db")
    tagger = Tagger()
    validate = ValidatePipeline(crawler)
    dedupe = DedupePipeline(crawler, store)
    cluster = ClusterPipeline(crawler, store, window=DEFAULT_WINDOW, threshold=THRESHOLD)
    storing = StorePipeline(crawler, store, 50, home / "spool")
    archive = ArchivePipeline(crawler, Archive.of_home(home))
    times = dict.fromkeys(("read", "dedupe", "cluster", "tag", "store", "archive"), 0.0)

    def timed(stage: str, call: Callable[[], Any]) -> Any:
        clock = time.perf_counter()
        try:
            return call()
        finally:
            times[stage] += time.perf_counter() - clock

    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        cluster.open_spider()
        storing.open_spider()
        for first in range(0, len(paths), 16):
            batch = []
            for n, path in enumerate(paths[first : first + 16], first):
                url = base.rstrip("/") + path
                request = Request(url, meta={FETCHED_AT: datetime.now(UTC)})
                # As the site serves it: no charset in the header, so the worker reads bytes.
                response = HtmlResponse(
                    url, body=site.body(n), headers={"Content-Type": "text/html"}, request=request
                )
                hint = {"published": None, "date_source": "sitemap"}
                items = timed("read", lambda: _drive(spider.parse_article(response, source, hint)))  # noqa: B023
                if not items or not isinstance(items[0], CrawledArticle):
                    continue
                item = items[0]
                try:
                    timed("dedupe", lambda: dedupe.process_item(validate.process_item(item)))  # noqa: B023
                except DropItem:
                    continue
                timed("cluster", lambda: cluster.process_item(item))  # noqa: B023
                batch.append((item, response))
            clock = time.perf_counter()
            pairs = [(item.article, item.region) for item, _ in batch]
            for (item, _), annotation in zip(
                batch, tagger.annotate_articles(pairs, batch_size=16), strict=True
            ):
                item.article.annotate(annotation)
            times["tag"] += time.perf_counter() - clock
            for item, response in batch:
                timed("store", lambda: storing.process_item(item))  # noqa: B023
                timed("archive", lambda: archive.item_scraped(item, response))  # noqa: B023
        timed("store", storing.close_spider)
        timed("archive", archive.close_spider)
    finally:
        store.close()
    stored = int(crawler.stats.get_value("pantau/store/created", 0))
    return _ceiling_result(stored, times, started, cpu_started)


def _ceiling_result(
    stored: int, times: dict[str, float], started: float, cpu_started: float
) -> dict[str, Any]:
    """A ceiling's figures, from its start on the wall clock and the process's CPU clock."""
    elapsed = time.perf_counter() - started
    return {
        "stored": stored,
        "rate": stored / elapsed,
        "times": times,
        "elapsed": elapsed,
        "cpu": time.process_time() - cpu_started,
    }


def _drive(results: Any) -> list[Any]:
    """Everything an async generator yields, run to its end without an event loop: with
    extraction in-process the spider's callback never waits on anything."""

    async def collect() -> list[Any]:
        return [value async for value in results]

    coroutine = collect()
    try:
        coroutine.send(None)
    except StopIteration as done:
        return list(done.value)
    coroutine.close()
    raise RuntimeError("the spider's callback waited on something: extraction not in-process?")


# -- report --------------------------------------------------------------------------------------


def _projected(result: dict[str, Any], cores: int) -> float:
    """Articles/s on ``cores`` cores of its own: the crawl's CPU seconds spread over the cores,
    or the crawl process's own when that one is longer (it is one process)."""
    total = result["cpu_crawl"] + result["cpu_rest"]
    return float(result["stored"] / max(total / cores, result["cpu_crawl"]))


def _crawl_lines(name: str, result: dict[str, Any], tops: dict[str, float]) -> list[str]:
    stages = "  ".join(
        f"{stage} {total / count * 1000:.1f} ms" if count else f"{stage} -"
        for stage, (total, count) in result["stages"].items()
    )
    ratios = ", ".join(f"{result['rate'] / top:.2f} to the {label}" for label, top in tops.items())
    stored = result["stored"] or 1
    crawl_cpu = result["cpu_crawl"] + result["cpu_rest"]
    others = result["machine_busy"] - crawl_cpu - result["cpu_site"]
    return [
        f"{name}: {result['stored']} stored in {result['wall']:.1f} s = {result['rate']:.1f} "
        f"articles/s; ratio {ratios}",
        f"    peak RSS {result['peak_rss'] / 2**20:.0f} MB (tree; PSS "
        f"{result['peak_pss'] / 2**20:.0f} MB), CPU {result['cpu_crawl']:.0f} s crawl process + "
        f"{result['cpu_rest']:.0f} s workers = {result['cpu_crawl'] / stored * 1000:.1f} + "
        f"{result['cpu_rest'] / stored * 1000:.1f} ms an article",
        f"    machine during the crawl: {result['machine_idle']:.0f} core-s idle, "
        f"{result['machine_busy']:.0f} busy, of which the crawl {crawl_cpu:.0f}, the bench's "
        f"site {result['cpu_site']:.0f}, others {others:.0f}",
        f"    per page: {stages}; rejected {result['rejected']}, errors {result['errors']}, "
        f"{result['requests']} requests, {result['extracted']} extracted, "
        f"dropped {result['dropped']}",
        *_steady_lines(result, tops),
    ]


def _steady_lines(result: dict[str, Any], tops: dict[str, float]) -> list[str]:
    if result["steady"] is None:
        return []
    first, rate = result["steady"]
    ratios = ", ".join(f"{rate / top:.2f} to the {label}" for label, top in tops.items())
    return [
        f"    first batch stored {first:.1f} s after the start; from there {rate:.1f} articles/s, "
        f"ratio {ratios}"
    ]


NEW = "ceiling (the crawl's work)"
OLD = "old ceiling (extract + tag + store)"


def main() -> int:
    if len(sys.argv) == 6 and sys.argv[1] == "--crawl-child":
        crawl_child(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5]))
        return 0
    if "--workers" in sys.argv[1:]:
        # Crawl workers on a shared frontier: their own bench, one entry point as issue #16 asks.
        from pipeline_workers import main as workers_main

        return workers_main(sys.argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--pages", type=int, default=2006)
    parser.add_argument("--extract-workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-before", action="store_true")
    parser.add_argument("--no-old-ceiling", action="store_true")
    parser.add_argument("--ceiling-pages", type=int, default=0)
    parser.add_argument(
        "--rounds", type=int, default=1, help="crawl and ceilings again, each round in turn"
    )
    args = parser.parse_args()
    pages = load_pages(args.shared)
    site = Copies(pages, args.pages)
    server, base = serve(site)
    size = sum(len(body) for _, body in pages) / len(pages)
    print(
        f"site: {args.pages} URLs over {len(pages)} real pages (mean {size / 1024:.0f} kB), "
        f"{os.cpu_count()} CPUs"
    )
    ratios: list[tuple[float, float]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for number in range(1, args.rounds + 1):
                if args.rounds > 1:
                    print(f"-- round {number} of {args.rounds}")
                work = Path(tmp) / f"round-{number}"
                work.mkdir()
                ratios.append(one_round(args, base, site, work))
    finally:
        server.shutdown()
    if len(ratios) > 1:
        # The host's speed drifts by a third within minutes here: a ceiling measured beside its
        # own crawl, and the median of the rounds, say more than any single pair.
        wall, cpu = (sorted(r[i] for r in ratios) for i in (0, 1))
        print(
            f"rounds: ratio to the {NEW} on the wall {', '.join(f'{r:.2f}' for r in wall)} "
            f"(median {statistics.median(wall):.2f}); as a CPU projection "
            f"{', '.join(f'{r:.2f}' for r in cpu)} (median {statistics.median(cpu):.2f})"
        )
    return 0


def one_round(args: argparse.Namespace, base: str, site: Copies, work: Path) -> tuple[float, float]:
    """The crawl(s), then the ceilings, printed; the crawl's ratio to the new ceiling on the wall
    and as a CPU projection."""
    pool = run_crawl(base, args.extract_workers, work)
    before = None if args.no_before else run_crawl(base, 0, work)
    tops = {NEW: ceiling(base, site, args.ceiling_pages or None, work)}
    if not args.no_old_ceiling:
        tops[OLD] = old_ceiling(base, site, args.ceiling_pages or None, work)
    for label, top in tops.items():
        times = "  ".join(f"{k} {v / top['stored'] * 1000:.1f} ms" for k, v in top["times"].items())
        print(
            f"{label}, one process, no fetch: {top['stored']} stored in {top['elapsed']:.1f} s "
            f"= {top['rate']:.1f} articles/s, CPU {top['cpu'] / top['stored'] * 1000:.1f} ms an "
            f"article; per article: {times}"
        )
    rates = {label: top["rate"] for label, top in tops.items()}
    label = f"crawl, {args.extract_workers} extraction workers"
    for line in _crawl_lines(label, pool, rates):
        print(line)
    if before is not None:
        for line in _crawl_lines("crawl, extraction in-process (before)", before, rates):
            print(line)
    # On a shared machine the wall-clock figures depend on what else runs; CPU seconds much less.
    cores = os.cpu_count() or 1
    one_core = {label: top["stored"] / top["cpu"] for label, top in tops.items()}
    print(
        f"CPU-bound, on {cores} cores of their own: "
        + ", ".join(f"{label} {rate:.1f} articles/s (one core)" for label, rate in one_core.items())
    )
    for name, result in (("workers", pool), ("before", before)):
        if result is not None:
            rate = _projected(result, cores)
            ratios = ", ".join(
                f"{rate / top:.2f} to the {label}" for label, top in one_core.items()
            )
            print(f"    crawl ({name}) {rate:.1f} articles/s, ratio {ratios}")
    return pool["rate"] / rates[NEW], _projected(pool, cores) / one_core[NEW]


if __name__ == "__main__":
    sys.exit(main())
