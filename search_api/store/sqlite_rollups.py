"""Daily rollups of the SQLite store: counts by day × outlet × tone (× agency × tone towards it).

Kept in step by every write (:func:`apply`, inside the write's transaction and savepoint), so they
are always exact. A search or overview question *without text* whose filters the rollups can
express (:func:`eligible`) is answered from them: a few thousand rollup rows instead of up to a
million articles (a week's stats facets at 1M articles: 7 ms; issue #17 measured 6.8 s p50 for
the overview's questions at 400k; ``docs/scale.md``).

Expressible: a date range whose ends are Jakarta midnights (what the forms and the overview send),
outlets, article tones, and at most one agency. Anything else (a keyword query, several agencies,
an agency-tone filter, a date range cut inside a day) goes to the general SQL.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from search_api.store.base import (
    AgencyTone,
    FacetCount,
    SearchRequest,
    Timeline,
    TimelineBucket,
    ToneCounts,
)
from search_api.store.sqlite_rows import JAKARTA

NONE = ""  # "no day" / "no tone" in key columns


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rollups count of one article."""

    day: str | None
    outlet: str
    sentiment: str | None
    agencies: tuple[tuple[str, str | None], ...]


def apply(conn: sqlite3.Connection, facts: Facts, sign: int) -> None:
    """Add (``sign`` 1) or take away (-1) one article's counts."""
    day, tone = facts.day or NONE, facts.sentiment or NONE
    _bump(conn, "rollup_articles", ("day", "outlet", "sentiment"), (day, facts.outlet, tone), sign)
    for agency, agency_tone in facts.agencies:
        toward = agency_tone or NONE
        _bump(
            conn,
            "rollup_agencies",
            ("agency_id", "day", "outlet", "sentiment", "agency_tone"),
            (agency, day, facts.outlet, tone, toward),
            sign,
        )
        _bump(
            conn,
            "rollup_agency_days",
            ("day", "agency_id", "agency_tone"),
            (day, agency, toward),
            sign,
        )


def _bump(
    conn: sqlite3.Connection, table: str, keys: tuple[str, ...], values: tuple[str, ...], sign: int
) -> None:
    names = ", ".join(keys)
    marks = ", ".join("?" for _ in keys)
    conn.execute(
        f"INSERT INTO {table} ({names}, n) VALUES ({marks}, ?) "
        f"ON CONFLICT ({names}) DO UPDATE SET n = n + excluded.n",
        (*values, sign),
    )
    if sign < 0:  # a key nobody counts any more would list a facet value with 0
        where = " AND ".join(f"{key} = ?" for key in keys)
        conn.execute(f"DELETE FROM {table} WHERE {where} AND n <= 0", values)


# The statements that fill the rollups from the articles (checks; sqlite_migrate.py keeps the
# copy its step to schema 4 ran, on the agencies of that schema).
REBUILD = (
    "DELETE FROM rollup_articles",
    "DELETE FROM rollup_agencies",
    "DELETE FROM rollup_agency_days",
    "INSERT INTO rollup_articles (day, outlet, sentiment, n) "
    "SELECT coalesce(published_day, ''), outlet, coalesce(sentiment, ''), count(*) "
    "FROM articles GROUP BY 1, 2, 3",
    "INSERT INTO rollup_agencies (agency_id, day, outlet, sentiment, agency_tone, n) "
    "SELECT g.agency_id, coalesce(a.published_day, ''), a.outlet, coalesce(a.sentiment, ''), "
    "coalesce(g.sentiment, ''), count(*) FROM article_agencies g "
    "JOIN articles a ON a.pk = g.pk GROUP BY 1, 2, 3, 4, 5",
    "INSERT INTO rollup_agency_days (day, agency_id, agency_tone, n) "
    "SELECT day, agency_id, agency_tone, sum(n) FROM rollup_agencies GROUP BY 1, 2, 3",
)


def _jakarta_day(value: datetime) -> str | None:
    """The Jakarta day starting at ``value``, or None when it is not a Jakarta midnight."""
    local = value.astimezone(JAKARTA)
    if (local.hour, local.minute, local.second, local.microsecond) != (0, 0, 0, 0):
        return None
    return local.date().isoformat()


@dataclass(frozen=True, slots=True)
class Rollup:
    """A request the rollups can answer: its filters as SQL on rollup columns."""

    agency: str | None
    where: str
    params: list[object]
    plain: bool  # no outlet or tone filter (rollup_agency_days can answer agency questions)


def eligible(request: SearchRequest) -> Rollup | None:
    # The rollups know no text, agency tone, second agency or story (cluster): those read rows.
    if (
        request.query is not None
        or request.agency_tones
        or len(set(request.agencies)) > 1
        or request.clusters
    ):
        return None
    parts: list[str] = []
    params: list[object] = []
    for bound, op in ((request.date_from, ">="), (request.date_to, "<")):
        if bound is None:
            continue
        if bound.tzinfo is None or bound.utcoffset() is None:
            return None  # the general path raises the clear error
        day = _jakarta_day(bound)
        if day is None:
            return None
        # Undated articles ('' sorts first) drop out of any date range, as in the general path.
        parts.append(f"day {op} ?" + (" AND day != ''" if op == "<" else ""))
        params.append(day)
    for column, values in (("outlet", request.outlets), ("sentiment", request.sentiments)):
        if values:
            parts.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(value.lower() for value in values)
    agency = request.agencies[0].lower() if request.agencies else None
    plain = not request.outlets and not request.sentiments
    return Rollup(agency=agency, where=" AND ".join(parts) or "1", params=params, plain=plain)


def _article_source(rollup: Rollup) -> tuple[str, list[object]]:
    """Rows counting each matched article once: rollup_articles, or one agency's rows."""
    if rollup.agency is None:
        return f"rollup_articles WHERE {rollup.where}", rollup.params
    return (
        f"rollup_agencies WHERE agency_id = ? AND {rollup.where}",
        [rollup.agency, *rollup.params],
    )


def total(conn: sqlite3.Connection, rollup: Rollup) -> int:
    source, params = _article_source(rollup)
    return int(conn.execute(f"SELECT coalesce(sum(n), 0) FROM {source}", params).fetchone()[0])


def facets(
    conn: sqlite3.Connection, rollup: Rollup, size: int, fields: tuple[str, ...]
) -> dict[str, list[FacetCount]]:
    """The facets of ``fields``; without "agency" under an agency filter (co-mentions:
    ``sqlite_search.py``)."""
    source, params = _article_source(rollup)
    result: dict[str, list[FacetCount]] = {}
    for name, column in (("outlet", "outlet"), ("sentiment", "sentiment")):
        if name not in fields:
            continue
        rows = conn.execute(
            f"SELECT {column}, sum(n) AS c FROM {source} AND {column} != '' "
            "GROUP BY 1 ORDER BY c DESC, 1 LIMIT ?",
            [*params, size],
        )
        result[name] = [FacetCount(value=value, count=count) for value, count in rows]
    if rollup.agency is None and "agency" in fields:
        result["agency"] = [
            FacetCount(value=agency, count=count)
            for agency, count in _agency_counts(conn, rollup, size)
        ]
    if "day" in fields:
        rows = conn.execute(
            f"SELECT day, sum(n) FROM {source} AND day != '' GROUP BY 1 ORDER BY 1", params
        )
        result["day"] = [FacetCount(value=day, count=count) for day, count in rows]
    return result


def _agency_source(rollup: Rollup) -> str:
    return "rollup_agency_days" if rollup.plain else "rollup_agencies"


def _agency_counts(conn: sqlite3.Connection, rollup: Rollup, size: int) -> list[tuple[str, int]]:
    rows = conn.execute(
        f"SELECT agency_id, sum(n) AS c FROM {_agency_source(rollup)} WHERE {rollup.where} "
        "GROUP BY 1 ORDER BY c DESC, 1 LIMIT ?",
        [*rollup.params, size],
    )
    return [(agency, count) for agency, count in rows]


def agency_tones(conn: sqlite3.Connection, rollup: Rollup, size: int) -> list[AgencyTone] | None:
    """The top agencies with the tone towards each; None with an agency filter (co-mentions)."""
    if rollup.agency is not None:
        return None
    top = [agency for agency, _ in _agency_counts(conn, rollup, size)]
    if not top:
        return []
    marks = ", ".join("?" for _ in top)
    tones = {agency: ToneCounts() for agency in top}
    rows = conn.execute(
        f"SELECT agency_id, agency_tone, sum(n) FROM {_agency_source(rollup)} "
        f"WHERE {rollup.where} AND agency_id IN ({marks}) GROUP BY 1, 2",
        [*rollup.params, *top],
    )
    for agency, tone, count in rows:
        tones[agency].add(tone or "none", count)
    return [AgencyTone(agency=a, articles=tones[a].total, tones=tones[a]) for a in top]


_BUCKET = {
    "day": "day",
    "week": "date(day, '-6 days', 'weekday 1')",
    "month": "substr(day, 1, 8) || '01'",
}


def timeline(conn: sqlite3.Connection, rollup: Rollup, interval: str) -> Timeline:
    source, params = _article_source(rollup)
    sums: dict[str, ToneCounts] = {}
    undated = 0
    rows = conn.execute(
        f"SELECT CASE WHEN day = '' THEN '' ELSE {_BUCKET[interval]} END, sentiment, sum(n) "
        f"FROM {source} GROUP BY 1, 2 ORDER BY 1",
        params,
    )
    for bucket, tone, count in rows:
        if not bucket:
            undated += count
            continue
        sums.setdefault(bucket, ToneCounts()).add(tone or "none", count)
    buckets = [TimelineBucket(start=date.fromisoformat(key), counts=sums[key]) for key in sums]
    return Timeline(interval=interval, buckets=buckets, undated=undated)  # type: ignore[arg-type]
