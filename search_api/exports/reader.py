"""What an export covers, and its articles newest first (``search_api/store/paging.py``).

The stores page up to ``MAX_RESULT_WINDOW`` (10,000) matches; an export of a broader search holds
the newest 10,000 and says so (``ExportScope.truncated``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from pantau.models import Article
from search_api.store.base import MAX_RESULT_WINDOW, SearchRequest, Store
from search_api.store.paging import BATCH, iter_hits


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
    """Up to ``limit`` matches, newest first, a page at a time (``store/paging.py``)."""
    return (hit.article for hit in iter_hits(store, request, limit, batch))
