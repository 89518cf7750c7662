"""The embedded store: one SQLite file with an FTS5 index (tables in ``schema.sql``).

* **Schema.** ``schema.sql`` is the only copy; it is loaded with importlib.resources and run on
  a file whose ``PRAGMA user_version`` is 0. A file of an older version is migrated on opening
  (``sqlite_migrate.py``, one transaction per step); a newer one is refused with
  :class:`StoreError`.
* **Threading.** A connection per thread (``sqlite_connections.py``); other processes (crawler,
  scheduler, the other ``pantau serve`` workers) open their own store; WAL lets their writes
  proceed while this one reads, and ``busy_timeout`` makes writers wait instead of failing.
* **Writes.** One transaction per :meth:`SQLiteStore.upsert`, a savepoint per article: a bad record
  (not an Article, naive date, unknown sentiment label, canonical URL stored under another id) is
  counted in the report and the rest are stored; a database failure (disk full, I/O) rolls the whole
  batch back and raises :class:`StoreError` so the caller can retry. Each article's write also
  updates its full-text entry and the daily rollups (``_write``), and moves it to a new key when
  its date or tone changed (``sqlite_keys.py``).
* **Reads.** Bounded at any size (``sqlite_search.py``): totals exact up to 10,000 matches, facets
  of broader searches counted from the newest 5,000, searches without text answered from the
  rollups; ``docs/scale.md``.
* **Filters.** ``date_from``/``date_to`` compare ``published_at``, so undated articles drop out
  of a date-filtered search; without a date filter they sort last. Facets give the top
  ``request.facet_size`` outlets/agencies/sentiments by count and every matching day.
* **Scores.** ``Hit.score`` is the negated FTS5 bm25 (higher is better), ``None`` unless sorted by
  relevance with text terms.

"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pantau.models import Article
from search_api.query import Leaf, positive_leaves
from search_api.sqlite_files import (
    SchemaVersionError,
    ensure_schema,
    load_versioned_schema,
)
from search_api.store import sqlite_rollups as rollups
from search_api.store import sqlite_search
from search_api.store.base import (
    AgencyTone,
    ClosingStore,
    Hit,
    Interval,
    SearchRequest,
    SearchResult,
    Shares,
    StoreError,
    Timeline,
    WriteReport,
)
from search_api.store.rekey import register_functions
from search_api.store.sqlite_connections import ConnectionPool
from search_api.store.sqlite_docs import pack, register, unpack
from search_api.store.sqlite_keys import DATED_MIN, SEQ_MASK, TIME_SHIFT, KeySpaceFull, key_base
from search_api.store.sqlite_maintenance import maintain
from search_api.store.sqlite_migrate import STEPS as MIGRATIONS
from search_api.store.sqlite_rows import (
    ELLIPSIS,
    MARK_END,
    MARK_START,
    ArticleRow,
    article_from_document,
    article_row,
    lead_snippet,
    marked_snippet,
)
from search_api.store.sqlite_sql import FTS_TABLE, fts_any

logger = logging.getLogger(__name__)

SCHEMA_RESOURCE = "schema.sql"
# Well below SQLite's limit on bound parameters per statement.
_CHUNK = 500
# FTS5 snippet() allows at most 64 tokens; ~30 words is two lines of a result list.
_SNIPPET_TOKENS = 30
_VALUES = "canonical_url, outlet, published_ts, published_day, sentiment, doc, cluster_id"
INSERT_ARTICLE = f"INSERT INTO articles (pk, id, {_VALUES}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
UPDATE_ARTICLE = (
    "UPDATE articles SET pk = ?, "
    + ", ".join(f"{column} = ?" for column in _VALUES.split(", "))
    + " WHERE id = ?"
)
_FTS_COLUMNS = "title, body, author, location, keys, grams, titles"
FTS_INSERT = f"INSERT INTO {FTS_TABLE} (rowid, {_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
# Removing a row from an external-content index needs the exact text it was indexed with: read
# back from the stored document through the view, before the row changes.
FTS_DELETE = (
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, {_FTS_COLUMNS}) "
    f"SELECT 'delete', pk, {_FTS_COLUMNS} FROM articles_text WHERE pk = ?"
)


def load_schema() -> tuple[str, int]:
    """The schema script and the version it declares (its ``PRAGMA user_version`` line)."""
    return load_versioned_schema("search_api.store", SCHEMA_RESOURCE)


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    register_functions(conn)  # migration 2 -> 3 computes the new article ids in SQL
    try:
        ensure_schema(conn, path, "search_api.store", MIGRATIONS, f"SQLite store {path}")
    except SchemaVersionError as exc:
        raise StoreError(str(exc)) from exc


class SQLiteStore(ClosingStore):
    """The :class:`~search_api.store.base.Store` protocol on one SQLite file."""

    def __init__(self, path: str | Path, limits: sqlite_search.Limits | None = None) -> None:
        """``limits``: how far totals are exact and how many matches sampled facets count
        (``sqlite_search.py``; the defaults match Elasticsearch's window)."""
        self.path = Path(path)
        self.limits = limits or sqlite_search.Limits()
        self._pool = ConnectionPool(
            self.path, lambda conn: _ensure_schema(conn, self.path), setup=register
        )

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection (``sqlite_connections.py``); errors as :class:`StoreError`."""
        with self._pool.connection() as conn:
            yield conn

    def upsert(self, articles: Iterable[Article]) -> WriteReport:
        report = WriteReport()
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for article in articles:
                    self._upsert_one(conn, article, report)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        logger.info(
            "stored articles: %s created, %s updated, %s failed",
            report.created,
            report.updated,
            report.failed,
        )
        return report

    def _upsert_one(self, conn: sqlite3.Connection, article: Article, report: WriteReport) -> None:
        try:
            row = article_row(article)
        except (TypeError, ValueError) as exc:
            _count_failure(report, article, exc)
            return
        conn.execute("SAVEPOINT article")
        try:
            existed = _write(conn, row)
        except (
            sqlite3.IntegrityError,
            KeySpaceFull,
        ) as exc:  # this record is bad; the batch goes on
            conn.execute("ROLLBACK TO article")
            conn.execute("RELEASE article")
            _count_failure(report, article, exc)
            return
        conn.execute("RELEASE article")
        if existed:
            report.updated += 1
        else:
            report.created += 1

    def get(self, article_id: str) -> Article | None:
        with self._connection() as conn:
            row = conn.execute("SELECT doc FROM articles WHERE id = ?", (article_id,)).fetchone()
        return article_from_document(unpack(row[0])) if row is not None else None

    def existing(self, article_ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(article_ids))
        found: set[str] = set()
        with self._connection() as conn:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                marks = ", ".join("?" for _ in chunk)
                rows = conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
                found.update(row[0] for row in rows)
        return found

    def scan(self, after: str | None = None, batch_size: int = _CHUNK) -> Iterator[list[Article]]:
        """Every article with an id above ``after``, in id order, a batch at a time (migrations).

        Each batch is its own query (keyset paging on the unique id index), so no read transaction
        stays open while the caller writes elsewhere.
        """
        while True:
            with self._connection() as conn:
                rows = conn.execute(
                    "SELECT id, doc FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                    (after or "", batch_size),
                ).fetchall()
            if not rows:
                return
            yield [article_from_document(unpack(doc)) for _, doc in rows]
            after = rows[-1][0]

    def sample_ids(self, size: int) -> list[str]:
        """Up to ``size`` ids picked at random (``pantau index verify``)."""
        with self._connection() as conn:
            rows = conn.execute("SELECT id FROM articles ORDER BY random() LIMIT ?", (size,))
            return [row[0] for row in rows]

    def search(self, request: SearchRequest) -> SearchResult:
        """Bounded work at any size: ``sqlite_search.py`` (exact total up to 10,000)."""
        _check_page(request)
        leaves = positive_leaves(request.query)
        with self._connection() as conn:
            found = sqlite_search.search(conn, request, leaves, self.limits)
            marked = self._marked(conn, request, found, leaves)
        return _result(found, marked)

    def shares(self, request: SearchRequest, size: int) -> Shares:
        """The three on one connection from one walk of the index (``sqlite_search.shares``)."""
        _check_page(request)
        leaves = positive_leaves(request.query)
        with self._connection() as conn:
            found, agencies, stories = sqlite_search.shares(
                conn, request, leaves, size, self.limits
            )
            marked = self._marked(conn, request, found, leaves)
        return Shares(result=_result(found, marked), agencies=agencies, stories=stories)

    def _marked(
        self,
        conn: sqlite3.Connection,
        request: SearchRequest,
        found: sqlite_search.Found,
        leaves: list[Leaf],
    ) -> dict[int, str]:
        if not request.snippets:
            return {}
        return self._snippets(conn, [pk for pk, _, _ in found.rows], leaves)

    def timeline(self, request: SearchRequest, interval: Interval) -> Timeline:
        with self._connection() as conn:
            return sqlite_search.timeline(conn, request, interval)

    def agency_tones(self, request: SearchRequest, size: int) -> list[AgencyTone]:
        with self._connection() as conn:
            return sqlite_search.agency_tones(conn, request, size, self.limits)

    def _snippets(
        self, conn: sqlite3.Connection, pks: list[int], leaves: list[Leaf]
    ) -> dict[int, str]:
        """Body snippets with the positive terms marked, for the hits whose body contains one."""
        if not pks or not leaves:
            return {}
        marks = ", ".join("?" for _ in pks)
        sql = (
            f"SELECT rowid, snippet({FTS_TABLE}, 1, ?, ?, ?, ?) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH ? AND rowid IN ({marks})"
        )
        # Highlight a term wherever it occurs in the body, even if the query wanted it in the title.
        args = [
            MARK_START,
            MARK_END,
            ELLIPSIS,
            _SNIPPET_TOKENS,
            fts_any(leaves, with_column=False),
            *pks,
        ]
        return {pk: text for pk, text in conn.execute(sql, args) if text and MARK_START in text}

    def maintain(self) -> dict[str, Any]:
        """ANALYZE, FTS optimize, VACUUM (``sqlite_maintenance.py``)."""
        with self._connection() as conn:
            return maintain(conn, self.path)

    def count(self) -> int:
        with self._connection() as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def ping(self) -> bool:
        try:
            with self._connection() as conn:
                conn.execute("SELECT 1").fetchone()
        except StoreError as exc:
            logger.warning("store does not answer: %s", exc)
            return False
        return True

    def close(self) -> None:
        self._pool.close()


def _check_page(request: SearchRequest) -> None:
    if request.page < 1 or request.size < 1:
        raise ValueError(f"page and size must be at least 1, got {request.page} and {request.size}")


def _result(found: sqlite_search.Found, marked: dict[int, str]) -> SearchResult:
    """The hits of ``found`` with their snippets: ``marked`` ones, else their lead."""
    hits = []
    for pk, doc, score in found.rows:
        article = article_from_document(unpack(doc))
        snippet = marked_snippet(marked[pk]) if pk in marked else lead_snippet(article)
        hits.append(
            Hit(
                article=article,
                snippet=snippet,
                score=None if score is None else -score,
                copies=found.copies.get(pk, 0),
            )
        )
    return SearchResult(
        total=found.total,
        hits=hits,
        facets=found.facets,
        total_is_exact=found.total_is_exact,
        facets_sample=found.facets_sample,
        articles=found.articles,
    )


def _count_failure(report: WriteReport, article: object, exc: Exception) -> None:
    label = getattr(article, "id", None) or repr(article)[:80]
    report.failed += 1
    report.errors.append(f"{label}: {exc}")
    logger.warning("article %s not stored: %s", label, exc)


def _write(conn: sqlite3.Connection, row: ArticleRow) -> bool:
    """Insert or replace one article with its index entries and rollup counts; True when it
    existed. An article whose date or tone changed moves to a new key (``sqlite_keys.py``)."""
    old = conn.execute(
        "SELECT pk, published_ts, published_day, outlet, sentiment FROM articles WHERE id = ?",
        (row.id,),
    ).fetchone()
    pk: int | None = None
    if old is not None:
        old_pk, old_ts, old_day, old_outlet, old_tone = old
        agencies = conn.execute(
            "SELECT agency_id, sentiment FROM article_agencies WHERE pk = ?", (old_pk,)
        ).fetchall()
        conn.execute(FTS_DELETE, (old_pk,))
        rollups.apply(conn, rollups.Facts(old_day, old_outlet, old_tone, tuple(agencies)), -1)
        conn.execute("DELETE FROM article_agencies WHERE pk = ?", (old_pk,))
        if (old_ts, old_tone) == (row.published_ts, row.sentiment):
            pk = old_pk
    if pk is None:
        pk = _new_key(conn, row)
    values = (
        row.canonical_url,
        row.outlet,
        row.published_ts,
        row.published_day,
        row.sentiment,
        pack(row.document),
        row.cluster_id,
    )
    if old is None:
        conn.execute(INSERT_ARTICLE, (pk, row.id, *values))
    else:
        conn.execute(UPDATE_ARTICLE, (pk, *values, row.id))
    conn.execute(FTS_INSERT, (pk, *row.fts))
    conn.executemany(
        "INSERT INTO article_agencies (pk, agency_id, sentiment) VALUES (?, ?, ?)",
        [(pk, agency, tone) for agency, tone in row.agencies],
    )
    facts = rollups.Facts(row.published_day, row.outlet, row.sentiment, row.agencies)
    rollups.apply(conn, facts, 1)
    return old is not None


def _new_key(conn: sqlite3.Connection, row: ArticleRow) -> int:
    undated_time = 0
    if row.published_ts is None:
        last = conn.execute("SELECT max(pk) FROM articles WHERE pk < ?", (DATED_MIN,)).fetchone()[0]
        undated_time = (last >> TIME_SHIFT) + 1 if last is not None else 1
    base = key_base(row.published_ts, row.sentiment, undated_time)
    last = conn.execute(
        "SELECT max(pk) FROM articles WHERE pk BETWEEN ? AND ?", (base, base | SEQ_MASK)
    ).fetchone()[0]
    if last is None:
        return base
    if last & SEQ_MASK == SEQ_MASK:
        raise KeySpaceFull(f"{SEQ_MASK + 1} articles published in the same second with one tone")
    return int(last) + 1
