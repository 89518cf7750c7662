"""A page of the office's own site, found in the article store by its URL.

The API registers a release by URL from what the crawl stored (the office's site is a source
marked ``own: true``); it never fetches pages itself. ``pantau releases add --url`` fetches and
extracts pages the crawl has not reached yet.
"""

from __future__ import annotations

from pantau.models import Article, article_id
from search_api.store.base import Store


def _variants(url: str) -> list[str]:
    base = url.strip().split("#", 1)[0]
    if base.endswith("/"):
        return [base, base.rstrip("/")]
    return [base, base + "/"]


def stored_page(store: Store, url: str) -> Article | None:
    """The stored article whose URL (or canonical URL) is ``url``, with or without a final slash."""
    for candidate in _variants(url):
        article = store.get(article_id(candidate))
        if article is not None:
            return article
    return None
