"""A progress line on stderr while a crawl runs, instead of Scrapy's log (which goes to a file).

Enabled by ``PANTAU_PROGRESS`` (``pantau crawl`` sets it unless ``--verbose``). On a terminal the
line is rewritten in place every second; into a pipe or a file (the demo, the scheduler) a line is
written every ``PANTAU_PROGRESS_INTERVAL`` seconds (default 15). The last one is written when the
crawl closes.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import AsyncioLoopingCall, create_looping_call
from twisted.internet.task import LoopingCall

from crawler.stats import PREFIX


def progress_counts(stats: dict[str, Any]) -> dict[str, int]:
    """Pages fetched, articles found, stored and rejected, requests failed, from crawl stats."""

    def total(infix: str) -> int:
        return sum(int(v) for k, v in stats.items() if k.startswith(PREFIX) and infix in k)

    return {
        "pages": int(stats.get("response_received_count", 0)),
        "found": int(stats.get(f"{PREFIX}extract/articles", 0)),
        "stored": int(stats.get(f"{PREFIX}store/created", 0))
        + int(stats.get(f"{PREFIX}store/updated", 0)),
        "rejected": total("extract/rejected/"),
        "failed": total("/failed/"),
    }


def progress_line(counts: dict[str, int]) -> str:
    return (
        f"crawl: {counts['pages']} pages, {counts['found']} articles found, "
        f"{counts['stored']} stored, {counts['rejected']} rejected, "
        f"{counts['failed']} requests failed"
    )


class Progress:
    """Writes :func:`progress_line` to ``stream`` while the spider runs and once at its close."""

    def __init__(self, crawler: Crawler, stream: TextIO, interval: float) -> None:
        self.crawler = crawler
        self.stream = stream
        self.interval = interval
        self.in_place = stream.isatty()
        self.task: AsyncioLoopingCall | LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        if not crawler.settings.getbool("PANTAU_PROGRESS"):
            raise NotConfigured("PANTAU_PROGRESS is off (Scrapy's log is shown instead)")
        stream = sys.stderr
        interval = (
            1.0 if stream.isatty() else crawler.settings.getfloat("PANTAU_PROGRESS_INTERVAL", 15.0)
        )
        progress = cls(crawler, stream, interval)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def spider_opened(self) -> None:
        self.task = create_looping_call(self.show)
        self.task.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        self.show(final=True)

    def show(self, final: bool = False) -> None:
        assert self.crawler.stats is not None
        line = progress_line(progress_counts(self.crawler.stats.get_stats()))
        if self.in_place:
            # \r and "erase to end of line": the line is rewritten where it stands.
            self.stream.write(f"\r{line}\x1b[K" + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
