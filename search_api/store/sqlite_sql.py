"""Compile the query AST and a request's filters to SQLite SQL (used only by ``sqlite.py``).

Every text leaf becomes an FTS5 ``MATCH`` subquery; keyword leaves become comparisons on columns;
``And``/``Or``/``Not`` become SQL ``AND``/``OR``/``NOT``. User text reaches SQLite only as bound
parameters. Inside a MATCH parameter it is an FTS5 *string* (double-quoted, quotes doubled), so
``NEAR(``, ``col:``, ``AND`` or ``*`` typed by a user are searched as text, never parsed as syntax.
The articles table is always aliased ``a``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from search_api.query import KEYWORD_FIELDS, And, Leaf, Node, Not, Phrase, Term
from search_api.store.base import SearchRequest
from search_api.store.sqlite_keys import DATED_MIN, bound_for_ts

FTS_TABLE = "articles_fts"
_FTS_MATCH = f"a.pk IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)"
_AGENCY_EXISTS = (
    "EXISTS (SELECT 1 FROM article_agencies g "
    "WHERE g.article_id = a.id AND g.agency_id {op} ?{esc})"
)
_LIKE_ESCAPE = " ESCAPE '\\'"

SQL = tuple[str, list[object]]
MIN_KEY = -(1 << 63)
MAX_KEY = (1 << 63) - 1


def fts_string(text: str) -> str:
    """An FTS5 string literal: the tokenizer splits it into a phrase of its words."""
    return '"' + text.replace('"', '""') + '"'


def fts_leaf(leaf: Leaf, *, with_column: bool = True) -> str:
    """One text leaf as an FTS5 expression, e.g. ``title : "banjir"*``."""
    expression = fts_string(leaf.text)
    if isinstance(leaf, Term) and leaf.prefix:
        expression += "*"
    if with_column and leaf.field is not None:
        # Field names come from the parser's closed list, never from user text.
        expression = f"{leaf.field} : {expression}"
    return expression


def fts_any(leaves: list[Leaf], *, with_column: bool = True) -> str:
    """Leaves OR-ed together: what ranking (with columns) and highlighting (without) match."""
    return " OR ".join(fts_leaf(leaf, with_column=with_column) for leaf in leaves)


def like_prefix(value: str) -> str:
    """A LIKE pattern for "starts with ``value``", with LIKE's wildcards escaped."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _keyword_sql(leaf: Term) -> SQL:
    if leaf.field == "agency":
        if leaf.prefix:
            return _AGENCY_EXISTS.format(op="LIKE", esc=_LIKE_ESCAPE), [like_prefix(leaf.text)]
        return _AGENCY_EXISTS.format(op="=", esc=""), [leaf.text]
    column = "a.outlet" if leaf.field == "outlet" else "a.sentiment"
    if leaf.prefix:
        return f"{column} LIKE ?{_LIKE_ESCAPE}", [like_prefix(leaf.text)]
    # IS rather than = so that NOT(sentiment:x) keeps articles without a sentiment (NULL).
    return f"{column} IS ?", [leaf.text]


def compile_node(node: Node) -> SQL:
    """A boolean SQL expression over ``a`` equivalent to the query."""
    if isinstance(node, Term | Phrase):
        if node.field in KEYWORD_FIELDS and isinstance(node, Term):
            return _keyword_sql(node)
        return _FTS_MATCH, [fts_leaf(node)]
    if isinstance(node, Not):
        child_sql, child_params = compile_node(node.child)
        return f"NOT ({child_sql})", child_params
    joiner = " AND " if isinstance(node, And) else " OR "
    parts: list[str] = []
    params: list[object] = []
    for child in node.children:
        child_sql, child_params = compile_node(child)
        parts.append(f"({child_sql})")
        params.extend(child_params)
    return joiner.join(parts), params


def _epoch(value: datetime, name: str) -> int:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")
    return int(value.timestamp())


def _in_list(column: str, values: list[str]) -> SQL:
    marks = ", ".join("?" for _ in values)
    return f"{column} IN ({marks})", [value.lower() for value in values]


def key_range(request: SearchRequest) -> tuple[int, int]:
    """The date filters as a range of article keys ``[low, high)`` (``sqlite_keys.py``): a key
    encodes the publication time, and undated articles' keys lie below every dated one, so they
    drop out of any date range as they should."""
    low, high = MIN_KEY, MAX_KEY
    if request.date_from is not None:
        low = bound_for_ts(_epoch(request.date_from, "date_from"))
    if request.date_to is not None:
        low = max(low, DATED_MIN)
        high = bound_for_ts(_epoch(request.date_to, "date_to"))
    return low, high


def compile_where(request: SearchRequest) -> SQL:
    """The WHERE clause for the query plus the request's separate filters (``1`` when none)."""
    low, high = key_range(request)
    where, params = compile_conditions(request.query, request)
    return f"a.pk >= ? AND a.pk < ? AND ({where})", [low, high, *params]


def compile_conditions(query: Node | None, request: SearchRequest) -> SQL:
    """``query`` and the request's filters other than dates (:func:`key_range`); ``1`` when none."""
    parts: list[SQL] = []
    if query is not None:
        parts.append(compile_node(query))
    if request.outlets:
        parts.append(_in_list("a.outlet", request.outlets))
    if request.sentiments:
        parts.append(_in_list("a.sentiment", request.sentiments))
    if request.agencies:
        in_sql, in_params = _in_list("agency_id", request.agencies)
        # An IN list, not EXISTS per row: SQLite reads the agency's articles from the index once.
        covering = f"a.id IN (SELECT article_id FROM article_agencies WHERE {in_sql})"
        parts.append((covering, in_params))
    if request.agency_tones:
        parts.append(_agency_tones_sql(request.agency_tones))
    if request.clusters:
        parts.append(_in_list("a.cluster_id", request.clusters))
    if not parts:
        return "1", []
    params: list[object] = []
    for _, part_params in parts:
        params.extend(part_params)
    return " AND ".join(f"({part_sql})" for part_sql, _ in parts), params


def _agency_tones_sql(pairs: Sequence[tuple[str, str]]) -> SQL:
    """Articles covering one of the agencies with the paired tone towards it ("none": no tone)."""
    ors: list[str] = []
    params: list[object] = []
    for agency, tone in pairs:
        # IS, so that "none" (NULL) compares like a label.
        ors.append("(g.agency_id = ? AND g.sentiment IS ?)")
        params += [agency.lower(), None if tone == "none" else tone]
    exists = (
        "EXISTS (SELECT 1 FROM article_agencies g WHERE g.article_id = a.id AND "
        f"({' OR '.join(ors)}))"
    )
    return exists, params
