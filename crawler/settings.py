"""Scrapy settings for Pantau's crawler (``scrapy.cfg`` points here).

Politeness is the default: robots.txt obeyed, AutoThrottle on, two concurrent requests per domain
and a descriptive User-Agent. ``crawl_settings()`` layers a ``pantau.settings.Settings`` on top,
which is how ``pantau crawl`` and ``pantau demo`` run the spider; ``scrapy crawl news`` uses these
defaults plus ``PANTAU_*`` settings given with ``-s``.
"""

from __future__ import annotations

from typing import Any

from pantau.settings import DEFAULT_USER_AGENT, Settings

BOT_NAME = "pantau"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = DEFAULT_USER_AGENT
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
# A news page over 10 MB is not a news page; the warning flags pages bloated by inline images.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 2
COOKIES_ENABLED = False
# Items processed at once per response. Scrapy starts this many asyncio tasks for every
# response's output (100 by default: ~0.5 ms a response, a tenth of the crawl process's CPU in
# a profile); the news spider yields at most one item a response, and requests need no
# parallelism, so one is all it uses.
CONCURRENT_ITEMS = 1
# No console into the crawl process: Scrapy's telnet console, nor its RemoteControl extension
# (Scrapy 2.19, on by default: an HTTP server on localhost that runs any Python code sent to it
# with the token it writes to the user's profile directory). Issue #15.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

# One store connection for the spider's "already stored?" check and StorePipeline; the progress
# line (on when PANTAU_PROGRESS is, as `pantau crawl` sets it unless --verbose).
EXTENSIONS = {"crawler.shared_store.SharedStore": 100, "crawler.progress.Progress": 500}
PANTAU_PROGRESS = False

# Each request's final outcome per outlet, below Retry (550) and Redirect (600): failures.py.
# Retry-After obeyed per host, above Retry so it sees a 429/503 first: retry_after.py.
# An outlet's requests stay on its own hosts, redirects included: offsite.py.
DOWNLOADER_MIDDLEWARES = {
    "crawler.offsite.OutletHosts": 50,
    "crawler.failures.FailureStats": 540,
    "crawler.retry_after.RetryAfter": 560,
    "crawler.archive.FetchTime": 900,
}
PANTAU_RETRY_AFTER_MAX = 600.0

ITEM_PIPELINES = {
    "crawler.pipelines.ValidatePipeline": 100,
    "crawler.pipelines.DedupePipeline": 200,
    "crawler.cluster_pipeline.ClusterPipeline": 250,
    "crawler.pipelines.AnnotatePipeline": 300,
    "crawler.pipelines.StorePipeline": 400,
    # The raw response of every stored article, into PANTAU_HOME/warc/ (crawler/archive.py).
    "crawler.archive.ArchivePipeline": 500,
    # The office's own site (`own: true`): each stored article is registered as a press release.
    "crawler.release_pipeline.ReleasePipeline": 550,
}

# Extraction runs in worker processes (crawler/extract_pool.py): None is one per CPU, 0 runs it in
# the crawl's own process (no time limit then). A page taking longer than the limit is a failure.
PANTAU_EXTRACT_WORKERS: int | None = None
PANTAU_EXTRACT_TIMEOUT = 20.0

PANTAU_STORE_BATCH_SIZE = 50
PANTAU_ANNOTATE = True
# Articles tagged together through nlp.pipe. A waiting item keeps its response in Scrapy's scraper
# slot, which stops downloading above 5 MB (SCRAPER_SLOT_MAX_ACTIVE_SIZE): 16 pages of ~150 kB stay
# well below, and the wait bounds how long a partial batch (a quiet outlet, the crawl's end) holds.
PANTAU_ANNOTATE_BATCH_SIZE = 16
PANTAU_ANNOTATE_MAX_WAIT = 1.0
PANTAU_ARCHIVE = True


def crawl_settings(settings: Settings, *, sources_file: str) -> dict[str, Any]:
    """The Scrapy settings dict for a crawl configured by ``settings``."""
    names = [name for name in globals() if name.isupper()]
    values: dict[str, Any] = {name: globals()[name] for name in names}
    crawl = settings.crawl
    values.update(
        {
            "USER_AGENT": crawl.user_agent,
            "ROBOTSTXT_OBEY": crawl.obey_robots,
            "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_per_domain,
            "DOWNLOAD_DELAY": crawl.download_delay,
            "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
            "PANTAU_SOURCES_FILE": sources_file,
            "PANTAU_STORE_URL": settings.store_url,
            "PANTAU_AGENCIES_FILE": str(settings.agencies_file) if settings.agencies_file else None,
            "PANTAU_HOME": str(settings.home.resolve()),
            "PANTAU_MAX_LISTING_PAGES": crawl.max_listing_pages,
            "PANTAU_MAX_ARTICLES_PER_SOURCE": crawl.max_articles_per_source,
            "PANTAU_WARC_MAX_BYTES": settings.archive.max_file_bytes,
            "PANTAU_EXTRACT_WORKERS": crawl.extract_workers,
            "PANTAU_EXTRACT_TIMEOUT": crawl.extract_timeout,
        }
    )
    return values
