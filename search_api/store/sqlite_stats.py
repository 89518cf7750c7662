"""The SQLite store's overview queries: the tone timeline and per-agency tones (used by
``sqlite.py``, which hands in the matched articles as a ``FROM`` source and ``WHERE`` clause)."""

from __future__ import annotations

import sqlite3
from datetime import date

from search_api.store.base import AgencyTone, Interval, Timeline, TimelineBucket, ToneCounts

# ``published_day`` is the Jakarta day (YYYY-MM-DD). SQLite's 'weekday 1' moves forward to the
# next Monday unless the day is one, so going back six days first lands on the week's Monday.
_BUCKET = {
    "day": "a.published_day",
    "week": "date(a.published_day, '-6 days', 'weekday 1')",
    "month": "substr(a.published_day, 1, 8) || '01'",
}


def timeline(
    conn: sqlite3.Connection, source: str, where: str, params: list[object], interval: Interval
) -> Timeline:
    sql = (
        f"SELECT {_BUCKET[interval]} AS bucket, a.sentiment, count(*) FROM {source} "
        f"WHERE ({where}) GROUP BY 1, 2 ORDER BY 1"
    )
    sums: dict[str, ToneCounts] = {}
    undated = 0
    for bucket, tone, count in conn.execute(sql, params):
        if bucket is None:
            undated += count
            continue
        sums.setdefault(bucket, ToneCounts()).add(tone, count)
    buckets = [TimelineBucket(start=date.fromisoformat(key), counts=sums[key]) for key in sums]
    return Timeline(interval=interval, buckets=buckets, undated=undated)


def agency_tones(
    conn: sqlite3.Connection, source: str, where: str, params: list[object], size: int
) -> list[AgencyTone]:
    """The top ``size`` agencies as the agency facet ranks them (most articles, then id), each
    with its tone split, from one pass over the matches' agency entries. Two passes (the top
    agencies, then the split of just those under ``agency_id IN (…)``) let SQLite drive the
    second from the agency index over every article of those agencies: 180-210 ms at 1M
    articles for 10,000 matches."""
    split = (
        f"SELECT f.agency_id, f.sentiment, count(*) FROM {source} "
        f"CROSS JOIN article_agencies f ON f.pk = a.pk WHERE ({where}) GROUP BY 1, 2"
    )
    tones: dict[str, ToneCounts] = {}
    for agency, tone, count in conn.execute(split, params):
        tones.setdefault(agency, ToneCounts()).add(tone, count)
    top = sorted(tones, key=lambda agency: (-tones[agency].total, agency))[:size]
    return [
        AgencyTone(agency=agency, articles=tones[agency].total, tones=tones[agency])
        for agency in top
    ]
