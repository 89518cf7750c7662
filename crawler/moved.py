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
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
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


def stored_original(store: Store, article: Article) -> Article | None:
    """The stored article that ``article`` is a moved copy of, if any (not ``article`` itself)."""
    if article.published_at is None:
        return None
    local = article.published_at.astimezone(JAKARTA)
    start = datetime(local.year, local.month, local.day, tzinfo=JAKARTA)
    request = SearchRequest(
        outlets=[article.outlet],
        date_from=start,
        date_to=start + timedelta(days=1),
        size=MAX_CANDIDATES,
        facets=False,
    )
    for hit in store.search(request).hits:
        if hit.article.id != article.id and same_story(article, hit.article):
            return hit.article
    return None
