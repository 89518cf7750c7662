"""The copies behind collapsed hits: for "+N media lain", the other matching articles of each
story on a page, read with one more search through any store (the ``clusters`` filter)."""

from __future__ import annotations

from dataclasses import replace

from pantau.models import Article
from search_api.store.base import Hit, SearchRequest, Store

# Copies listed per story at most; a story picked up by more outlets than this says "+N" anyway.
MAX_COPIES = 50


def copies_of(
    store: Store, request: SearchRequest, hits: list[Hit], per_story: int = MAX_COPIES
) -> dict[str, list[Article]]:
    """Cluster id → its other matching articles (newest first), for the hits that have copies."""
    wanted = {h.article.cluster_id: h.article.id for h in hits if h.copies and h.article.cluster_id}
    if not wanted:
        return {}
    size = min(sum(min(h.copies, per_story) + 1 for h in hits if h.copies), 1000)
    found = store.search(
        replace(
            request,
            clusters=list(wanted),
            collapse=False,
            facets=False,
            sort="newest",
            page=1,
            size=size,
            snippets=False,  # the copies are listed by title and outlet
        )
    )
    grouped: dict[str, list[Article]] = {cluster: [] for cluster in wanted}
    for hit in found.hits:
        cluster = hit.article.cluster_id
        listed = grouped.get(cluster or "")
        if (
            listed is not None
            and hit.article.id != wanted[cluster or ""]
            and len(listed) < per_story
        ):
            listed.append(hit.article)
    return grouped
