"""Run one crawl in this process and return its counts.

The Twisted reactor cannot be restarted, so a process runs at most one crawl: ``pantau crawl`` is
such a process, and everything else (demo, scheduler, tests) starts it as a subprocess.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from twisted.python.failure import Failure

from crawler import spool
from crawler.items import CrawledArticle
from crawler.settings import crawl_settings
from crawler.sources import load_sources
from crawler.stats import PREFIX
from pantau.models import Article
from pantau.settings import Settings

# Crawl logs kept under PANTAU_HOME/logs: a crawl every two hours keeps about two days and a half.
KEEP_LOGS = 30


class CrawlFailed(RuntimeError):
    """The crawl could not start or stopped on an error (not: some pages failed)."""


def run_crawl(
    settings: Settings,
    sources_file: Path,
    *,
    source: str | None = None,
    verbose: bool = False,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Crawl the sources of ``sources_file`` (or only ``source``) into the configured store.

    Scrapy's log goes to a file under ``PANTAU_HOME/logs`` (its path is the summary's
    ``log_file``) and a progress line to stderr; ``verbose`` shows the log on stderr instead.
    ``extra`` Scrapy settings go on top (a distributed worker's, ``crawler.distributed.run``).
    """
    load_sources(sources_file)  # fail with a clear message before the reactor starts
    settings.home.mkdir(parents=True, exist_ok=True)
    values = crawl_settings(settings, sources_file=str(sources_file))
    values.update(log_settings(settings.home, verbose=verbose))
    values["PANTAU_PROGRESS"] = not verbose
    values.update(extra or {})
    stats = _run_news_spider(values, source)
    summary = summarize(stats)
    summary["log_file"] = values.get("LOG_FILE")
    # What decides the exit code: articles still waiting to be written, not whether a batch was
    # spooled on the way (a spool drained later in the same crawl lost nothing).
    summary["waiting_in_spool"] = spooled_articles(settings.home / "spool")
    if summary["finish_reason"] != "finished":
        raise CrawlFailed(f"crawl ended with {summary['finish_reason']!r}")
    return summary


def spooled_articles(spool_dir: Path) -> int:
    """Articles in the spool files (written by the store pipeline, replayed by the next crawl)."""
    return spool.count(spool_dir)


def log_settings(home: Path, *, verbose: bool) -> dict[str, Any]:
    """Scrapy's log into a new file under ``home/logs`` (the oldest beyond KEEP_LOGS removed),
    or on stderr when ``verbose``."""
    if verbose:
        return {}
    logs = home.resolve() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    for old in sorted(logs.glob("crawl-*.log"))[: -KEEP_LOGS + 1]:
        old.unlink(missing_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    return {"LOG_FILE": str(logs / f"crawl-{stamp}.log"), "LOG_FILE_APPEND": False}


def run_check(
    settings: Settings,
    sources_file: Path,
    *,
    source: str | None = None,
    sample: int = 5,
    verbose: bool = False,
) -> tuple[dict[str, list[Article]], dict[str, int]]:
    """Fetch and extract up to ``sample`` recent articles per outlet, storing nothing.

    Returns the articles and the rejection count per outlet, for ``crawler.check``.
    """
    sources = load_sources(sources_file)
    values = crawl_settings(settings, sources_file=str(sources_file))
    values.update(log_settings(settings.home, verbose=verbose))
    values.update(
        {
            "ITEM_PIPELINES": {},  # look only: no NLP, no store
            "PANTAU_STORE_URL": None,  # and fetch even what the store already has
            "PANTAU_MAX_ARTICLES_PER_SOURCE": sample,
            "PANTAU_MAX_LISTING_PAGES": 1,
            "PANTAU_DATE_HINTS": False,  # judge the page's own date, not the feed's
        }
    )
    found: dict[str, list[Article]] = {s.id: [] for s in sources if source in (None, s.id)}

    def collect(item: object) -> None:
        if isinstance(item, CrawledArticle):
            found.setdefault(item.article.outlet, []).append(item.article)

    stats = _run_news_spider(values, source, on_item=collect)
    rejected = {outlet: int(stats.get(f"{PREFIX}source/{outlet}/rejected", 0)) for outlet in found}
    return found, rejected


def _run_news_spider(
    values: dict[str, Any],
    source: str | None,
    *,
    on_item: Callable[[object], None] | None = None,
) -> dict[str, Any]:
    """Run the ``news`` spider once with Scrapy ``values``; its stats, or :class:`CrawlFailed`."""
    process = CrawlerProcess(values)
    crawler = process.create_crawler("news")
    if on_item is not None:
        crawler.signals.connect(on_item, signal=signals.item_scraped)
    failures: list[Failure] = []
    process.crawl(crawler, **({"source": source} if source else {})).addErrback(failures.append)
    process.start()
    if failures:
        raise CrawlFailed(f"crawl failed: {failures[0].getErrorMessage()}")
    assert crawler.stats is not None
    stats: dict[str, Any] = crawler.stats.get_stats()
    return stats


def summarize(stats: dict[str, Any]) -> dict[str, Any]:
    """The crawl's counts: articles extracted and stored, rejections by reason, skips, errors,
    and what could not be fetched per outlet (``failed``; ``crawler.failures``)."""
    rejected: Counter[str] = Counter()
    pantau: dict[str, int] = {}
    for key, value in stats.items():
        if key.startswith(f"{PREFIX}extract/rejected/"):
            rejected[key.rsplit("/", 1)[1]] += int(value)
        elif key.startswith(PREFIX):
            pantau[key.removeprefix(PREFIX)] = int(value)
    return {
        **_counts(pantau, rejected, stats),
        **fetch_failures(pantau),
    }


def fetch_failures(pantau: dict[str, int]) -> dict[str, Any]:
    """``failed`` {outlet: {reason: n}}, ``unreachable`` (outlets of which nothing came back) and
    ``all_failed`` (nothing came back at all), from the ``source/<id>/…`` counters."""
    failed: defaultdict[str, dict[str, int]] = defaultdict(dict)
    fetched: Counter[str] = Counter()
    for key, value in pantau.items():
        parts = key.split("/", 3)
        if parts[0] != "source" or len(parts) < 3:
            continue
        if parts[2] == "failed" and len(parts) == 4:
            failed[parts[1]][parts[3]] = value
        elif parts[2] == "fetched":
            fetched[parts[1]] += value
    unreachable = sorted(outlet for outlet in failed if not fetched[outlet])
    return {
        "failed": {
            outlet: dict(sorted(reasons.items())) for outlet, reasons in sorted(failed.items())
        },
        "unreachable": unreachable,
        "all_failed": bool(failed) and not sum(fetched.values()),
    }


def _counts(
    pantau: dict[str, int], rejected: Counter[str], stats: dict[str, Any]
) -> dict[str, Any]:
    return {
        "extracted": pantau.get("extract/articles", 0),
        "stored": pantau.get("store/created", 0) + pantau.get("store/updated", 0),
        "created": pantau.get("store/created", 0),
        "rejected": dict(sorted(rejected.items())),
        "skipped_already_stored": pantau.get("skipped/already_stored", 0),
        "spooled": pantau.get("store/spooled", 0),
        "replayed": pantau.get("store/replayed", 0),
        "requests": int(stats.get("downloader/request_count", 0)),
        "errors": int(stats.get("log_count/ERROR", 0)),
        "finish_reason": stats.get("finish_reason"),
        "counts": dict(sorted(pantau.items())),
    }
