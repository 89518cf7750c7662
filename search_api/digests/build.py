"""Building a digest: one saved search run against the article store for one day.

**The day.** A digest covers one calendar day in the office's timezone (``schedule.timezone``,
Asia/Jakarta): 00:00 to 24:00 WIB. The 07:00 run sends the previous day (:func:`default_day`).
Calendar days rather than "the last 24 hours" so that every article falls in exactly one digest
whenever the job runs (late, twice, or by hand), the send log can key a digest by its day, and
the subject can name the day.

**Through the Store protocol only**, so SQLite and Elasticsearch both work. The request is the
one every search is built with (:func:`search_api.filters_core.build_request`). The total and the
sentiment counts come from the search's total and facets, the agencies with the tone towards each
from ``Store.agency_tones``: all exact. The article order comes from reading the day's matches,
newest first, up to ``digest.scan_limit`` articles (an office's saved search matches tens a day,
not thousands). Agency names are the tagger's vocabulary (:class:`nlp.agency_names.AgencyNames`),
as in the web UI, so an agency reads the same on a quiet day as on a busy one.

**Order of the articles.** Negative first, then neutral, positive and untagged, newest first
within each: the articles a humas office has to answer come first.

Settings read: ``digest.*`` (passed in as :class:`DigestSettings`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from nlp.agency_names import AgencyNames
from pantau.models import SentimentLabel
from pantau.settings import DigestSettings
from search_api.digests.links import search_filters
from search_api.digests.searches import SavedSearch
from search_api.filters_core import SENTIMENTS, Filters, build_request, parse_agency_tone
from search_api.store.base import AgencyTone, Hit, SearchRequest, Store, Tone
from search_api.store.overview import story_count
from search_api.store.paging import iter_hits

# The order of a digest: the articles a humas office has to answer first.
SENTIMENT_LABELS: tuple[SentimentLabel, ...] = tuple(reversed(SENTIMENTS))
# Results per store round trip while reading a day's matches; the API's own page cap.
_PAGE_SIZE = 100
_ORDER = {label: rank for rank, label in enumerate(SENTIMENT_LABELS)}


@dataclass(kw_only=True, slots=True)
class DigestArticle:
    id: str
    title: str
    outlet: str
    outlet_name: str | None
    url: str
    published_at: datetime | None
    snippet: str  # the store's snippet: HTML-escaped text with <mark> around matched terms
    sentiment: SentimentLabel | None
    reasons: list[str] = field(default_factory=list)


@dataclass(kw_only=True, slots=True)
class Digest:
    saved_search_id: int
    name: str
    query: str
    filters: dict[str, list[str]]
    day: date
    timezone: str
    total: int
    # The stories those articles tell: one story carried by several outlets counts once.
    stories: int
    sentiments: dict[SentimentLabel, int]
    agencies: list[AgencyTone]  # the store's counts: tone towards each agency, exact
    articles: list[DigestArticle]
    scanned: int  # articles read for the order (≤ total)
    # Display names of the listed agencies and of those the filters name.
    agency_names: dict[str, str] = field(default_factory=dict)
    # Articles negative *towards* the agencies the search names (None: it names none). An office
    # subscribed to its own agency is alarmed by that, not by the article's overall tone.
    negative_towards: int | None = None

    @property
    def negative(self) -> int:
        return self.sentiments.get("negative", 0)

    @property
    def alarming(self) -> int:
        """The negative count the subject names: towards the search's agencies when it names
        some, else the articles' own tone."""
        return self.negative if self.negative_towards is None else self.negative_towards

    @property
    def untagged(self) -> int:
        return self.total - sum(self.sentiments.values())


def default_day(now: datetime, timezone: str) -> date:
    """The day a digest sent at ``now`` covers: the previous calendar day in ``timezone``."""
    return now.astimezone(ZoneInfo(timezone)).date() - timedelta(days=1)


def _request(saved: SavedSearch, day: date, timezone: str) -> SearchRequest:
    """The saved search over ``day``. Every value was validated when saved, so a ``FilterError``
    here is a damaged row: raised, since dropping a filter would widen the digest without a word."""
    filters = Filters(
        q=saved.query,
        date_from=day,
        date_to=day,
        outlets=saved.outlets,
        agencies=saved.agencies,
        sentiments=saved.sentiments,
        agency_tones=saved.agency_tones,
    )
    return build_request(filters, ZoneInfo(timezone), sort="newest", size=_PAGE_SIZE, facets=False)


def _read_day(
    store: Store, request: SearchRequest, limit: int
) -> tuple[int, dict[str, int], list[Hit]]:
    """The total, the sentiment facet and up to ``limit`` hits, newest first."""
    counts = store.search(replace(request, size=1, facets=True, facet_size=len(SENTIMENT_LABELS)))
    sentiments = {f.value: f.count for f in counts.facets.get("sentiment", [])}
    hits = list(iter_hits(store, request, limit, batch=_PAGE_SIZE)) if counts.total else []
    return counts.total, sentiments, hits


def _digest_article(hit: Hit) -> DigestArticle:
    article = hit.article
    return DigestArticle(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        outlet_name=article.outlet_name,
        url=article.url,
        published_at=article.published_at,
        snippet=hit.snippet,
        sentiment=article.sentiment.label if article.sentiment else None,
        reasons=list(article.sentiment.reasons) if article.sentiment else [],
    )


def _priority(item: DigestArticle) -> tuple[int, float]:
    rank = _ORDER[item.sentiment] if item.sentiment else len(_ORDER)
    newest = -item.published_at.timestamp() if item.published_at else 0.0
    return rank, newest


def build_digest(
    store: Store,
    saved: SavedSearch,
    day: date,
    options: DigestSettings,
    timezone: str,
    names: AgencyNames,
) -> Digest:
    """The digest of ``saved`` for ``day``; raises ``StoreError`` when the store fails."""
    request = _request(saved, day, timezone)
    total, facet, hits = _read_day(store, request, options.scan_limit)
    articles = sorted((_digest_article(hit) for hit in hits), key=_priority)
    agencies = store.agency_tones(request, options.max_agencies) if total else []
    negative_towards = _negative_towards(store, request, saved) if total else None
    named = [row.agency for row in agencies]
    named += [pair[0] for value in saved.agency_tones if (pair := parse_agency_tone(value))]
    return Digest(
        saved_search_id=saved.id,
        name=saved.name,
        query=saved.query,
        filters=search_filters(saved),
        day=day,
        timezone=timezone,
        total=total,
        stories=story_count(store, request) if total else 0,
        sentiments={label: facet.get(label, 0) for label in SENTIMENT_LABELS},
        agencies=agencies,
        articles=articles[: options.max_articles],
        scanned=len(hits),
        agency_names=agency_names(names, [*named, *saved.agencies]),
        negative_towards=negative_towards,
    )


def _negative_towards(store: Store, request: SearchRequest, saved: SavedSearch) -> int | None:
    """Matches negative towards any of the saved search's agencies (``agency_tone`` pairs are
    ORed); None when it names none, or filters on agency tone itself (then the filter decides)."""
    if not saved.agencies or saved.agency_tones:
        return None
    pairs: list[tuple[str, Tone]] = [(agency, "negative") for agency in saved.agencies]
    return store.search(replace(request, agency_tones=pairs, size=1, page=1)).total


def agency_names(names: AgencyNames, agency_ids: Iterable[str]) -> dict[str, str]:
    """Display names by id; an id outside the vocabulary is shown as itself."""
    return {agency_id: names.name(agency_id) or agency_id for agency_id in agency_ids}
