"""The office database follows re-keyed articles (``search_api.store.rekey``): staff corrections
and the alerts' sent-log name articles by id, so an id that changed is changed here too.

Nothing is dropped: a correction keeps its history under the new id, and when two old ids merged
into one, an article that alerted under either counts as alerted (the sent-log keeps one row per
subscription and article, the first). Running it twice changes nothing the second time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping


def rekey_office(conn: sqlite3.Connection, aliases: Mapping[str, str]) -> dict[str, int]:
    """Apply old id → new id ``aliases``; how many corrections and sent-log rows moved."""
    moved = {"corrections": 0, "alert_articles": 0}
    pairs = [(new, old) for old, new in aliases.items() if old != new]
    conn.execute("BEGIN IMMEDIATE")
    try:
        for new, old in pairs:
            moved["corrections"] += conn.execute(
                "UPDATE corrections SET article_id = ? WHERE article_id = ?", (new, old)
            ).rowcount
            moved["alert_articles"] += conn.execute(
                "INSERT OR IGNORE INTO alert_articles (subscription_id, article_id, alert_id) "
                "SELECT subscription_id, ?, alert_id FROM alert_articles WHERE article_id = ? "
                "ORDER BY alert_id",
                (new, old),
            ).rowcount
            conn.execute("DELETE FROM alert_articles WHERE article_id = ?", (old,))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return moved
