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
process itself would copy the reactor, its threads and its sockets. Each worker extracts one page
at a time from its own pipe; one thread per worker hands it pages from the pool's queue, two at a
time (the next one waits in the pipe, so the worker never idles while this process gets round to
it), and reads the answers, so the reactor never blocks. A page's time limit starts when the
worker begins it; the pages behind a page that timed out or crashed go to the replacement.

Size: the caller bounds pages before they are sent (:func:`crawler.extract.core.size_rejection`),
so no page larger than :data:`~crawler.extract.core.MAX_HTML_BYTES` is pickled to a worker.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import signal
import threading
import time
import traceback
from collections import deque
from concurrent.futures import Future
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
# Pages in one worker's hands at once: it extracts one while the next waits in its pipe, so it
# never idles while this process (whose reactor holds the GIL for milliseconds at a time) gets
# round to reading an answer and sending the next page; with one, workers idled 13 % of a crawl.
_DEPTH = 2
# With room for another page, how often a worker's thread looks at the queue while it waits.
_QUEUE_LOOK = 0.05


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
    """One worker process, and a thread that sends it pages: a send blocks until the worker has
    read a big page, and the pool's thread must read answers meanwhile (or both would wait on
    each other's full pipe)."""

    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child,), name="pantau-extract", daemon=True
        )
        self.process.start()
        # The child's end lives in the child only: its death must give us EOF here.
        child.close()
        self._outbox: queue.SimpleQueue[PageJob | None] = queue.SimpleQueue()
        self._sender = threading.Thread(
            target=self._send_all, name="pantau-extract-send", daemon=True
        )
        self._sender.start()

    def send(self, job: PageJob) -> None:
        self._outbox.put(job)

    def _send_all(self) -> None:
        while (job := self._outbox.get()) is not None:
            try:
                self.conn.send(job)
            except OSError as exc:
                # The worker died: the pool's thread sees it on the answer side, where it fails
                # or re-sends every page this worker had.
                logger.debug("extraction worker gone while sending %s: %r", job.url, exc)
                return

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        # The sender is idle or fails on the dead worker's pipe; closed after it stopped.
        self._outbox.put(None)
        self._sender.join(5)
        self.conn.close()


@dataclass(slots=True)
class _Pending:
    job: PageJob
    future: Future[PageResult]


class _NotYet(Exception):
    """No answer yet, and there may be a page to hand the worker meanwhile."""


class ExtractPool:
    """``workers`` extraction processes; :meth:`submit` a :class:`PageJob`, get a future of its
    :class:`PageResult` (see the module docstring for the time limit and crashes).

    One thread per worker hands it pages from a shared queue, up to :data:`_DEPTH` at a time,
    and reads its answers."""

    def __init__(self, workers: int, timeout: float) -> None:
        if workers < 1:
            raise ValueError(f"an extraction pool needs at least one worker, not {workers}")
        if timeout <= 0:
            raise ValueError(f"the extraction time limit must be positive, not {timeout}")
        self.workers = workers
        self.timeout = timeout
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(_PRELOAD)
        self._jobs: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._ready: list[Future[None]] = []
        self._current: dict[int, _Worker] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._alive = workers  # threads with a worker (or still starting one)
        self.replaced = 0

    def start(self, *, wait: bool = True) -> None:
        """Start the workers (the first :meth:`submit` does it too); ``wait=False`` returns at
        once and lets the pool's threads start them (the spider does so when it opens, so the
        forkserver's imports overlap Scrapy's and spaCy's start-up instead of blocking the
        reactor). Pages submitted meanwhile wait for them."""
        with self._lock:
            if not self._threads and not self._closed:
                self._ready = [Future() for _ in range(self.workers)]
                for slot, ready in enumerate(self._ready):
                    thread = threading.Thread(
                        target=self._feed, args=(slot, ready), name="pantau-extract", daemon=True
                    )
                    thread.start()
                    self._threads.append(thread)
            ready_list = list(self._ready)
        if wait:
            for ready in ready_list:
                ready.result()

    def submit(self, job: PageJob) -> Future[PageResult]:
        self.start(wait=False)
        future: Future[PageResult] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the extraction pool is closed")
            self._jobs.put(_Pending(job, future))
        return future

    def close(self) -> None:
        """Wait for the pages in the workers' hands, cancel those still queued, then stop every
        worker."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            threads = list(self._threads)
        while True:
            try:
                pending = self._jobs.get_nowait()
            except queue.Empty:
                break
            if pending is not None:
                pending.future.cancel()
        for _ in threads:
            self._jobs.put(None)  # each thread stops at one, after its pages in hand
        for thread in threads:
            thread.join()

    def worker_pids(self) -> list[int]:
        """The workers' process ids (for tests and the benchmark's memory figure)."""
        with self._lock:
            workers = list(self._current.values())
        return [w.process.pid for w in workers if w.process.pid is not None]

    def _feed(self, slot: int, ready: Future[None]) -> None:
        """One worker's thread: pages in (up to ``_DEPTH`` in its hands), answers out."""
        try:
            worker = self._start_worker(slot)
        except Exception as exc:
            # Unwaited when the spider starts the pool: logged here, or it would vanish.
            logger.exception("an extraction worker could not start")
            ready.set_exception(exc)
            self._refuse([], f"no extraction worker started: {exc!r}")
            return
        ready.set_result(None)
        inflight: deque[_Pending] = deque()
        began = 0.0  # when the worker began the first page in its hands
        stopping = False
        while inflight or not stopping:
            while not stopping and len(inflight) < _DEPTH:
                try:
                    # Block for a page only when the worker has none.
                    pending = self._jobs.get_nowait() if inflight else self._jobs.get()
                except queue.Empty:
                    break
                if pending is None:
                    stopping = True
                elif pending.future.set_running_or_notify_cancel():
                    if not inflight:
                        began = time.monotonic()
                    inflight.append(pending)
                    worker.send(pending.job)
            if not inflight:
                continue
            head = inflight[0]
            try:
                answer = self._answer(worker, began, more=len(inflight) < _DEPTH and not stopping)
            except _NotYet:
                continue
            except (EOFError, OSError) as exc:
                logger.warning("extraction worker died on %s: %r", head.job.url, exc)
                failed = Rejected(
                    reason="worker_crashed", url=head.job.url, detail=f"worker died: {exc!r}"
                )
            except _TooSlow:
                logger.warning(
                    "extraction of %s over %s s: worker replaced", head.job.url, self.timeout
                )
                failed = Rejected(
                    reason="timeout", url=head.job.url, detail=f"over {self.timeout} s"
                )
            else:
                inflight.popleft()
                # The next page began when this answer was sent, a little before it was read:
                # its time limit is that little longer.
                began = time.monotonic()
                if isinstance(answer, _Failed):
                    head.future.set_exception(
                        ExtractionError(
                            f"extraction of {head.job.url} failed in a worker:\n{answer.trace}"
                        )
                    )
                else:
                    head.future.set_result(answer)
                continue
            inflight.popleft()
            try:
                worker = self._replace(slot, worker)
            except Exception as exc:
                logger.exception("an extraction worker could not be replaced")
                head.future.set_result(PageResult(failed))
                self._refuse(list(inflight), f"extraction worker not replaced: {exc!r}")
                return
            # The pages after the failed one had not begun: the new worker takes them.
            began = time.monotonic()
            for pending in inflight:
                worker.send(pending.job)
            head.future.set_result(PageResult(failed))
        worker.stop()

    def _answer(self, worker: _Worker, began: float, *, more: bool) -> PageResult | _Failed:
        left = began + self.timeout - time.monotonic()
        # With room for another page, look at the queue now and then rather than wait it out.
        wait = min(left, _QUEUE_LOOK) if more else left
        if not worker.conn.poll(max(wait, 0.0)):
            if wait < left:
                raise _NotYet
            raise _TooSlow
        answer: PageResult | _Failed = worker.conn.recv()
        return answer

    def _start_worker(self, slot: int) -> _Worker:
        worker = _Worker(self._context)
        with self._lock:
            self._current[slot] = worker
        return worker

    def _replace(self, slot: int, worker: _Worker) -> _Worker:
        worker.stop()
        with self._lock:
            self.replaced += 1
        return self._start_worker(slot)

    def _refuse(self, pending: list[_Pending], why: str) -> None:
        """A thread without a worker: it fails its pages; then, while another worker runs, it
        leaves the queue to it, and the last one fails every page it takes, until closing."""
        for each in pending:
            each.future.set_exception(ExtractionError(f"{why} ({each.job.url})"))
        with self._lock:
            self._alive -= 1
            if self._alive > 0:
                return
        while (taken := self._jobs.get()) is not None:
            if taken.future.set_running_or_notify_cancel():
                taken.future.set_exception(ExtractionError(f"{why} ({taken.job.url})"))
