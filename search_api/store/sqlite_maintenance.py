"""Weekly care of the SQLite store: ``pantau store maintain`` and the scheduler's ``maintain`` job.

* ``ANALYZE`` and ``PRAGMA optimize``: fresh statistics for SQLite's query planner (which index a
  facet or a date range uses depends on them).
* FTS5 ``optimize``: the full-text index's segments merged into one, so a search reads one
  b-tree instead of dozens written batch by batch.
* ``VACUUM``: the free pages left by rewritten articles returned to the file system, then a WAL
  checkpoint that truncates the log. It rewrites the whole file and needs as much free disk
  again, and it waits for readers to finish; a few minutes for a year of an office's news.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any


def file_bytes(path: Path) -> int:
    files = [path, path.with_name(path.name + "-wal")]
    return sum(f.stat().st_size for f in files if f.exists())


def maintain(conn: sqlite3.Connection, path: Path) -> dict[str, Any]:
    """Runs every step on ``conn`` (outside any transaction); returns sizes and seconds."""
    before = file_bytes(path)
    started = time.monotonic()
    conn.execute("ANALYZE")
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
    conn.execute("VACUUM")
    conn.execute("PRAGMA optimize")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {
        "engine": "sqlite",
        "bytes_before": before,
        "bytes_after": file_bytes(path),
        "seconds": round(time.monotonic() - started, 2),
        "steps": ["analyze", "fts optimize", "vacuum", "optimize", "wal checkpoint"],
    }
