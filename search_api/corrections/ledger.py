"""The corrections table of the office database (``office.db`` version 4)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from pantau.models import SENTIMENT_LABELS, Article, SentimentLabel
from search_api.digests.db import transaction

MAX_REASON = 1000
MAX_NAME = 200


class CorrectionError(ValueError):
    """A correction that cannot be recorded; the message says why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction:
    id: int
    article_id: str
    agency_id: str | None  # None: the article's own tone
    original: SentimentLabel | None
    corrected: SentimentLabel
    reason: str
    corrected_by: str
    created_at: datetime
    title: str
    text: str


def _row(row: sqlite3.Row) -> Correction:
    return Correction(
        id=row["id"],
        article_id=row["article_id"],
        agency_id=row["agency_id"],
        original=row["original"],
        corrected=row["corrected"],
        reason=row["reason"],
        corrected_by=row["corrected_by"],
        created_at=datetime.fromisoformat(row["created_at"]),
        title=row["title"],
        text=row["text"],
    )


def _check(article: Article, agency_id: str | None, tone: str, reason: str, by: str) -> None:
    if tone not in SENTIMENT_LABELS:
        raise CorrectionError(f"tone {tone!r}: expected one of {', '.join(SENTIMENT_LABELS)}")
    if agency_id is not None and agency_id not in {ref.id for ref in article.agencies}:
        raise CorrectionError(f"the article does not cover the agency {agency_id!r}")
    for value, what, limit in ((reason, "reason", MAX_REASON), (by, "name", MAX_NAME)):
        cleaned = " ".join(value.split())
        if not cleaned:
            raise CorrectionError(f"a correction needs a {what}")
        if len(cleaned) > limit:
            raise CorrectionError(f"{what} must be at most {limit} characters")


def original_tone(article: Article, agency_id: str | None) -> SentimentLabel | None:
    if agency_id is None:
        return article.sentiment.label if article.sentiment else None
    return next((ref.sentiment for ref in article.agencies if ref.id == agency_id), None)


def record(
    conn: sqlite3.Connection,
    article: Article,
    *,
    agency_id: str | None,
    tone: str,
    reason: str,
    corrected_by: str,
    now: datetime | None = None,
) -> Correction:
    """Records a correction of ``article`` (as stored now); raises :class:`CorrectionError`."""
    _check(article, agency_id, tone, reason, corrected_by)
    previous = in_force(conn, [article.id]).get((article.id, agency_id))
    # The tagger's label, not an earlier correction's: the labelled example keeps what the model
    # said against what staff said.
    original = previous.original if previous else original_tone(article, agency_id)
    at = (now or datetime.now(UTC)).isoformat()
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO corrections (article_id, agency_id, original, corrected, reason, "
            "corrected_by, created_at, title, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                agency_id,
                original,
                tone,
                " ".join(reason.split()),
                " ".join(corrected_by.split()),
                at,
                article.title,
                article.text,
            ),
        )
    row = conn.execute("SELECT * FROM corrections WHERE id = ?", (cursor.lastrowid,)).fetchone()
    return _row(row)


def in_force(
    conn: sqlite3.Connection, article_ids: Iterable[str]
) -> dict[tuple[str, str | None], Correction]:
    """The newest correction per (article, agency) of these articles."""
    ids = list(dict.fromkeys(article_ids))
    found: dict[tuple[str, str | None], Correction] = {}
    # SQLite binds at most 32766 parameters; pages of 500 stay well inside.
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT * FROM corrections WHERE article_id IN ({marks}) ORDER BY id", chunk
        )
        for row in rows:
            correction = _row(row)
            found[(correction.article_id, correction.agency_id)] = correction
    return found


def history(conn: sqlite3.Connection, article_id: str) -> list[Correction]:
    rows = conn.execute(
        "SELECT * FROM corrections WHERE article_id = ? ORDER BY id DESC", (article_id,)
    )
    return [_row(row) for row in rows]


def every(conn: sqlite3.Connection) -> Iterator[Correction]:
    """All corrections, oldest first (the history included), read a row at a time."""
    for row in conn.execute("SELECT * FROM corrections ORDER BY id"):
        yield _row(row)
