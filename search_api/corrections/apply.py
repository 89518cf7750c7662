"""Corrections applied to articles: pure functions on the Article, used when a correction is
made and whenever an article is written to the store again."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import replace

from pantau.models import Article, Sentiment
from search_api.corrections.ledger import Correction, in_force, record
from search_api.store.base import Store, StoreError

# A corrected tone is a person's judgement, not a model's probability.
CORRECTED_SCORE = 1.0


def apply(article: Article, corrections: Mapping[tuple[str, str | None], Correction]) -> Article:
    """``article`` with the corrections in force for it; the same object when there are none."""
    own = corrections.get((article.id, None))
    changed = False
    sentiment = article.sentiment
    if own is not None and (sentiment is None or sentiment.label != own.corrected):
        reasons = list(sentiment.reasons) if sentiment else []
        sentiment = Sentiment(label=own.corrected, score=CORRECTED_SCORE, reasons=reasons)
        changed = True
    agencies = []
    for ref in article.agencies:
        fix = corrections.get((article.id, ref.id))
        if fix is not None and ref.sentiment != fix.corrected:
            ref = replace(ref, sentiment=fix.corrected)
            changed = True
        agencies.append(ref)
    if not changed:
        return article
    return replace(article, sentiment=sentiment, agencies=agencies)


def reapply(conn: sqlite3.Connection, articles: list[Article]) -> list[Article]:
    """The articles with the office's corrections put back (before they are written again)."""
    corrections = in_force(conn, [a.id for a in articles])
    if not corrections:
        return articles
    return [apply(article, corrections) for article in articles]


def correct(
    conn: sqlite3.Connection,
    store: Store,
    article_id: str,
    *,
    agency_id: str | None,
    tone: str,
    reason: str,
    corrected_by: str,
) -> tuple[Correction, Article]:
    """Records the correction and writes the corrected article to the store. Raises
    ``LookupError`` for an unknown article, ``CorrectionError`` for a bad value and
    ``StoreError`` when the store refuses the write (the correction is recorded: the next write
    of the article, or this call again, puts it in)."""
    article = store.get(article_id)
    if article is None:
        raise LookupError(f"no article with id {article_id}")
    correction = record(
        conn, article, agency_id=agency_id, tone=tone, reason=reason, corrected_by=corrected_by
    )
    corrected = apply(article, in_force(conn, [article_id]))
    report = store.upsert([corrected])
    if report.failed:
        raise StoreError(f"the corrected article was not written: {'; '.join(report.errors)}")
    return correction, corrected
