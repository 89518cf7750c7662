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
    # The top agencies as the agency facet ranks them, then the tone split of just those.
    top = (
        f"SELECT f.agency_id FROM {source} JOIN article_agencies f ON f.article_id = a.id "
        f"WHERE ({where}) GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ?"
    )
    agencies = [row[0] for row in conn.execute(top, [*params, size])]
    if not agencies:
        return []
    marks = ", ".join("?" for _ in agencies)
    split = (
        f"SELECT f.agency_id, f.sentiment, count(*) FROM {source} "
        f"JOIN article_agencies f ON f.article_id = a.id "
        f"WHERE ({where}) AND f.agency_id IN ({marks}) GROUP BY 1, 2"
    )
    tones = {agency: ToneCounts() for agency in agencies}
    for agency, tone, count in conn.execute(split, [*params, *agencies]):
        tones[agency].add(tone, count)
    return [
        AgencyTone(agency=agency, articles=tones[agency].total, tones=tones[agency])
        for agency in agencies
    ]
