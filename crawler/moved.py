"""One article under a new URL: a moved URL (or a case variant that a lenient server answers)
updates the stored article instead of adding a second one.

The id (:func:`pantau.models.article_id`) already joins every variant that normalisation can see
(tracking and view parameters, AMP forms, other hosts and ports of the outlet, the trailing
slash). What it cannot see is a different path: an outlet that moved its articles
(``/berita/123`` → ``/2026/11/pasar-baru``) or a link with another path case. Those are caught by
the story instead: the same outlet, the same title (case, spacing and punctuation aside), the
same publication day in Asia/Jakarta, and near-identical text (:data:`MIN_SIMILARITY` of word
3-gram Jaccard). An article without a publication date is never matched this way: a title alone
is too weak ("Jadwal Imsakiyah Hari Ini" repeats every day).

The match keeps the stored article's id, so corrections, alerts and links to it stay valid, and
takes the new URL and content (the newest fetch is what the outlet serves now).

In a crawl, :class:`StoredStories` answers the question for each new article: one search per
outlet and day (not per article: reading up to :data:`MAX_CANDIDATES` stored articles for every
new one cost the crawl process ~10 ms an article on 2,006 real pages, more than tagging), kept for
:data:`STORIES_MAX_AGE` seconds, and only the titles are kept; a stored article is read again
only when its title is the new one's.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pantau.models import Article
from search_api.store import Store
from search_api.store.base import SearchRequest

JAKARTA = ZoneInfo("Asia/Jakarta")
# Jaccard of word 3-grams: a corrected typo or an added sentence stays above it, another article
# on the same topic (different quotes and figures) falls well below it.
MIN_SIMILARITY = 0.8
# Stored articles of one outlet on one day that are compared; a big outlet publishes ~200 a day.
MAX_CANDIDATES = 500
_WORD = re.compile(r"\w+")

# How long a crawl trusts its list of one day's stored titles: other crawls (distributed workers)
# store meanwhile, and a store write lands in batches anyway, so a minute loses little.
STORIES_MAX_AGE = 60.0

StoryKey = tuple[str, str, str]


def title_key(title: str) -> str:
    """The title as compared: case, spacing and punctuation folded."""
    return " ".join(_WORD.findall(title.casefold()))


def story_key(article: Article) -> StoryKey | None:
    """(outlet, folded title, Jakarta day), or None for an undated article."""
    if article.published_at is None:
        return None
    day = article.published_at.astimezone(JAKARTA).date().isoformat()
    return (article.outlet, title_key(article.title), day)


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    if len(words) < 3:
        return {tuple(words)}
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def similarity(text_a: str, text_b: str) -> float:
    """Jaccard similarity of the two texts' word 3-grams (1.0 for identical texts)."""
    a, b = _shingles(text_a), _shingles(text_b)
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def same_story(a: Article, b: Article) -> bool:
    """Whether ``a`` and ``b`` are one article (see the module doc)."""
    key = story_key(a)
    return key is not None and key == story_key(b) and similarity(a.text, b.text) >= MIN_SIMILARITY


def _day_request(outlet: str, day: date) -> SearchRequest:
    start = datetime(day.year, day.month, day.day, tzinfo=JAKARTA)
    return SearchRequest(
        outlets=[outlet],
        date_from=start,
        date_to=start + timedelta(days=1),
        size=MAX_CANDIDATES,
        facets=False,
    )


def stored_original(store: Store, article: Article) -> Article | None:
    """The stored article that ``article`` is a moved copy of, if any (not ``article`` itself)."""
    if article.published_at is None:
        return None
    request = _day_request(article.outlet, article.published_at.astimezone(JAKARTA).date())
    for hit in store.search(request).hits:
        if hit.article.id != article.id and same_story(article, hit.article):
            return hit.article
    return None


class StoredStories:
    """:func:`stored_original` for a crawl's many articles: the stored titles of an outlet's day
    are searched once and kept ``max_age`` seconds (folded title -> ids); a stored article is read
    (:meth:`Store.get`) only when its title is the new article's, to compare the texts."""

    def __init__(
        self,
        store: Store,
        *,
        max_age: float = STORIES_MAX_AGE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.max_age = max_age
        self.clock = clock
        self._days: dict[tuple[str, str], tuple[float, dict[str, list[str]]]] = {}
        self.searches = 0

    def original(self, article: Article) -> Article | None:
        """The stored article that ``article`` is a moved copy of, if any (not ``article``
        itself). Raises what the store raises (:class:`StoreError`)."""
        key = story_key(article)
        if key is None:
            return None
        for stored_id in self._titles(article).get(key[1], []):
            if stored_id == article.id:
                continue
            stored = self.store.get(stored_id)
            if stored is not None and same_story(article, stored):
                return stored
        return None

    def _titles(self, article: Article) -> dict[str, list[str]]:
        assert article.published_at is not None  # story_key said so
        day = article.published_at.astimezone(JAKARTA).date()
        key = (article.outlet, day.isoformat())
        now = self.clock()
        cached = self._days.get(key)
        if cached is not None and now - cached[0] <= self.max_age:
            return cached[1]
        titles: dict[str, list[str]] = {}
        for hit in self.store.search(_day_request(article.outlet, day)).hits:
            titles.setdefault(title_key(hit.article.title), []).append(hit.article.id)
        self.searches += 1
        self._days[key] = (now, titles)
        return titles
