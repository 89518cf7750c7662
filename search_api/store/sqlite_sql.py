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
from search_api.store.sqlite_grams import GRAM_MARK, TITLE_MARK, phrase_pair, title_phrase
from search_api.store.sqlite_keys import DATED_MIN, TONE_CODES, TONE_SHIFT, bound_for_ts
from search_api.store.sqlite_rows import AGENCY_TOKEN_MARK, agency_token

FTS_TABLE = "articles_fts"
TEXT_COLUMNS = ("title", "body", "author", "location")  # the index's searchable columns
_FTS_MATCH = f"a.pk IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)"
_AGENCY_EXISTS = (
    "EXISTS (SELECT 1 FROM article_agencies g WHERE g.pk = a.pk AND g.agency_id {op} ?{esc})"
)
_LIKE_ESCAPE = " ESCAPE '\\'"

SQL = tuple[str, list[object]]
MIN_KEY = -(1 << 63)
MAX_KEY = (1 << 63) - 1


def fts_string(text: str) -> str:
    """An FTS5 string literal: the tokenizer splits it into a phrase of its words."""
    return '"' + text.replace('"', '""') + '"'


def fts_leaf(leaf: Leaf, *, with_column: bool = True) -> str:
    """One text leaf as an FTS5 expression, e.g. ``title : "banjir"*``; an ``agency:`` term as
    its token of the hidden ``keys`` column (:func:`agency_leaf`)."""
    if isinstance(leaf, Term) and leaf.field == "agency":
        return agency_leaf(leaf)
    prefix = isinstance(leaf, Term) and leaf.prefix
    if with_column:
        # The token look-ups of sqlite_grams.py: a pair of common words, a title: search.
        pair = None if prefix or leaf.field is not None else phrase_pair(leaf.text)
        if pair is not None:
            return fts_string(pair)
        title = title_phrase(leaf.text) if leaf.field == "title" else None
        if title is not None:
            return fts_string(title) + ("*" if prefix else "")
    expression = fts_string(leaf.text)
    if prefix:
        expression += "*"
    if with_column and leaf.field is not None:
        # Field names come from the parser's closed list, never from user text.
        expression = f"{leaf.field} : {expression}"
    elif prefix and _may_spell_mark(leaf.text):
        # "0a*" would also match the hidden tokens ("0ag…", "0gr…", "0ti…"): text columns only.
        expression = f"{{{' '.join(TEXT_COLUMNS)}}} : {expression}"
    return expression


def agency_leaf(leaf: Term) -> str:
    """``agency:x`` (``agency:x*``) as the FTS5 token (prefix) of ``keys`` that spells ``x``."""
    token = fts_string(agency_token(leaf.text))
    return token + "*" if leaf.prefix else token


def agencies_any(agencies: Sequence[str]) -> str:
    """Any of these agency ids, as an FTS5 expression over ``keys``."""
    return "(" + " OR ".join(fts_string(agency_token(agency)) for agency in agencies) + ")"


def _may_spell_mark(prefix: str) -> bool:
    folded = prefix.casefold()
    return any(
        folded.startswith(mark) or mark.startswith(folded)
        for mark in (AGENCY_TOKEN_MARK, GRAM_MARK, TITLE_MARK)
    )


def fts_any(leaves: list[Leaf], *, with_column: bool = True) -> str:
    """Leaves OR-ed together: what ranking (with columns) and highlighting (without) match."""
    return " OR ".join(fts_leaf(leaf, with_column=with_column) for leaf in leaves)


def like_prefix(value: str) -> str:
    """A LIKE pattern for "starts with ``value``", with LIKE's wildcards escaped."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def tones_sql(key: str, labels: Sequence[str | None]) -> SQL:
    """The articles whose tone is one of ``labels`` (None: no tone), from the key alone.

    The tone is in every article's key (``sqlite_keys.py``), so this needs no article row: a walk
    of the full-text index checks it on the index's rowids without a lookup per match."""
    codes = sorted({TONE_CODES[label] for label in labels if label in TONE_CODES})
    if not codes:
        return "0", []  # no such tone: nothing matches, as `sentiment IN ('bogus')` did
    marks = ", ".join("?" for _ in codes)
    return f"(({key} >> {TONE_SHIFT}) & 3) IN ({marks})", list(codes)


def _keyword_sql(leaf: Term, key: str) -> SQL:
    if leaf.field == "agency":
        if leaf.prefix:
            return _AGENCY_EXISTS.format(op="LIKE", esc=_LIKE_ESCAPE), [like_prefix(leaf.text)]
        return _AGENCY_EXISTS.format(op="=", esc=""), [leaf.text]
    if leaf.field == "sentiment":
        # NOT(sentiment:x) keeps articles without a tone (code 0), as `sentiment IS ?` did.
        labels = [label for label in TONE_CODES if label is not None]
        if leaf.prefix:
            return tones_sql(key, [label for label in labels if label.startswith(leaf.text)])
        return tones_sql(key, [leaf.text])
    if leaf.prefix:
        return f"a.outlet LIKE ?{_LIKE_ESCAPE}", [like_prefix(leaf.text)]
    return "a.outlet IS ?", [leaf.text]


def compile_node(node: Node, key: str = "a.pk") -> SQL:
    """A boolean SQL expression over ``a`` equivalent to the query; ``key`` is the column that
    holds the article's key (``f.rowid`` when walking the full-text index)."""
    if isinstance(node, Term | Phrase):
        if node.field in KEYWORD_FIELDS and isinstance(node, Term):
            return _keyword_sql(node, key)
        return _FTS_MATCH.replace("a.pk", key), [fts_leaf(node)]
    if isinstance(node, Not):
        child_sql, child_params = compile_node(node.child, key)
        return f"NOT ({child_sql})", child_params
    joiner = " AND " if isinstance(node, And) else " OR "
    parts: list[str] = []
    params: list[object] = []
    for child in node.children:
        child_sql, child_params = compile_node(child, key)
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


def compile_conditions(query: Node | None, request: SearchRequest, key: str = "a.pk") -> SQL:
    """``query`` and the request's filters other than dates (:func:`key_range`); ``1`` when none.
    ``key`` is the column holding the article's key (:func:`compile_node`)."""
    parts: list[SQL] = []
    if query is not None:
        parts.append(compile_node(query, key))
    if request.outlets:
        parts.append(_in_list("a.outlet", request.outlets))
    if request.sentiments:
        parts.append(tones_sql(key, [value.lower() for value in request.sentiments]))
    if request.agencies:
        in_sql, in_params = _in_list("agency_id", request.agencies)
        # An IN list, not EXISTS per row: SQLite reads the agency's articles from the index once.
        covering = f"a.pk IN (SELECT pk FROM article_agencies WHERE {in_sql})"
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
    exists = f"EXISTS (SELECT 1 FROM article_agencies g WHERE g.pk = a.pk AND ({' OR '.join(ors)}))"
    return exists, params
