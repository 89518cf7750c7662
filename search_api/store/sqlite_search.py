"""How the SQLite store answers a search, a timeline and agency tones with bounded work.

* **Newest first, stopping early.** Matches are read newest first — full-text matches in rowid
  order straight from the FTS5 index (keys are time-ordered, ``sqlite_keys.py``), other searches
  backwards along the rowid — and at most :data:`CAP` + 1 of them are kept
  (``temp.pantau_matched``). Up to :data:`CAP` matches the total is exact; beyond it the total is
  :data:`CAP` with ``total_is_exact`` false ("10.000+"), as Elasticsearch's ``track_total_hits``.
* **Relevance** ranks the matches kept: all of them up to :data:`CAP`, the newest :data:`CAP`
  beyond (nobody pages past 10,000 anyway).
* **Facets** count the kept matches: exact up to :data:`CAP`, else the newest
  :data:`FACET_SAMPLE` (``facets_sample`` says so: "dihitung dari 5.000 artikel terbaru").
* **Without text**, a search whose filters the daily rollups express gets its total and facets
  from them, exact at any size (``sqlite_rollups.py``); one agency's searches are driven by that
  agency's index entries.
* **Collapsed** (one hit per story, ``cluster_id``): the kept matches are grouped by story; the
  total counts their stories, ``articles`` the matches, and each hit carries how many other kept
  matches its story has ("+N media lain"). Never from the rollups, which know no stories.
* **Timelines** stay exact: from the rollups, or for a text query without other filters from the
  matching rowids alone (day and tone are in the key), else by reading the matched rows.

Measured reasons in ``docs/scale.md``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from search_api.query import Leaf
from search_api.store import sqlite_rollups as rollups
from search_api.store import sqlite_stats
from search_api.store.base import (
    FACET_FIELDS,
    MAX_RESULT_WINDOW,
    AgencyTone,
    FacetCount,
    Interval,
    SearchRequest,
    Timeline,
    TimelineBucket,
    ToneCounts,
    story_request,
)
from search_api.store.sqlite_keys import (
    DATED_MIN,
    DAY_NUMBER_SQL,
    TONE_CODE_SQL,
    TONE_LABELS,
    bound_for_day,
    day_of_key,
    day_of_number,
    tone_of_code,
)
from search_api.store.sqlite_plan import split
from search_api.store.sqlite_sql import (
    FTS_TABLE,
    agencies_any,
    compile_conditions,
    compile_where,
    fts_any,
    key_range,
)
from search_api.store.stats import bucket_start, next_start

CAP = MAX_RESULT_WINDOW
FACET_SAMPLE = 5_000


@dataclass(frozen=True, slots=True)
class Limits:
    """How far counts are exact (:data:`CAP`) and how many matches sampled facets count
    (:data:`FACET_SAMPLE`); smaller in tests, to cross them with a few articles."""

    cap: int = CAP
    facet_sample: int = FACET_SAMPLE

    def __post_init__(self) -> None:
        if not 0 < self.facet_sample <= self.cap:
            raise ValueError(f"need 0 < facet_sample <= cap, got {self.facet_sample}, {self.cap}")


MATCHED = "temp.pantau_matched"
_SCORES = "temp.pantau_scores"
_SCORES_CREATE = (
    "CREATE TEMP TABLE IF NOT EXISTS pantau_scores (pk INTEGER PRIMARY KEY, score REAL NOT NULL)"
)
_MATCHED_CREATE = "CREATE TEMP TABLE IF NOT EXISTS pantau_matched (pk INTEGER PRIMARY KEY)"
# The kept matches with what facets and story counts read of them, from the covering index
# ``articles_by_key`` (schema.sql). SQLite's planner prefers the table's own key for ``a.pk = m.pk``
# and would read each row with its document: at 1M articles a story count of 10,000 matches took
# 19 ms that way and 14 from the index, the agency facet 37 and 27.
BY_KEY = "articles a INDEXED BY articles_by_key"
MATCHED_SOURCE = f"{MATCHED} m CROSS JOIN {BY_KEY} ON a.pk = m.pk"
_MATCH = f"f.{FTS_TABLE} MATCH ?"
# bm25 column weights (title, body, author, location, keys, grams, titles): a title word says
# most about an article; the agency tokens of ``keys`` are filters, not relevance; a pair of
# common words counts like a body word, a ``titles`` token like the title (sqlite_grams.py).
_BM25 = f"bm25(f.{FTS_TABLE}, 4.0, 1.0, 1.0, 1.0, 0.0, 1.0, 4.0)"
_AGENCY_SOURCE = "article_agencies g CROSS JOIN articles a ON a.pk = g.pk"
# One agency's articles as ``a.pk`` alone, for agency facets and tones without other filters.
_AGENCY_IDS = "(SELECT pk FROM article_agencies WHERE agency_id = ?) a"
# The kept matches' keys as ``a.pk``: the agencies' entries are joined by key, no article read.
KEPT_KEYS = f"{MATCHED} a"
FACET_SQL = {
    "outlet": "SELECT a.outlet, count(*) AS n FROM {source} WHERE {where} "
    "GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?",
    "agency": "SELECT f.agency_id, count(*) AS n FROM {source} "
    "CROSS JOIN article_agencies f ON f.pk = a.pk WHERE {where} "
    "GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?",
    # Unlabelled and undated articles are dropped in Python (matched_facets): a condition on
    # the article's column, even in HAVING, made SQLite build a Bloom filter over the whole
    # table first (50 ms at 100k articles for 2,000 matches). One more row covers the NULL one.
    "sentiment": "SELECT a.sentiment, count(*) AS n FROM {source} "
    "WHERE {where} GROUP BY 1 ORDER BY n DESC, 1 LIMIT ? + 1",
    # Every day is returned (a timeline has no "top" days); a year of matches is ~365 rows.
    "day": "SELECT a.published_day, count(*) AS n FROM {source} WHERE {where} "
    "GROUP BY 1 ORDER BY 1",
}

# The kept matches' tone and day come from their keys (sqlite_keys.py): no article row is read
# for these two facets (each row read costs a look-up in the table of compressed documents).
_KEY_TONE = TONE_CODE_SQL.format(col="m.pk")
_KEY_LABEL = " ".join(
    f"WHEN {code} THEN '{label}'" for code, label in enumerate(TONE_LABELS) if label is not None
)
_KEPT_FACET_SQL = {
    "agency": f"SELECT f.agency_id, count(*) AS n FROM {KEPT_KEYS} "
    "CROSS JOIN article_agencies f ON f.pk = a.pk GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?",
    "sentiment": f"SELECT CASE {_KEY_TONE} {_KEY_LABEL} END AS s, count(*) AS n "
    f"FROM {MATCHED} m GROUP BY 1 ORDER BY n DESC, 1 LIMIT ? + 1",
    "day": f"SELECT CASE WHEN m.pk >= {DATED_MIN} THEN "
    f"date({DAY_NUMBER_SQL.format(col='m.pk')} * 86400, 'unixepoch') END AS d, count(*) AS n "
    f"FROM {MATCHED} m GROUP BY 1 ORDER BY 1",
}

Row = tuple[int, bytes, float | None]


@dataclass(frozen=True, slots=True)
class Plan:
    """A request as a walk over matches: an FTS5 expression (or none), the other conditions on
    ``a`` and the key range of the date filters."""

    fts: str | None
    where: str
    params: list[object]
    low: int
    high: int

    @classmethod
    def of(cls, request: SearchRequest) -> Plan:
        low, high = key_range(request)
        parts = split(request.query)
        if parts is None:  # text mixed with keywords under OR/NOT: every condition on the rows
            where, params = compile_conditions(request.query, request)
            return cls(fts=None, where=where, params=params, low=low, high=high)
        if parts.fts is None and not request.agencies:
            where, params = compile_conditions(parts.rest, request)
            return cls(fts=None, where=where, params=params, low=low, high=high)
        # The agency filter joins the expression (``keys`` tokens), or is all of it without text:
        # the agency's doclist instead of every row's id looked up among its articles.
        fts = parts.fts
        if request.agencies:
            agencies = agencies_any(request.agencies)
            fts = agencies if fts is None else f"({fts}) AND {agencies}"
            request = replace(request, agencies=[])
        # Conditions on the key (tone) are checked on the index's rowids, without a row.
        where, params = compile_conditions(parts.rest, request, key="f.rowid")
        return cls(fts=fts, where=where, params=params, low=low, high=high)

    @property
    def reads_rows(self) -> bool:
        """Whether the conditions read article columns (``a.…``), not only the key."""
        return _ROW_COLUMN.search(self.where) is not None

    def stream(
        self,
        order: str = "DESC",
        low: int | None = None,
        high: int | None = None,
        *,
        score: bool = False,
    ) -> SQL:
        """Matching keys in key order, as one SELECT of column ``pk`` (and ``score``, bm25 of the
        expression, with ``score``: a full-text plan only)."""
        low = self.low if low is None else max(low, self.low)
        high = self.high if high is None else min(high, self.high)
        if self.fts is None:
            return (
                f"SELECT a.pk AS pk FROM articles a WHERE a.pk >= ? AND a.pk < ? "
                f"AND ({self.where}) ORDER BY a.pk {order}",
                [low, high, *self.params],
            )
        join, rest = "", ""
        if self.where != "1":
            rest = f" AND ({self.where})"
        if self.reads_rows:
            join = " JOIN articles a ON a.pk = f.rowid"
        scored = f", {_BM25} AS score" if score else ""
        return (
            f"SELECT f.rowid AS pk{scored} FROM {FTS_TABLE} f{join} WHERE {_MATCH} "
            f"AND f.rowid >= ? AND f.rowid < ?{rest} ORDER BY f.rowid {order}",
            [self.fts, low, high, *self.params],
        )


SQL = tuple[str, list[object]]
# The articles table is always aliased ``a`` (sqlite_sql.py): a condition naming ``a.x`` reads rows.
_ROW_COLUMN = re.compile(r"\ba\.")


@dataclass(kw_only=True, slots=True)
class Found:
    total: int
    total_is_exact: bool
    rows: list[Row]
    facets: dict[str, list[FacetCount]]
    facets_sample: int | None
    # Collapsed: the matching articles (``total`` then counts stories), and per hit's key the
    # other matches of its story.
    articles: int | None = None
    copies: dict[int, int] = field(default_factory=dict)


def search(
    conn: sqlite3.Connection, request: SearchRequest, leaves: list[Leaf], limits: Limits
) -> Found:
    plan = Plan.of(request)
    rollup = None if request.collapse else rollups.eligible(request)
    offset = (request.page - 1) * request.size
    if rollup is not None:
        rows = _page_unranked(conn, plan, request, offset, kept=None)
        return Found(
            total=rollups.total(conn, rollup),
            total_is_exact=True,
            rows=rows,
            facets=_rollup_facets(conn, request, rollup) if request.facets else {},
            facets_sample=None,
        )
    ranked = request.sort == "relevance" and bool(leaves)
    kept = collect(conn, plan, limits.cap + 1, scored=ranked)
    exact = kept <= limits.cap
    scored = ranked and plan.fts is not None  # bm25 came with the matches
    stories: tuple[int, dict[int, int]] | None = None
    if request.collapse:
        if not exact:
            trim(conn, limits.cap)  # the stories of the newest CAP matches, as the total says
        stories, rows = _page_collapsed(
            conn, request, leaves if ranked else None, offset, scored=scored
        )
    elif ranked:
        rows = _page_ranked(conn, request, leaves, offset, scored=scored)
    else:
        rows = _page_unranked(conn, plan, request, offset, kept=kept if exact else None)
    facets: dict[str, list[FacetCount]] = {}
    sample = None
    if request.facets:
        if not exact:
            sample = trim(conn, limits.facet_sample)
        facets = matched_facets(
            conn, MATCHED_SOURCE, "1", [], request.facet_size, request.facet_fields
        )
    articles = kept if exact else limits.cap
    if stories is not None:
        return Found(
            total=stories[0],
            total_is_exact=exact,
            rows=rows,
            facets=facets,
            facets_sample=sample,
            articles=articles,
            copies=stories[1],
        )
    return Found(
        total=articles, total_is_exact=exact, rows=rows, facets=facets, facets_sample=sample
    )


def shares(
    conn: sqlite3.Connection,
    request: SearchRequest,
    leaves: list[Leaf],
    size: int,
    limits: Limits,
) -> tuple[Found, list[AgencyTone], int]:
    """``search``, ``agency_tones`` and the story count of ``request``, from one walk of the
    index when it has text.

    Asked apart, each of the three collected the same newest 10,001 matches again (at 1M
    articles about 10 ms a broad overview). Here the search's kept matches stay for the other
    two: the stories of the newest CAP, then the facets and agency tones of the newest
    FACET_SAMPLE when there are more (as each of the three counts them alone)."""
    if request.collapse or rollups.eligible(request) is not None:
        # Without text the rollups answer the search and agency tones; only stories walk keys.
        found = search(conn, request, leaves, limits)
        stories = search(conn, story_request(request), [], limits).total
        return found, agency_tones(conn, request, size, limits), stories
    found = search(conn, replace(request, facets=False), leaves, limits)
    exact = found.total_is_exact
    if not exact:
        trim(conn, limits.cap)
    stories = int(
        conn.execute(f"SELECT count(DISTINCT a.cluster_id) FROM {MATCHED_SOURCE}").fetchone()[0]
    )
    sample = None if exact else trim(conn, limits.facet_sample)
    if request.facets:
        found.facets = matched_facets(
            conn, MATCHED_SOURCE, "1", [], request.facet_size, request.facet_fields
        )
        found.facets_sample = sample
    tones = sqlite_stats.agency_tones(conn, KEPT_KEYS, "1", [], size)
    return found, tones, stories


def collect(conn: sqlite3.Connection, plan: Plan, limit: int, *, scored: bool = False) -> int:
    """Keep the newest ``limit`` matching keys in ``temp.pantau_matched``; how many were kept.

    ``scored`` (a full-text plan): their bm25 goes to ``temp.pantau_scores`` in the same walk.
    bm25 first counts, over the whole index, the rows matching each phrase of its expression
    (its IDF); a second statement ranking the kept rows paid that again, and for a common word or
    phrase it is most of the search (``"wali kota"`` at 1M articles: 130 ms a count)."""
    conn.execute(_MATCHED_CREATE)
    conn.execute(f"DELETE FROM {MATCHED}")
    if scored and plan.fts is not None:
        conn.execute(_SCORES_CREATE)
        conn.execute(f"DELETE FROM {_SCORES}")
        sql, params = plan.stream(score=True)
        conn.execute(f"INSERT INTO {_SCORES} (pk, score) {sql} LIMIT ?", [*params, limit])
        conn.execute(f"INSERT INTO {MATCHED} (pk) SELECT pk FROM {_SCORES}")
    else:
        sql, params = plan.stream()
        conn.execute(f"INSERT INTO {MATCHED} (pk) {sql} LIMIT ?", [*params, limit])
    return int(conn.execute(f"SELECT count(*) FROM {MATCHED}").fetchone()[0])


def _scores(conn: sqlite3.Connection, leaves: list[Leaf], scored: bool) -> bool:
    """Scores for the kept matches (already there when ``scored``); False when none is kept."""
    if scored:
        return conn.execute(f"SELECT 1 FROM {MATCHED} LIMIT 1").fetchone() is not None
    return _score_kept(conn, leaves)


def trim(conn: sqlite3.Connection, size: int) -> int:
    """Keep only the newest ``size`` kept matches; returns ``size``."""
    conn.execute(
        f"DELETE FROM {MATCHED} WHERE pk < "
        f"(SELECT pk FROM {MATCHED} ORDER BY pk DESC LIMIT 1 OFFSET ?)",
        [size - 1],
    )
    return size


def _page_unranked(
    conn: sqlite3.Connection, plan: Plan, request: SearchRequest, offset: int, kept: int | None
) -> list[Row]:
    """Newest or oldest first: from the kept matches when they are all of them (``kept``), else
    by walking the matches (oldest: dated ones, then undated, as "newest" reversed)."""
    if kept is not None or request.sort != "oldest":
        if kept is not None:
            order = "m.pk < ?, m.pk ASC" if request.sort == "oldest" else "m.pk DESC"
            args: list[object] = [DATED_MIN] if request.sort == "oldest" else []
            sql = (
                f"SELECT a.pk, a.doc, NULL FROM {MATCHED} m JOIN articles a ON a.pk = m.pk "
                f"ORDER BY {order} LIMIT ? OFFSET ?"
            )
            return _rows(conn, sql, [*args, request.size, offset])
        stream, params = plan.stream("DESC")
    else:
        wanted = offset + request.size
        dated, dated_params = plan.stream("ASC", low=DATED_MIN)
        undated, undated_params = plan.stream("ASC", high=DATED_MIN)
        stream = (
            f"SELECT pk FROM (SELECT pk FROM ({dated} LIMIT {wanted}) "
            f"UNION ALL SELECT pk FROM ({undated} LIMIT {wanted}))"
        )
        params = [*dated_params, *undated_params]
    sql = (
        f"SELECT a.pk, a.doc, NULL FROM ({stream} LIMIT ? OFFSET ?) s "
        "JOIN articles a ON a.pk = s.pk"
    )
    rows = _rows(conn, sql, [*params, request.size, offset])
    # The join may not keep the walk's order; the keys give it back.
    rows.sort(key=lambda row: row[0], reverse=request.sort != "oldest")
    if request.sort == "oldest":
        rows.sort(key=lambda row: row[0] < DATED_MIN)
    return rows


def _score_kept(conn: sqlite3.Connection, leaves: list[Leaf]) -> bool:
    """bm25 of the positive terms for the kept matches that have one, in ``temp.pantau_scores``;
    False when nothing is kept."""
    lowest = conn.execute(f"SELECT min(pk) FROM {MATCHED}").fetchone()[0]
    if lowest is None:
        return False
    conn.execute(_SCORES_CREATE)
    conn.execute(f"DELETE FROM {_SCORES}")
    # The index walks its matches (rowid >= the oldest kept) and looks each up among the kept:
    # CROSS JOIN keeps SQLite from doing it the other way round, one full MATCH per kept row.
    conn.execute(
        f"INSERT INTO {_SCORES} (pk, score) SELECT f.rowid, {_BM25} FROM {FTS_TABLE} f "
        f"CROSS JOIN {MATCHED} k ON k.pk = f.rowid WHERE {_MATCH} AND f.rowid >= ?",
        [fts_any(leaves), lowest],
    )
    return True


def _page_ranked(
    conn: sqlite3.Connection,
    request: SearchRequest,
    leaves: list[Leaf],
    offset: int,
    *,
    scored: bool,
) -> list[Row]:
    """By bm25 among the kept matches (ties: newest first); matches without a positive term (a
    keyword alternative) come last."""
    if not _scores(conn, leaves, scored):
        return []
    sql = (
        f"SELECT a.pk, a.doc, r.score FROM (SELECT m.pk, s.score FROM {MATCHED} m "
        f"LEFT JOIN {_SCORES} s ON s.pk = m.pk "
        "ORDER BY s.score IS NULL, s.score, m.pk DESC LIMIT ? OFFSET ?) r "
        "JOIN articles a ON a.pk = r.pk"
    )
    rows = _rows(conn, sql, [request.size, offset])
    rows.sort(key=lambda row: (row[2] is None, row[2] or 0.0, -row[0]))
    return rows


def _page_collapsed(
    conn: sqlite3.Connection,
    request: SearchRequest,
    leaves: list[Leaf] | None,
    offset: int,
    *,
    scored: bool = False,
) -> tuple[tuple[int, dict[int, int]], list[Row]]:
    """One row per story among the kept matches: its best match in the request's order (bm25
    with ``leaves``, else newest or oldest), the page of those, and each one's other matches.

    The kept matches are walked in the request's order, their stories looked up a batch at a
    time, until the page's stories are found: a story's first match is its best. A window over
    every kept match (row_number per story) read the story of all 10,000 of a broad query for a
    page of 20 (40-55 ms at 1M articles)."""
    ranked = leaves is not None and _scores(conn, leaves, scored)
    if ranked:
        ordered = (
            f"SELECT m.pk, s.score FROM {MATCHED} m LEFT JOIN {_SCORES} s ON s.pk = m.pk "
            "ORDER BY s.score IS NULL, s.score, m.pk DESC"
        )
    else:
        order = f"pk < {DATED_MIN}, pk ASC" if request.sort == "oldest" else "pk DESC"
        ordered = f"SELECT pk, NULL FROM {MATCHED} ORDER BY {order}"
    stories = int(
        conn.execute(f"SELECT count(DISTINCT a.cluster_id) FROM {MATCHED_SOURCE}").fetchone()[0]
    )
    walk = conn.execute(ordered)
    try:
        best = _best_of_stories(conn, walk, offset + request.size)[offset:]
    finally:
        walk.close()  # unfinished: its statement would hold the read open until collected
    if not best:
        return (stories, {}), []
    marks = ", ".join("?" for _ in best)
    # The page's stories' matches among the kept ones, from the story index.
    counts = dict(
        conn.execute(
            f"SELECT a.cluster_id, count(*) FROM articles a CROSS JOIN {MATCHED} m "
            f"ON m.pk = a.pk WHERE a.cluster_id IN ({marks}) GROUP BY 1",
            [story for _, _, story in best],
        ).fetchall()
    )
    docs = dict(
        conn.execute(f"SELECT pk, doc FROM articles WHERE pk IN ({marks})", [b[0] for b in best])
    )
    rows = [(pk, docs[pk], score) for pk, score, _ in best]
    return (stories, {pk: counts[story] - 1 for pk, _, story in best}), rows


# Kept matches whose stories are looked up at once while walking them in order.
_STORY_BATCH = 64


def _best_of_stories(
    conn: sqlite3.Connection, ordered: sqlite3.Cursor, wanted: int
) -> list[tuple[int, float | None, str]]:
    """The first ``wanted`` stories met walking ``ordered`` (key, score): each story's first
    key and score, and the story id."""
    seen: set[str] = set()
    best: list[tuple[int, float | None, str]] = []
    while len(best) < wanted:
        batch: list[tuple[int, float | None]] = ordered.fetchmany(_STORY_BATCH)
        if not batch:
            break
        marks = ", ".join("?" for _ in batch)
        story_of = dict(
            conn.execute(
                f"SELECT pk, cluster_id FROM {BY_KEY} WHERE pk IN ({marks})",
                [k for k, _ in batch],
            ).fetchall()
        )
        for pk, score in batch:
            story = story_of[pk]
            if story not in seen:
                seen.add(story)
                best.append((pk, score, story))
                if len(best) == wanted:
                    break
    return best


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[object]) -> list[Row]:
    return [(row[0], row[1], row[2]) for row in conn.execute(sql, params)]


def matched_facets(
    conn: sqlite3.Connection,
    source: str,
    where: str,
    params: list[object],
    size: int,
    fields: tuple[str, ...] = FACET_FIELDS,
) -> dict[str, list[FacetCount]]:
    facets: dict[str, list[FacetCount]] = {}
    kept = source == MATCHED_SOURCE and where == "1"
    for name, template in FACET_SQL.items():
        if name not in fields:
            continue
        args = [*params, size] if name != "day" else params
        if kept and name in _KEPT_FACET_SQL:
            rows = conn.execute(_KEPT_FACET_SQL[name], args)
        else:
            rows = conn.execute(template.format(source=source, where=where), args)
        counts = [FacetCount(value=value, count=count) for value, count in rows if value]
        facets[name] = counts[:size] if name != "day" else counts
    return facets


def _one_agency(request: SearchRequest) -> tuple[str, str, list[object]]:
    """A search without text for one agency, driven by that agency's index entries. Dates and
    tones are in the entries' keys, so only an outlet filter reads the articles themselves
    (one agency's two years at 1M articles: 42 ms through the articles, 32 from the keys)."""
    agency = request.agencies[0].lower()
    if not (request.date_from or request.date_to or request.outlets or request.sentiments):
        return _AGENCY_IDS, "1", [agency]
    where, params = compile_where(replace(request, agencies=[]))
    if not request.outlets:
        return _AGENCY_IDS, where, [agency, *params]
    return _AGENCY_SOURCE, f"g.agency_id = ? AND {where}", [agency, *params]


def _rollup_facets(
    conn: sqlite3.Connection, request: SearchRequest, rollup: rollups.Rollup
) -> dict[str, list[FacetCount]]:
    facets = rollups.facets(conn, rollup, request.facet_size, request.facet_fields)
    if "agency" in request.facet_fields and "agency" not in facets:
        # the agencies covered together with the one asked for
        source, where, params = _one_agency(request)
        rows = conn.execute(
            FACET_SQL["agency"].format(source=source, where=where), [*params, request.facet_size]
        )
        facets["agency"] = [FacetCount(value=value, count=count) for value, count in rows]
    return {name: facets[name] for name in FACET_FIELDS if name in request.facet_fields}


def timeline(conn: sqlite3.Connection, request: SearchRequest, interval: Interval) -> Timeline:
    rollup = rollups.eligible(request)
    if rollup is not None:
        return rollups.timeline(conn, rollup, interval)
    plan = Plan.of(request)
    if plan.fts is not None and plan.where == "1":
        return _key_timeline(conn, plan, interval)
    if plan.fts is not None:
        source = f"{FTS_TABLE} f JOIN articles a ON a.pk = f.rowid"
        where = f"{_MATCH} AND f.rowid >= ? AND f.rowid < ? AND ({plan.where})"
        return sqlite_stats.timeline(
            conn, source, where, [plan.fts, plan.low, plan.high, *plan.params], interval
        )
    return sqlite_stats.timeline(conn, "articles a", *compile_where(request), interval)


def _key_timeline(conn: sqlite3.Connection, plan: Plan, interval: Interval) -> Timeline:
    """A text query's timeline from the matching keys alone: no article row is read.

    One aggregate per bucket (day, week or month) over that bucket's key range: the index walks
    each match once and SQLite sorts nothing. A GROUP BY over the whole match set sorts every
    match instead (100k matches: median 61-66 ms against 54-59 ms by days; 1M matches by days:
    246 ms); it is kept for spans of thousands of buckets, where a statement each would cost
    more than the sort. Counting a two-year timeline by weeks instead of days (104 statements,
    not 730) took the broad overview question's timeline at 1M from ~350 ms to the walk itself.
    """
    assert plan.fts is not None
    low, high = max(plan.low, DATED_MIN), plan.high
    edge = (
        f"SELECT f.rowid FROM {FTS_TABLE} f WHERE {_MATCH} AND f.rowid >= ? AND f.rowid < ? "
        "ORDER BY f.rowid {order} LIMIT 1"
    )
    first = conn.execute(edge.format(order="ASC"), [plan.fts, low, high]).fetchone()
    sums: dict[date, ToneCounts] = {}
    if first is not None:
        last = conn.execute(edge.format(order="DESC"), [plan.fts, low, high]).fetchone()
        for start, code, count in _bucket_counts(conn, plan.fts, first[0], last[0] + 1, interval):
            sums.setdefault(start, ToneCounts()).add(tone_of_code(code) or "", count)
    undated = 0
    if plan.low < DATED_MIN:
        undated = conn.execute(
            f"SELECT count(*) FROM {FTS_TABLE} f WHERE {_MATCH} AND f.rowid >= ? AND f.rowid < ?",
            [plan.fts, plan.low, min(plan.high, DATED_MIN)],
        ).fetchone()[0]
    buckets = [TimelineBucket(start=day, counts=sums[day]) for day in sorted(sums)]
    return Timeline(interval=interval, buckets=buckets, undated=undated)


# Above this many buckets one GROUP BY beats a statement per bucket.
_BUCKETS_ONE_BY_ONE = 1500
_FIELD = 20  # bits per tone count in the packed sum of _bucket_counts


def _bucket_counts(
    conn: sqlite3.Connection, fts: str, low: int, high: int, interval: Interval
) -> list[tuple[date, int, int]]:
    """(bucket start, tone code, count) of the matches with keys in ``[low, high)``."""
    first, last = day_of_key(low), day_of_key(high - 1)
    starts = [bucket_start(first, interval)]
    while next_start(starts[-1], interval) <= last:
        starts.append(next_start(starts[-1], interval))
    if len(starts) > _BUCKETS_ONE_BY_ONE:
        day, tone = DAY_NUMBER_SQL.format(col="f.rowid"), TONE_CODE_SQL.format(col="f.rowid")
        sql = (
            f"SELECT {day}, {tone}, count(*) FROM {FTS_TABLE} f WHERE {_MATCH} "
            "AND f.rowid >= ? AND f.rowid < ? GROUP BY 1, 2"
        )
        return [
            (bucket_start(day_of_number(d), interval), t, n)
            for d, t, n in conn.execute(sql, [fts, low, high])
        ]
    tone = TONE_CODE_SQL.format(col="f.rowid")
    where = f"FROM {FTS_TABLE} f WHERE {_MATCH} AND f.rowid >= ? AND f.rowid < ?"
    # The three tone counts packed into one sum (20 bits each: 1 << 20 * code, shifted back so
    # "no tone" adds 0): one expression a match instead of three, 187 → 113 ms for 1M matches.
    packed = f"SELECT count(*), sum((1 << ({tone} * {_FIELD})) >> {_FIELD}) {where}"
    summed = f"SELECT count(*), sum({tone} = 1), sum({tone} = 2), sum({tone} = 3) {where}"
    counts: list[tuple[date, int, int]] = []
    for start in starts:
        begin = max(low, bound_for_day(start))
        end = min(high, bound_for_day(next_start(start, interval)))
        total, fields = conn.execute(packed, [fts, begin, end]).fetchone()
        if total >= 1 << _FIELD:  # a field could overflow into the next: count them apart
            total, positive, neutral, negative = conn.execute(summed, [fts, begin, end]).fetchone()
        elif total:
            mask = (1 << _FIELD) - 1
            positive, neutral, negative = (fields >> (_FIELD * n) & mask for n in range(3))
        if total:
            labelled = positive + neutral + negative
            for code, count in enumerate((total - labelled, positive, neutral, negative)):
                if count:
                    counts.append((start, code, count))
    return counts


def agency_tones(
    conn: sqlite3.Connection, request: SearchRequest, size: int, limits: Limits
) -> list[AgencyTone]:
    """Exact from the rollups or one agency's entries; otherwise over the matches a search with
    facets counts (all up to :data:`CAP`, else the newest :data:`FACET_SAMPLE`)."""
    rollup = rollups.eligible(request)
    if rollup is not None:
        tones = rollups.agency_tones(conn, rollup, size)
        if tones is not None:
            return tones
        return sqlite_stats.agency_tones(conn, *_one_agency(request), size)
    kept = collect(conn, Plan.of(request), limits.cap + 1)
    if kept > limits.cap:
        trim(conn, limits.facet_sample)
    return sqlite_stats.agency_tones(conn, KEPT_KEYS, "1", [], size)
