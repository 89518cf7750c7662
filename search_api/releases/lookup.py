"""A page of the office's own site, found in the article store by its URL.

The API registers a release by URL from what the crawl stored (the office's site is a source
marked ``own: true``); it never fetches pages itself. ``pantau releases add --url`` fetches and
extracts pages the crawl has not reached yet.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pantau.models import Article, article_id
from search_api.store.base import Store
from search_api.store.overview import outlet_names


def _variants(url: str) -> list[str]:
    base = url.strip().split("#", 1)[0]
    if base.endswith("/"):
        return [base, base.rstrip("/")]
    return [base, base + "/"]


def stored_page(store: Store, url: str) -> Article | None:
    """The stored article whose URL (or canonical URL) is ``url``, with or without a final slash.

    An id is the outlet plus the URL's path (``pantau.models.article_id``), and a URL does not
    name its outlet: each outlet the store knows is tried (a few dozen lookups by key), and a hit
    counts only when the article was fetched from, or names as canonical, the URL's own host, so
    the same path at another outlet is never taken for it."""
    host = urlsplit(url.strip()).netloc.lower()
    for outlet in outlet_names(store):
        for candidate in _variants(url):
            article = store.get(article_id(outlet, candidate))
            if article is not None and host in _hosts(article):
                return article
    return None


def _hosts(article: Article) -> set[str]:
    return {urlsplit(u).netloc.lower() for u in (article.url, article.canonical_url) if u}
