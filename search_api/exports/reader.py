"""Every article a search matches, newest first, read from the store a page at a time.

Paging goes through ``Store.search`` (both stores), so an export sees exactly what the search page
lists. The stores page up to ``MAX_RESULT_WINDOW`` (10,000) matches; an export of a broader search
holds the newest 10,000 and says so (``ExportScope.truncated``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from pantau.models import Article
from search_api.store.base import MAX_RESULT_WINDOW, SearchRequest, Store

# Articles per store round trip: large enough to keep the round trips few, small enough that a
# page of full texts stays a few megabytes.
BATCH = 250


@dataclass(frozen=True, slots=True)
class ExportScope:
    total: int  # all matches
    exported: int  # the rows the export holds (≤ limit)

    @property
    def truncated(self) -> bool:
        return self.exported < self.total


def scope(store: Store, request: SearchRequest, limit: int = MAX_RESULT_WINDOW) -> ExportScope:
    total = store.search(replace(request, page=1, size=1, facets=False)).total
    return ExportScope(total=total, exported=min(total, limit))


def iter_articles(
    store: Store, request: SearchRequest, limit: int = MAX_RESULT_WINDOW, batch: int = BATCH
) -> Iterator[Article]:
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
            yield hit.article
        if len(hits) < batch:
            return
        page += 1
