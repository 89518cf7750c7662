"""The storage interface: one ``Store`` protocol, implemented by SQLite FTS5 and Elasticsearch.

Callers parse the query once (``search_api.query.parse``) and pass the AST in a ``SearchRequest``;
each store compiles it to its own dialect. Dates in requests are timezone-aware datetimes;
``date_to`` is exclusive.

Besides search, a store answers the two questions of the overview page (``stats.py`` holds the
store-independent parts): :meth:`Store.timeline` (matched articles per day/week/month in
Asia/Jakarta, split by the article's tone) and :meth:`Store.agency_tones` (the top agencies with
the tone *towards each agency*, ``AgencyRef.sentiment``, which may differ from the article's).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Protocol, Self

from pantau.models import SENTIMENT_LABELS, Article, SentimentLabel

if TYPE_CHECKING:
    from search_api.query import Node

SortOrder = Literal["relevance", "newest", "oldest"]
Interval = Literal["day", "week", "month"]
# An article's (or an agency's) tone; "none" counts what the tagger left unlabelled.
Tone = Literal[SentimentLabel, "none"]
TONES: tuple[Tone, ...] = (*SENTIMENT_LABELS, "none")
# Results reachable by paging, in every store: Elasticsearch's default max_result_window. Deeper
# than this a person refines the query; an export is the way to get everything.
MAX_RESULT_WINDOW = 10_000
FACET_FIELDS = ("outlet", "agency", "sentiment", "day")
# Marks around highlighted terms in snippets; everything else in a snippet is HTML-escaped.
HIGHLIGHT_START = "<mark>"
HIGHLIGHT_END = "</mark>"


@dataclass(kw_only=True, slots=True)
class SearchRequest:
    query: Node | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    outlets: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    sentiments: list[str] = field(default_factory=list)
    # (agency id, tone) pairs: articles covering that agency with that tone towards it (any pair).
    agency_tones: list[tuple[str, Tone]] = field(default_factory=list)
    # Cluster ids (``Article.cluster_id``): the copies of those stories, e.g. to expand "+N media
    # lain" on a result.
    clusters: list[str] = field(default_factory=list)
    sort: SortOrder = "relevance"
    page: int = 1
    size: int = 20
    facets: bool = True
    # One hit per story: the best-ranked article of each cluster (``Article.cluster_id``) stands
    # for its copies; ``total`` then counts stories and ``SearchResult.articles`` the articles.
    collapse: bool = False
    # How many outlet/agency/sentiment values each facet lists (by count); days are always all
    # listed.
    facet_size: int = 20
    # Which of FACET_FIELDS ``facets`` computes (the overview reads only outlets and tones).
    facet_fields: tuple[str, ...] = FACET_FIELDS
    # Snippets around the query's terms; False: every hit's lead, as without text (a caller that
    # reads hits for outlet and agency names only saves the look-ups of the marked text).
    snippets: bool = True


@dataclass(kw_only=True, slots=True)
class Hit:
    article: Article
    snippet: str
    score: float | None = None
    # With ``collapse``: the other matching articles of this hit's cluster ("+N media lain").
    copies: int = 0


@dataclass(kw_only=True, slots=True)
class FacetCount:
    value: str
    count: int


@dataclass(kw_only=True, slots=True)
class SearchResult:
    total: int
    hits: list[Hit]
    # With ``collapse``: the matching articles (``total`` counts stories); else None.
    articles: int | None = None
    # The request's facet_fields; "day" values are YYYY-MM-DD in Asia/Jakarta, sorted by day.
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    # False when there are more than MAX_RESULT_WINDOW matches: ``total`` is then that window
    # ("10.000+"), as both stores count exactly only that far.
    total_is_exact: bool = True
    # None when the facets count every match; else how many (the newest) they were counted from.
    facets_sample: int | None = None


@dataclass(kw_only=True, slots=True)
class ToneCounts:
    positive: int = 0
    neutral: int = 0
    negative: int = 0
    none: int = 0

    @property
    def total(self) -> int:
        return self.positive + self.neutral + self.negative + self.none

    def get(self, tone: Tone) -> int:
        value: int = getattr(self, tone)
        return value

    def add(self, tone: str, count: int) -> None:
        """Add ``count`` to ``tone``; a missing label (``None``) counts as "none"."""
        key = tone if tone in TONES else "none"
        setattr(self, key, getattr(self, key) + count)


@dataclass(kw_only=True, slots=True)
class TimelineBucket:
    start: date  # the bucket's first day (a Monday for weeks, the 1st for months), Jakarta time
    counts: ToneCounts


@dataclass(kw_only=True, slots=True)
class Timeline:
    """Matched articles per bucket by article tone; only buckets with articles, by start.

    Undated matches belong to no bucket; ``undated`` counts them.
    """

    interval: Interval
    buckets: list[TimelineBucket]
    undated: int = 0


@dataclass(kw_only=True, slots=True)
class AgencyTone:
    """One agency among the matches: how many cover it, and their tone towards it."""

    agency: str
    articles: int
    tones: ToneCounts


@dataclass(kw_only=True, slots=True)
class Shares:
    """What a share of voice counts (``overview.share_of_voice``), from one set of matches."""

    result: SearchResult  # the search asked: its total, page of hits and facets
    agencies: list[AgencyTone]  # the agencies covered most, as Store.agency_tones
    stories: int  # the stories the matches tell, as the total of story_request(...)


def story_request(request: SearchRequest) -> SearchRequest:
    """The search whose total is how many stories (clusters) ``request``'s matches tell."""
    return replace(request, collapse=True, facets=False, page=1, size=1, sort="newest")


@dataclass(kw_only=True, slots=True)
class WriteReport:
    """Every write outcome counted: nothing is dropped silently."""

    created: int = 0
    updated: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class Store(Protocol):
    def upsert(self, articles: Iterable[Article]) -> WriteReport:
        """Insert or replace articles by id; one without a ``cluster_id`` is stored as a cluster
        of its own (its id), so every stored article has one."""
        ...

    def get(self, article_id: str) -> Article | None: ...

    def existing(self, article_ids: Iterable[str]) -> set[str]:
        """The subset of ``article_ids`` already stored (the crawler skips those)."""
        ...

    def search(self, request: SearchRequest) -> SearchResult: ...

    def timeline(self, request: SearchRequest, interval: Interval) -> Timeline:
        """Articles matching ``request`` (query and filters; paging and sort ignored) per bucket."""
        ...

    def agency_tones(self, request: SearchRequest, size: int) -> list[AgencyTone]:
        """The ``size`` agencies covered by most matches (count desc, then id), with tones."""
        ...

    def shares(self, request: SearchRequest, size: int) -> Shares:
        """``search(request)``, ``agency_tones(request, size)`` and the total of
        ``search(story_request(request))`` in one answer (the overview asks all three)."""
        ...

    def count(self) -> int: ...

    def maintain(self) -> dict[str, Any]:
        """Periodic upkeep (``pantau store maintain``); what was done, as JSON-ready values."""
        ...

    def ping(self) -> bool:
        """True when the store answers (``/healthz``)."""
        ...

    def close(self) -> None: ...


class ClosingStore:
    """``with store:`` closes the store when the block ends; both stores inherit it."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class StoreError(Exception):
    """The store could not do what was asked (unreachable, corrupt, misconfigured)."""
