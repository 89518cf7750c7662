"""Press releases from the office's own site: each article of a source marked ``own: true`` is
registered in the office database (``search_api.releases``, source ``feed``) as it is crawled.

Registering is idempotent (one release per article id), so a re-crawl adds nothing. A release
that cannot be registered (too short, no date, the office database unreadable) is counted and
logged; the article itself is stored by then either way.

Settings read: ``PANTAU_HOME`` (the office database lives there). Stats: ``pantau/releases/
{registered,known,failed}``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from crawler.items import CrawledArticle
from crawler.stats import PantauStats
from search_api.digests.db import OFFICE_DB_NAME, OfficeDBError, connect
from search_api.releases.registry import ReleaseError, add_from_article

logger = logging.getLogger(__name__)
REGISTERED_BY = "crawl"


class ReleasePipeline:
    def __init__(self, crawler: Crawler, office_db: Path) -> None:
        self.crawler = crawler
        self.stats = PantauStats(crawler)
        self.office_db = office_db

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReleasePipeline:
        home = Path(crawler.settings.get("PANTAU_HOME") or "var")
        return cls(crawler, home / OFFICE_DB_NAME)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, CrawledArticle) or not item.own:
            return item
        try:
            conn = connect(self.office_db)
        except OfficeDBError as exc:
            self._failed(item, str(exc))
            return item
        try:
            _release, created = add_from_article(
                conn, item.article, source="feed", registered_by=REGISTERED_BY
            )
        except ReleaseError as exc:
            self._failed(item, str(exc))
            return item
        finally:
            conn.close()
        self.stats.inc("releases/registered" if created else "releases/known")
        return item

    def _failed(self, item: CrawledArticle, reason: str) -> None:
        self.stats.inc("releases/failed")
        logger.warning("press release %s not registered: %s", item.article.url, reason)
