"""Which articles alert for a rule: the saved search over a recent window, new to the rule.

* **The search** is the saved search's own (query and filters) built by
  :func:`~search_api.filters_core.build_request`, as the API, the UI and the digests build theirs,
  with ``date_from`` = the rule's last check (or its ``since``) less ``alerts.lookback_hours``.
  The stores filter dates on ``published_at``, not on when we crawled: an outlet's feed often
  shows an article hours after its stated time, and the crawl runs every two hours, so the window
  reaches back that far. Undated articles fall outside every window and do not alert (nor are
  they in any digest day).
* **New** means crawled at or after the rule's ``since`` (so switching alerts on does not fire on
  the store's backlog) and not yet in the rule's sent-log (:func:`outbox.seen`).
* **negative**: the article's tone *towards one of the saved search's agencies* is negative
  (``AgencyRef.sentiment``, the per-agency tone), whatever its overall tone. When the saved search
  has no agency-tone filter of its own, the condition is also pushed into the request, so the
  store returns only those articles; the check here is what decides.
* **spike**: among the new articles, ``threshold`` or more published within
  ``alerts.spike_window_minutes`` make one spike alert listing them; they are then in the sent-log
  and count towards no later spike. Fewer stay unlogged and may join a later spike.

Settings read: ``alerts.lookback_hours``, ``alerts.scan_limit``, ``alerts.spike_threshold``,
``alerts.spike_window_minutes``, ``schedule.timezone``.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from pantau.models import Article
from pantau.settings import AlertSettings
from search_api.alerts.rules import AlertRule, watched_agencies
from search_api.digests.searches import SavedSearch
from search_api.filters_core import Filters, build_request, format_agency_tone
from search_api.store import Store
from search_api.store.base import SearchRequest

logger = logging.getLogger(__name__)

Kind = Literal["match", "negative", "spike"]
# Matches read per store request: big enough that a run is a few requests, small enough that a
# page of articles with their text stays a few megabytes.
PAGE_SIZE = 100


@dataclass(frozen=True, kw_only=True, slots=True)
class Found:
    """One alert to send: its kind and its articles (oldest first)."""

    kind: Kind
    articles: list[Article]


def window_start(rule: AlertRule, settings: AlertSettings) -> datetime:
    checked = rule.last_checked_at or rule.since
    return checked - timedelta(hours=settings.lookback_hours)


def rule_filters(rule: AlertRule, saved: SavedSearch, date_from: datetime) -> Filters:
    agency_tones = list(saved.agency_tones)
    if rule.mode == "negative" and not agency_tones:
        agency_tones = [format_agency_tone(a, "negative") for a in saved.agencies]
    return Filters(
        q=saved.query,
        date_from=date_from,
        outlets=saved.outlets,
        agencies=saved.agencies,
        sentiments=saved.sentiments,
        agency_tones=agency_tones,
    )


def scan(store: Store, request: SearchRequest, limit: int) -> tuple[list[Article], bool]:
    """Up to ``limit`` matches of ``request``, newest first; True when the limit cut it short."""
    found: list[Article] = []
    page = 1
    request.size = PAGE_SIZE  # one size for every page: the offset is (page - 1) * size
    while len(found) < limit:
        request.page = page
        result = store.search(request)
        found.extend(hit.article for hit in result.hits)
        if not result.hits or len(found) >= result.total:
            return found[:limit], len(found) > limit
        page += 1
    return found[:limit], True


def search_rule(
    store: Store, rule: AlertRule, saved: SavedSearch, settings: AlertSettings, tz_name: str
) -> list[Article]:
    """The saved search's matches in the rule's window; raises QueryError, FilterError or
    StoreError."""
    filters = rule_filters(rule, saved, window_start(rule, settings))
    request = build_request(filters, ZoneInfo(tz_name), sort="newest", facets=False)
    articles, cut = scan(store, request, settings.scan_limit)
    if cut:
        logger.warning(
            "alert on subscription %s: more than alerts.scan_limit=%s matches since %s; "
            "the oldest were not read",
            rule.subscription_id,
            settings.scan_limit,
            filters.date_from,
        )
    return articles


def negative_towards(article: Article, agencies: Collection[str]) -> bool:
    return any(a.id in agencies and a.sentiment == "negative" for a in article.agencies)


def new_articles(
    articles: list[Article], rule: AlertRule, saved: SavedSearch, seen: Collection[str]
) -> list[Article]:
    """The articles that may alert for ``rule``, oldest first (see the module docstring)."""
    agencies = watched_agencies(saved)
    fresh = [
        a
        for a in articles
        if a.id not in seen
        and a.crawled_at is not None
        and a.crawled_at >= rule.since
        and (rule.mode != "negative" or negative_towards(a, agencies))
    ]
    return sorted(fresh, key=_published)


def _published(article: Article) -> datetime:
    assert article.published_at is not None  # every match of a date window has a date
    return article.published_at


def spikes(articles: list[Article], threshold: int, window: timedelta) -> list[list[Article]]:
    """Groups of at least ``threshold`` articles (sorted by date) published within ``window``:
    from each article, the run of those that follow within the window; a long enough run is a
    spike and its articles are used up."""
    groups: list[list[Article]] = []
    start = 0
    while start + threshold <= len(articles):
        first = _published(articles[start])
        end = start
        while end + 1 < len(articles) and _published(articles[end + 1]) - first < window:
            end += 1
        if end - start + 1 >= threshold:
            groups.append(articles[start : end + 1])
            start = end + 1
        else:
            start += 1
    return groups


def found_for(rule: AlertRule, fresh: list[Article], settings: AlertSettings) -> list[Found]:
    """The alerts ``fresh`` (from :func:`new_articles`) makes for ``rule``."""
    if not fresh:
        return []
    if rule.mode == "spike":
        threshold = rule.spike_threshold or settings.spike_threshold
        window = timedelta(minutes=settings.spike_window_minutes)
        return [Found(kind="spike", articles=g) for g in spikes(fresh, threshold, window)]
    return [Found(kind="match" if rule.mode == "every" else "negative", articles=fresh)]
