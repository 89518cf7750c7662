"""Split a query into one FTS5 expression and the rest, so a search can be driven by the full-text
index (used by ``sqlite_search.py``).

``compile_where`` turns every text leaf into its own ``pk IN (SELECT rowid … MATCH ?)``, which
makes SQLite read *all* matches of each leaf before anything else: 1M row ids for a broad word.
When the text part of a query can be written as a single FTS5 expression — text leaves under
AND/OR, and NOT under an AND with a positive sibling, as ``a NOT b`` — the search instead walks
that expression's matches newest first (rowid order, ``sqlite_keys.py``) and checks the keyword
leaves and filters on each, stopping as soon as it has enough. Queries that mix text and keyword
leaves under OR or NOT keep the general path (exact, slower when broad).
"""

from __future__ import annotations

from dataclasses import dataclass

from search_api.query import KEYWORD_FIELDS, And, Node, Not, Or, Phrase, Term
from search_api.store.sqlite_sql import fts_leaf


@dataclass(frozen=True, slots=True)
class Split:
    """``query`` ≡ ``MATCH fts`` AND ``rest`` (``fts`` None: no text; ``rest`` None: no more)."""

    fts: str | None
    rest: Node | None


def _is_keyword(node: Node) -> bool:
    """A leaf checked on the article rows; ``agency:`` terms are index tokens (``keys`` column),
    so they join the FTS5 expression like text."""
    return isinstance(node, Term) and node.field in KEYWORD_FIELDS and node.field != "agency"


def _has_text(node: Node) -> bool:
    if isinstance(node, Term | Phrase):
        return not _is_keyword(node)
    if isinstance(node, Not):
        return _has_text(node.child)
    return any(_has_text(child) for child in node.children)


def _only_text(node: Node) -> bool:
    if isinstance(node, Term | Phrase):
        return not _is_keyword(node)
    if isinstance(node, Not):
        return _only_text(node.child)
    return all(_only_text(child) for child in node.children)


def fts_expression(node: Node) -> str | None:
    """The FTS5 expression matching exactly the articles ``node`` matches (a text-only node), or
    None when FTS5 cannot say it (a NOT without a positive sibling)."""
    if isinstance(node, Term | Phrase):
        return fts_leaf(node)
    if isinstance(node, Not):
        return None
    if isinstance(node, Or):
        parts = [fts_expression(child) for child in node.children]
        if any(part is None for part in parts):
            return None
        return "(" + " OR ".join(f"({part})" for part in parts) + ")"
    positives = [child for child in node.children if not isinstance(child, Not)]
    negatives = [child.child for child in node.children if isinstance(child, Not)]
    if not positives:
        return None
    expression = _joined([fts_expression(child) for child in positives], " AND ")
    for negative in negatives:
        excluded = fts_expression(negative)
        if expression is None or excluded is None:
            return None
        expression = f"({expression} NOT ({excluded}))"
    return expression


def _joined(parts: list[str | None], joiner: str) -> str | None:
    if any(part is None for part in parts):
        return None
    return "(" + joiner.join(f"({part})" for part in parts) + ")"


def split(query: Node | None) -> Split | None:
    """The query as one FTS5 expression plus keyword conditions; None when it cannot be split."""
    if query is None or not _has_text(query):
        return Split(fts=None, rest=query)
    if _only_text(query):
        expression = fts_expression(query)
        return None if expression is None else Split(fts=expression, rest=None)
    if not isinstance(query, And):
        return None
    text = [child for child in query.children if _only_text(child)]
    rest = [child for child in query.children if not _has_text(child)]
    if len(text) + len(rest) != len(query.children):
        return None  # a child mixing text and keywords
    expression = fts_expression(text[0] if len(text) == 1 else And(tuple(text)))
    if expression is None:
        return None
    return Split(fts=expression, rest=rest[0] if len(rest) == 1 else And(tuple(rest)))
