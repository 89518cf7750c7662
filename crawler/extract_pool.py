"""Extraction in worker processes, with a time limit per page.

Extraction is pure CPU (lxml, trafilatura): in the crawl's own process it blocks Scrapy's reactor,
so one pathological page (100,000 attributes on a ``<p>``: 26–42 s) stopped every download and
every store write behind it, and a crawl used one core of two. Here each page goes to one of
``workers`` processes; the spider awaits the answer (:meth:`ExtractPool.submit` gives a
``concurrent.futures.Future``) while the reactor keeps fetching, tagging and storing.

* **Time limit**: a page whose extraction takes longer than ``timeout`` seconds is answered
  ``Rejected(reason="timeout")``; its worker is killed (SIGKILL: lxml does not check for Python
  signals inside a parse) and a fresh one takes its place. Other pages keep flowing meanwhile.
* **Crash**: a worker that dies on a page (killed, out of memory) is the failure of that page
  (``Rejected(reason="worker_crashed")``) and is replaced, never the crawl's.
* **Bug**: an exception inside extraction comes back as :class:`ExtractionError`, raised in the
  caller just as in-process extraction would raise it (Scrapy logs it as the callback's error).

Workers are started from a forkserver that has imported the extraction code once, so replacing a
killed worker takes milliseconds, not the second trafilatura's import costs; a fork of the crawl
process itself would copy the reactor, its threads and its sockets. Each worker serves one page at
a time over its own pipe; one thread per worker sends the page and waits on the pipe, so the
reactor never blocks. Size: the caller bounds pages before they are sent
(:func:`crawler.extract.core.size_rejection`), so no page larger than
:data:`~crawler.extract.core.MAX_HTML_BYTES` is pickled to a worker.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import signal
import threading
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from crawler.extract.page import PageResult, read_page
from crawler.prepare import prepare
from pantau.models import Article, Rejected
from search_api.archive.warc import RawResponse

logger = logging.getLogger(__name__)

# What a worker imports once in the forkserver, so that every worker forked from it has it.
_PRELOAD = ["crawler.extract_pool"]
POOL_REASONS = ("timeout", "worker_crashed")
# A worker starts in well under a second; a minute means it cannot (its error is in the log).
_START_TIMEOUT = 60.0


class ExtractionError(RuntimeError):
    """Extraction raised inside a worker; the message carries the worker's traceback."""


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page for :func:`crawler.extract.page.read_page` (its arguments, picklable), and what
    to prepare for the crawl's pipelines when the page is a whole article (:mod:`crawler.prepare`):
    its ``fingerprint``, the WARC record of ``response`` (the page's response, when archived)."""

    html: str | bytes
    url: str
    outlet: str | None = None
    outlet_name: str | None = None
    timezone: str = "Asia/Jakarta"
    follow_pages: bool = True
    fingerprint: bool = False
    response: RawResponse | None = None

    def run(self) -> PageResult:
        page = read_page(
            self.html,
            self.url,
            outlet=self.outlet,
            outlet_name=self.outlet_name,
            timezone=self.timezone,
            follow_pages=self.follow_pages,
        )
        # An article with later pages is merged from them in the crawl process: nothing fits it.
        if not isinstance(page.article, Article) or page.more:
            return page
        if not self.fingerprint and self.response is None:
            return page
        prepared = prepare(page.article, fingerprint=self.fingerprint, response=self.response)
        return replace(page, prepared=prepared)


class _TooSlow(Exception):
    """The worker did not answer within the time limit (not TimeoutError: that is an OSError,
    which here means a dead worker's pipe)."""


@dataclass(frozen=True, slots=True)
class _Failed:
    """A worker's answer when extraction raised."""

    trace: str


def _serve(conn: Connection) -> None:
    """A worker's loop: a job in, its result (or the error) out, until the pipe closes."""
    # Ctrl-C goes to the whole process group: the crawl shuts the pool down itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            job: PageJob = conn.recv()
        except EOFError:
            return
        try:
            answer: PageResult | _Failed = job.run()
        except Exception:  # noqa: BLE001 — sent back and raised in the caller, not swallowed
            answer = _Failed(traceback.format_exc())
        conn.send(answer)


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child,), name="pantau-extract", daemon=True
        )
        self.process.start()
        # The child's end lives in the child only: its death must give us EOF here.
        child.close()

    def stop(self) -> None:
        self.conn.close()
        self.process.kill()
        self.process.join(5)


class ExtractPool:
    """``workers`` extraction processes; :meth:`submit` a :class:`PageJob`, get a future of its
    :class:`PageResult` (see the module docstring for the time limit and crashes)."""

    def __init__(self, workers: int, timeout: float) -> None:
        if workers < 1:
            raise ValueError(f"an extraction pool needs at least one worker, not {workers}")
        if timeout <= 0:
            raise ValueError(f"the extraction time limit must be positive, not {timeout}")
        self.workers = workers
        self.timeout = timeout
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(_PRELOAD)
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._threads: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self.replaced = 0

    def start(self, *, wait: bool = True) -> None:
        """Start the workers (the first :meth:`submit` does it too); ``wait=False`` returns at
        once and lets the pool's threads start them (the spider does so when it opens, so the
        forkserver's imports overlap Scrapy's and spaCy's start-up instead of blocking the
        reactor)."""
        with self._lock:
            if self._threads is not None:
                return
            # One thread per worker: a thread always finds an idle worker.
            self._threads = ThreadPoolExecutor(self.workers, thread_name_prefix="pantau-extract")
            # Queued before any page, so the threads start the workers first.
            started = [self._threads.submit(self._spawn) for _ in range(self.workers)]
        if wait:
            for future in started:
                future.result()

    def _spawn(self) -> None:
        try:
            self._idle.put(_Worker(self._context))
        except Exception:
            # Unwaited when the spider starts the pool: logged here, or it would vanish.
            logger.exception("an extraction worker could not start")
            raise

    def submit(self, job: PageJob) -> Future[PageResult]:
        self.start()
        assert self._threads is not None
        return self._threads.submit(self._run, job)

    def close(self) -> None:
        """Wait for the pages in hand, then stop every worker."""
        with self._lock:
            threads, self._threads = self._threads, None
        if threads is None:
            return
        threads.shutdown(wait=True, cancel_futures=True)
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return

    def worker_pids(self) -> list[int]:
        """The idle workers' process ids (for tests and the benchmark's memory figure)."""
        idle = []
        while True:
            try:
                idle.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in idle:
            self._idle.put(worker)
        return [w.process.pid for w in idle if w.process.pid is not None]

    def _run(self, job: PageJob) -> PageResult:
        try:
            # Threads and workers are as many, so a worker is idle unless one failed to start.
            worker = self._idle.get(timeout=_START_TIMEOUT)
        except queue.Empty:
            raise ExtractionError(f"no extraction worker started for {job.url}") from None
        try:
            answer = self._ask(worker, job)
        except (EOFError, OSError) as exc:
            logger.warning("extraction worker died on %s: %r", job.url, exc)
            worker = self._replace(worker)
            return PageResult(
                Rejected(reason="worker_crashed", url=job.url, detail=f"worker died: {exc!r}")
            )
        except _TooSlow:
            logger.warning("extraction of %s over %s s: worker replaced", job.url, self.timeout)
            worker = self._replace(worker)
            return PageResult(
                Rejected(reason="timeout", url=job.url, detail=f"over {self.timeout} s")
            )
        finally:
            self._idle.put(worker)
        if isinstance(answer, _Failed):
            raise ExtractionError(f"extraction of {job.url} failed in a worker:\n{answer.trace}")
        return answer

    def _ask(self, worker: _Worker, job: PageJob) -> PageResult | _Failed:
        worker.conn.send(job)
        if not worker.conn.poll(self.timeout):
            raise _TooSlow
        answer: PageResult | _Failed = worker.conn.recv()
        return answer

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop()
        self.replaced += 1
        return _Worker(self._context)
