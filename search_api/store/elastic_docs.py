"""Articles to Elasticsearch documents and search responses back (used by ``elastic.py``).

A document is ``Article.to_dict()`` (so ``_source`` gives the article back unchanged) plus the
``fold`` object of folded search fields (``folding.py``) and ``agency_tone``, one keyword
``agency_id|tone`` per agency (tone ``none`` when the tagger gave none): the tone towards an
agency counted with a plain terms aggregation, exact, where ``agencies`` (an object array, not
nested) loses which tone belongs to which id. Snippets come from a highlight of
``fold.body`` with the whole field returned: the marked offsets are offsets into the original body
too, and the ~30-word window around the marks is chosen here, as FTS5's ``snippet()`` does it for
the SQLite store. The snippet text is always the original body, HTML-escaped.
"""

from __future__ import annotations

from typing import Any

from pantau.models import Article
from search_api.store.base import FacetCount
from search_api.store.folding import fold, word_spans
from search_api.store.sqlite_rows import (
    ELLIPSIS,
    MARK_END,
    MARK_START,
    SNIPPET_WORDS,
    agency_tones,
    lead_snippet,
    marked_snippet,
)

# Elasticsearch wraps highlighted words in these; fold() turns them into spaces in any text, so an
# article cannot forge a highlight.
PRE_TAG = MARK_START
POST_TAG = MARK_END
DERIVED_KEYS = ("fold", "agency_tone")
# The labels the SQLite schema's CHECK constraint allows; both stores refuse any other.
SENTIMENT_LABELS = frozenset({"positive", "neutral", "negative"})


def body_of(article: Article) -> str:
    """What the body search field holds: lead and text, as in the SQLite store."""
    return "\n\n".join(part for part in (article.lead, article.text) if part)


def to_doc(article: Article) -> dict[str, Any]:
    """Raises ``TypeError``/``ValueError`` for a record that cannot be stored (counted failed)."""
    if not isinstance(article, Article):
        raise TypeError(f"expected an Article, got {type(article).__name__}")
    if not article.id or not article.canonical_url or not article.outlet:
        raise ValueError("id, canonical_url and outlet must not be empty")
    for name in ("published_at", "modified_at", "crawled_at"):
        value = getattr(article, name)
        if value is not None and value.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware")
    if article.sentiment is not None and article.sentiment.label not in SENTIMENT_LABELS:
        raise ValueError(f"unknown sentiment label {article.sentiment.label!r}")
    tones = agency_tones(article)
    for _, tone in tones:
        if tone is not None and tone not in SENTIMENT_LABELS:
            raise ValueError(f"unknown agency sentiment label {tone!r}")
    doc = article.to_dict()
    # Every stored article has a cluster (base.Store.upsert); collapsing needs the field set.
    doc["cluster_id"] = article.cluster_id or article.id
    doc["agency_tone"] = [agency_tone_key(agency, tone or "none") for agency, tone in tones]
    doc["fold"] = {
        "title": fold(article.title),
        "body": fold(body_of(article)),
        "author": fold(article.author or ""),
        "location": fold(article.location or ""),
    }
    return doc


def agency_tone_key(agency: str, tone: str) -> str:
    """The ``agency_tone`` keyword of one agency and its tone."""
    return f"{agency.lower()}|{tone}"


def from_source(source: dict[str, Any]) -> Article:
    data = {key: value for key, value in source.items() if key not in DERIVED_KEYS}
    return Article.from_dict(data)


def _marked_spans(highlighted: str) -> list[tuple[int, int]]:
    """Offsets (into the unmarked text) of the spans between highlight tags."""
    spans: list[tuple[int, int]] = []
    plain = 0
    start = -1
    for char in highlighted:
        if char == PRE_TAG:
            start = plain
        elif char == POST_TAG:
            spans.append((start, plain))
        else:
            plain += 1
    return spans


def _window(words: list[tuple[int, int]], hits: set[int]) -> int:
    """The first word of the SNIPPET_WORDS-word window holding the most distinct hit words."""
    best, best_count = 0, -1
    for first in sorted(hits):
        # Start a few words before the hit so it reads in context, as FTS5 centres its snippets.
        start = max(0, min(first - 3, len(words) - SNIPPET_WORDS))
        count = sum(1 for hit in hits if start <= hit < start + SNIPPET_WORDS)
        if count > best_count:
            best, best_count = start, count
    return best


def snippet(article: Article, highlighted: str | None) -> str:
    """The body around the highlighted words, marked and escaped; else the lead."""
    if not highlighted:
        return lead_snippet(article)
    body = body_of(article)
    marks = _marked_spans(highlighted)
    words = word_spans(fold(body))
    hits = {
        i for i, (start, end) in enumerate(words) if any(s < end and start < e for s, e in marks)
    }
    if not hits:
        return lead_snippet(article)
    first = _window(words, hits)
    last = min(len(words), first + SNIPPET_WORDS) - 1
    # As FTS5 does: text before the first word only at the start, after the last only at the end.
    cursor = 0 if first == 0 else words[first][0]
    pieces: list[str] = [] if first == 0 else [ELLIPSIS]
    for i in range(first, last + 1):
        start, end = words[i]
        # Consecutive marked words share one mark ("<mark>banjir bandang</mark>"), as in FTS5.
        opens = i in hits and (i - 1 not in hits or i == first)
        closes = i in hits and (i + 1 not in hits or i == last)
        pieces += [body[cursor:start], MARK_START if opens else "", body[start:end]]
        pieces.append(MARK_END if closes else "")
        cursor = end
    pieces.append(body[cursor:] if last == len(words) - 1 else ELLIPSIS)
    return marked_snippet("".join(pieces))


def facet_counts(buckets: list[dict[str, Any]], key: str = "key") -> list[FacetCount]:
    return [
        FacetCount(value=str(bucket[key]), count=int(bucket["doc_count"])) for bucket in buckets
    ]


def aggregations(size: int, fields: tuple[str, ...]) -> dict[str, Any]:
    """Terms for outlet/agency/sentiment (count desc, then value) and every Jakarta day, those of
    ``fields``."""
    order = [{"_count": "desc"}, {"_key": "asc"}]
    every: dict[str, Any] = {
        "outlet": {"terms": {"field": "outlet", "size": size, "order": order}},
        "agency": {"terms": {"field": "agencies.id", "size": size, "order": order}},
        "sentiment": {"terms": {"field": "sentiment.label", "size": size, "order": order}},
        "day": {
            "date_histogram": {
                "field": "published_at",
                "calendar_interval": "day",
                # Days are Asia/Jakarta calendar days (WIB, UTC+7, no DST since 1964).
                "time_zone": "+07:00",
                "format": "yyyy-MM-dd",
                "min_doc_count": 1,
            }
        },
    }
    return {name: every[name] for name in fields}


def facets(aggs: dict[str, Any]) -> dict[str, list[FacetCount]]:
    result: dict[str, list[FacetCount]] = {
        name: facet_counts(aggs[name]["buckets"])
        for name in ("outlet", "agency", "sentiment")
        if name in aggs
    }
    if "day" in aggs:
        result["day"] = facet_counts(aggs["day"]["buckets"], key="key_as_string")
    return result
