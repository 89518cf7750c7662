"""The one article model every stage speaks (see DESIGN.md, "The article").

Decisions made once, here:

* A missing optional text field is ``None``, never ``""``; a missing list is ``[]``.
* Datetimes are timezone-aware; serialisation is ISO 8601 with the offset.
* ``id`` is a stable hash of the outlet and the canonical URL's path and query
  (:func:`article_id`): one article has one id whichever of its outlet's hosts or ports served it.

This module imports nothing of ours, so every package may import it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

SentimentLabel = Literal["positive", "neutral", "negative"]
# The labels in one place, for every list, form and check that names them.
SENTIMENT_LABELS: tuple[SentimentLabel, ...] = get_args(SentimentLabel)
DateSource = Literal["feed", "sitemap", "json-ld", "meta", "time", "text", "url"]


def article_id(outlet: str, canonical_url: str) -> str:
    """A stable 20-hex-character id for an article: a hash of ``outlet|path?query``.

    The identity of an article is its outlet (the ``sources.yaml`` id) plus the path and query of
    its canonical URL (already normalised by ``pantau.urls.canonicalize_url``). The host is left
    out on purpose: www./m./amp. hosts and the port are all the outlet's own (the sample site on
    another port is the same outlet), and a host can never make two outlets' articles collide,
    since the outlet is in the key. The trailing slash is dropped from the key (``/slug/`` and
    ``/slug`` are one article) while ``canonical_url`` keeps the form the outlet serves.
    """
    parts = urlsplit(canonical_url)
    path = parts.path.rstrip("/") or "/"
    key = f"{outlet}|{path}?{parts.query}" if parts.query else f"{outlet}|{path}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()


@dataclass(kw_only=True, slots=True)
class Mention:
    """One occurrence of an agency in the text: character offsets into the tagged text."""

    start: int
    end: int
    text: str


@dataclass(kw_only=True, slots=True)
class AgencyRef:
    """An agency covered by an article; ``id`` is ``<region>/<unit>`` (DESIGN.md)."""

    id: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    sentiment: SentimentLabel | None = None


@dataclass(kw_only=True, slots=True)
class Person:
    name: str
    role: str | None = None
    agency_id: str | None = None


@dataclass(kw_only=True, slots=True)
class Quote:
    speaker: str
    text: str
    role: str | None = None
    agency_id: str | None = None


@dataclass(kw_only=True, slots=True)
class Sentiment:
    label: SentimentLabel
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(kw_only=True, slots=True)
class Annotation:
    """What the NLP pipeline adds to a text (the output of ``pantau tag``)."""

    agencies: list[AgencyRef] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sentiment: Sentiment | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(kw_only=True, slots=True)
class Article:
    """A news article from extraction to the store."""

    id: str
    url: str
    canonical_url: str
    outlet: str
    title: str
    text: str
    outlet_name: str | None = None
    lead: str | None = None
    author: str | None = None
    editor: str | None = None
    published_at: datetime | None = None
    modified_at: datetime | None = None
    date_source: DateSource | None = None
    location: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    language: str | None = None
    word_count: int = 0
    crawled_at: datetime | None = None
    agencies: list[AgencyRef] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sentiment: Sentiment | None = None
    cluster_id: str | None = None

    def annotate(self, annotation: Annotation) -> None:
        """Copy the NLP results onto the article."""
        self.agencies = annotation.agencies
        self.people = annotation.people
        self.quotes = annotation.quotes
        self.sentiment = annotation.sentiment

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: datetimes as ISO 8601 strings with offsets."""
        data = asdict(self)
        for key in ("published_at", "modified_at", "crawled_at"):
            value = getattr(self, key)
            data[key] = value.isoformat() if value is not None else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """The inverse of :meth:`to_dict`; unknown keys are an error, not ignored."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown article fields: {sorted(unknown)}")
        values = dict(data)
        for key in ("published_at", "modified_at", "crawled_at"):
            raw = values.get(key)
            values[key] = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
        values["agencies"] = [
            AgencyRef(
                id=a["id"],
                name=a["name"],
                mentions=[Mention(**m) for m in a.get("mentions", [])],
                sentiment=a.get("sentiment"),
            )
            for a in values.get("agencies") or []
        ]
        values["people"] = [Person(**p) for p in values.get("people") or []]
        values["quotes"] = [Quote(**q) for q in values.get("quotes") or []]
        sentiment = values.get("sentiment")
        values["sentiment"] = Sentiment(**sentiment) if isinstance(sentiment, dict) else None
        return cls(**values)


@dataclass(kw_only=True, slots=True, frozen=True)
class Rejected:
    """Why a page did not become an article; ``reason`` is a short slug counted in crawl stats."""

    reason: str
    url: str
    detail: str = ""
