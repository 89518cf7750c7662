"""Compile the query AST and a request's filters to Elasticsearch DSL (used by ``elastic.py``).

Plain dicts, no client: the DSL is data, testable without a node.

* Text leaves match the ``fold.*`` fields (see ``folding.py``): a word or phrase is a
  ``match_phrase`` of its folded words, a prefix is a ``prefix`` query (or, after several words,
  a ``span_near`` ending in a prefix, as FTS5 reads ``"kota-ko"*``). A leaf without a field matches
  any of title, body, author and location, like an FTS5 match on all columns.
* Keyword leaves are ``term``/``prefix`` queries on ``outlet``, ``agencies.id`` and
  ``sentiment.label``; a prefix query takes its value literally, so ``_`` and ``%`` are plain text.
* ``And``/``Or``/``Not`` become ``bool`` ``filter``/``should``/``must_not``. ``must_not`` keeps
  documents without the field, so ``-sentiment:negative`` keeps articles without a sentiment, as
  SQL's ``IS`` does in the SQLite store.
* Ranking is separate from matching: the whole boolean query is a filter, and the positive text
  leaves are ``should`` clauses that only score (title weighted like the SQLite store's bm25), plus
  the Indonesian-stemmed sub-fields when the index has them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from search_api.query import KEYWORD_FIELDS, And, Leaf, Node, Not, Or, Phrase, Term
from search_api.store.base import SearchRequest
from search_api.store.elastic_docs import agency_tone_key
from search_api.store.folding import words

Query = dict[str, Any]

FOLD_FIELDS = {"title": "fold.title", "author": "fold.author", "location": "fold.location"}
ALL_FOLD_FIELDS = ("fold.title", "fold.body", "fold.author", "fold.location")
KEYWORD_PATHS = {"outlet": "outlet", "agency": "agencies.id", "sentiment": "sentiment.label"}
# The same weights as the SQLite store's bm25(title 4, body 1, author 1, location 1).
_BOOSTS = {"fold.title": 4.0, "fold.body": 1.0, "fold.author": 1.0, "fold.location": 1.0}
# A multi-word prefix ("kota-ko*") expands to at most this many terms (Lucene's top-terms rewrite);
# plenty for the last word of a phrase and bounded for hostile input.
_SPAN_PREFIX_TERMS = 512
MATCH_NONE: Query = {"match_none": {}}


def leaf_on_field(leaf: Leaf, field: str, boost: float | None = None) -> Query:
    """One text leaf on one ``fold.*`` field."""
    tokens = words(leaf.text)
    if not tokens:  # e.g. "^" or "…" alone: no word, nothing can match
        return MATCH_NONE
    extra = {} if boost is None else {"boost": boost}
    if isinstance(leaf, Term) and leaf.prefix:
        if len(tokens) == 1:
            return {"prefix": {field: {"value": tokens[0], **extra}}}
        clauses: list[Query] = [{"span_term": {field: token}} for token in tokens[:-1]]
        rewrite = f"top_terms_{_SPAN_PREFIX_TERMS}"
        last = {"prefix": {field: {"value": tokens[-1], "rewrite": rewrite}}}
        clauses.append({"span_multi": {"match": last}})
        return {"span_near": {"clauses": clauses, "slop": 0, "in_order": True, **extra}}
    return {"match_phrase": {field: {"query": " ".join(tokens), **extra}}}


def _text_fields(leaf: Leaf) -> tuple[str, ...]:
    return ALL_FOLD_FIELDS if leaf.field is None else (FOLD_FIELDS[leaf.field],)


def _any_of(queries: list[Query]) -> Query:
    return (
        queries[0]
        if len(queries) == 1
        else {"bool": {"should": queries, "minimum_should_match": 1}}
    )


def _keyword(leaf: Term) -> Query:
    path = KEYWORD_PATHS[leaf.field or ""]
    if leaf.prefix:
        return {"prefix": {path: {"value": leaf.text}}}
    return {"term": {path: {"value": leaf.text}}}


def compile_node(node: Node) -> Query:
    """A query matching exactly the documents the AST describes (no scoring intended)."""
    if isinstance(node, Term | Phrase):
        if node.field in KEYWORD_FIELDS and isinstance(node, Term):
            return _keyword(node)
        return _any_of([leaf_on_field(node, field) for field in _text_fields(node)])
    if isinstance(node, Not):
        return {"bool": {"must_not": [compile_node(node.child)]}}
    children = [compile_node(child) for child in node.children]
    if isinstance(node, And):
        return {"bool": {"filter": children}}
    assert isinstance(node, Or)
    return {"bool": {"should": children, "minimum_should_match": 1}}


def ranking(leaves: list[Leaf], stemmed: bool) -> list[Query]:
    """Scoring-only clauses: each positive leaf on its fields, weighted; stemmed fields if any."""
    clauses = [
        leaf_on_field(leaf, field, _BOOSTS[field])
        for leaf in leaves
        for field in _text_fields(leaf)
    ]
    if stemmed:
        # "pembangunan" also ranks articles saying "dibangun"; matching itself stays exact.
        for leaf in leaves:
            if leaf.field in (None, "title"):
                fields = ["title.id^2"] if leaf.field == "title" else ["title.id^2", "text.id"]
                clauses.append({"multi_match": {"query": leaf.text, "fields": fields}})
    return [clause for clause in clauses if clause is not MATCH_NONE]


def highlight_query(leaves: list[Leaf]) -> Query | None:
    """What to mark in the body: every positive leaf, whatever field the query asked for."""
    queries = [leaf_on_field(leaf, "fold.body") for leaf in leaves]
    queries = [query for query in queries if query is not MATCH_NONE]
    return _any_of(queries) if queries else None


def _aware(value: datetime, name: str) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")
    return value.isoformat()


def filters(request: SearchRequest) -> list[Query]:
    """The query plus the request's separate filters, as ``bool.filter`` clauses."""
    parts: list[Query] = []
    if request.query is not None:
        parts.append(compile_node(request.query))
    if request.date_from is not None or request.date_to is not None:
        bounds: dict[str, str] = {}
        if request.date_from is not None:
            bounds["gte"] = _aware(request.date_from, "date_from")
        if request.date_to is not None:
            bounds["lt"] = _aware(request.date_to, "date_to")
        parts.append({"range": {"published_at": bounds}})
    for values, path in (
        (request.outlets, "outlet"),
        (request.agencies, "agencies.id"),
        (request.sentiments, "sentiment.label"),
    ):
        if values:
            parts.append({"terms": {path: [value.lower() for value in values]}})
    if request.agency_tones:
        keys = [agency_tone_key(agency, tone) for agency, tone in request.agency_tones]
        parts.append({"terms": {"agency_tone": keys}})
    if request.clusters:
        parts.append({"terms": {"cluster_id": list(request.clusters)}})
    return parts
