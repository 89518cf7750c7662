"""Every match of a search, newest first, read from any store a page at a time.

Paging goes through ``Store.search``, so a reader sees exactly what the search page lists. The
stores page up to ``MAX_RESULT_WINDOW`` (10,000) matches; deeper than that nobody reads.
Used by the digests (their day's articles) and the exports.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from search_api.store.base import MAX_RESULT_WINDOW, Hit, SearchRequest, Store

# Hits per store round trip: large enough to keep the round trips few, small enough that a page
# of full texts stays a few megabytes.
BATCH = 250


def iter_hits(
    store: Store, request: SearchRequest, limit: int = MAX_RESULT_WINDOW, batch: int = BATCH
) -> Iterator[Hit]:
    """Up to ``limit`` matches, newest first; each page is fetched when the previous is used."""
    limit = min(limit, MAX_RESULT_WINDOW)
    paged = replace(request, sort="newest", size=batch, facets=False)
    given = 0
    page = 1
    while given < limit and (page - 1) * batch < MAX_RESULT_WINDOW:
        hits = store.search(replace(paged, page=page)).hits
        for hit in hits:
            if given == limit:
                return
            given += 1
            yield hit
        if len(hits) < batch:
            return
        page += 1
