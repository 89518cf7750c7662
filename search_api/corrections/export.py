"""Corrections as labelled data for the tone model: one JSON object per line."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from search_api.corrections.ledger import every


def jsonl_lines(conn: sqlite3.Connection, *, history: bool = False) -> Iterator[str]:
    """One line per correction in force (every correction with ``history``): the text, the
    target (the article or one agency), the tagger's label and the staff's label, why, by whom."""
    rows = list(every(conn))
    if not history:
        newest = {(c.article_id, c.agency_id): c for c in rows}
        rows = sorted(newest.values(), key=lambda c: c.id)
    for c in rows:
        record = {
            "article_id": c.article_id,
            "agency_id": c.agency_id,
            "title": c.title,
            "text": c.text,
            "original": c.original,
            "label": c.corrected,
            "reason": c.reason,
            "corrected_by": c.corrected_by,
            "corrected_at": c.created_at.isoformat(),
        }
        yield json.dumps(record, ensure_ascii=False) + "\n"
