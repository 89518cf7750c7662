"""Re-keying an Elasticsearch store to the current article ids (see ``rekey.py``).

Elasticsearch has no schema migration on opening, so this runs on demand (``pantau store
rekey``): every article whose id or canonical URL is out of date is written under its new id and
its old document deleted; copies that now share an id are merged, the higher :func:`rank` kept.
The scan walks ids in order (``search_after``), so a document written under a new id is met again
later with nothing to do, and a second run after an interruption finishes the job.
"""

from __future__ import annotations

import logging

from pantau.models import Article
from search_api.store.base import StoreError
from search_api.store.elastic import ElasticStore
from search_api.store.rekey import rank, rekeyed

logger = logging.getLogger(__name__)


def rekey(store: ElasticStore) -> dict[str, str]:
    """Re-key every article of ``store``; returns old id → new id of the articles re-keyed."""
    aliases: dict[str, str] = {}
    for batch in store.scan():
        winners: dict[str, Article] = {}
        updated: list[Article] = []
        retired: list[str] = []
        for article in batch:
            old_id, old_url = article.id, article.canonical_url
            rekeyed(article)
            if article.id == old_id:
                if article.canonical_url != old_url:
                    updated.append(article)
                continue
            aliases[old_id] = article.id
            retired.append(old_id)
            best = winners.get(article.id)
            if best is None or rank(article) > rank(best):
                winners[article.id] = article
        stored = store.existing(winners)
        for new_id in stored:
            current = store.get(new_id)
            if current is not None and rank(current) >= rank(winners[new_id]):
                del winners[new_id]  # the copy already under the new id is the better one
        report = store.upsert([*winners.values(), *updated])
        if report.failed:
            raise StoreError(
                f"re-keying stopped: {report.failed} articles refused: {report.errors}"
            )
        # Written first, deleted second: an interruption leaves a copy, never a loss.
        store.delete(retired)
    logger.info("re-keyed %s articles in %s", len(aliases), store.alias)
    return aliases
