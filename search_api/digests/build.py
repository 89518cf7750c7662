"""Building a digest: one saved search run against the article store for one day.

**The day.** A digest covers one calendar day in the office's timezone (``schedule.timezone``,
Asia/Jakarta): 00:00 to 24:00 WIB. The 07:00 run sends the previous day (:func:`default_day`).
Calendar days rather than "the last 24 hours" so that every article falls in exactly one digest
whenever the job runs (late, twice, or by hand), the send log can key a digest by its day, and
the subject can name the day.

**Through the Store protocol only** (``store.search``), so SQLite and Elasticsearch both work:
the total and the sentiment counts come from the search's total and facets (exact); agencies with
their tone and the article order come from reading the day's matches, newest first, up to
``digest.scan_limit`` articles (an office's saved search matches tens a day, not thousands; the
rendered digest says when the limit cut the reading short).

**Order of the articles.** Negative first, then neutral, positive and untagged, newest first
within each: the articles a humas office has to answer come first.

Settings read: ``digest.*`` (passed in as :class:`DigestSettings`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pantau.models import Article, SentimentLabel
from pantau.settings import DigestSettings
from search_api.digests.searches import SavedSearch
from search_api.filters_core import parse_agency_tone
from search_api.query import parse
from search_api.store.base import Hit, SearchRequest, Store, Tone

SENTIMENT_LABELS: tuple[SentimentLabel, ...] = ("negative", "neutral", "positive")
# Results per store round trip while reading a day's matches; the API's own page cap.
_PAGE_SIZE = 100
_ORDER = {label: rank for rank, label in enumerate(SENTIMENT_LABELS)}


@dataclass(kw_only=True, slots=True)
class AgencyTone:
    """An agency covered that day: in how many articles, and the tone towards it in each."""

    id: str
    name: str
    articles: int = 0
    negative: int = 0
    neutral: int = 0
    positive: int = 0


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
    sentiments: dict[SentimentLabel, int]
    agencies: list[AgencyTone]
    articles: list[DigestArticle]
    scanned: int  # articles read for agencies and order (≤ total)
    # Display names of the agencies met in the articles read, for the filters line.
    agency_names: dict[str, str] = field(default_factory=dict)

    @property
    def negative(self) -> int:
        return self.sentiments.get("negative", 0)

    @property
    def untagged(self) -> int:
        return self.total - sum(self.sentiments.values())


def day_window(day: date, timezone: str) -> tuple[datetime, datetime]:
    """``[start, end)`` of ``day`` in ``timezone`` as aware datetimes."""
    tz = ZoneInfo(timezone)
    return datetime.combine(day, time.min, tzinfo=tz), datetime.combine(
        day + timedelta(days=1), time.min, tzinfo=tz
    )


def default_day(now: datetime, timezone: str) -> date:
    """The day a digest sent at ``now`` covers: the previous calendar day in ``timezone``."""
    return now.astimezone(ZoneInfo(timezone)).date() - timedelta(days=1)


def _request(saved: SavedSearch, day: date, timezone: str) -> SearchRequest:
    start, end = day_window(day, timezone)
    return SearchRequest(
        query=parse(saved.query),
        date_from=start,
        date_to=end,
        outlets=list(saved.outlets),
        agencies=list(saved.agencies),
        sentiments=list(saved.sentiments),
        agency_tones=[_agency_tone(saved, value) for value in saved.agency_tones],
        sort="newest",
        size=_PAGE_SIZE,
        facets=False,
    )


def _agency_tone(saved: SavedSearch, value: str) -> tuple[str, Tone]:
    """A stored ``<agency id>:<tone>``; every value was validated when saved, so one that does not
    parse is a damaged row: raised, since dropping it would widen the digest without a word."""
    pair = parse_agency_tone(value)
    if pair is None:
        raise ValueError(f"saved search {saved.id}: stored agency_tone {value!r} does not parse")
    return pair


def _read_day(
    store: Store, request: SearchRequest, limit: int
) -> tuple[int, dict[str, int], list[Hit]]:
    """The total, the sentiment facet and up to ``limit`` hits, newest first."""
    first = store.search(replace(request, facets=True, facet_size=len(SENTIMENT_LABELS)))
    sentiments = {f.value: f.count for f in first.facets.get("sentiment", [])}
    hits = list(first.hits)
    page = 1
    while len(hits) < min(limit, first.total) and len(first.hits) == _PAGE_SIZE:
        page += 1
        more = store.search(replace(request, page=page))
        if not more.hits:
            break
        hits.extend(more.hits)
    return first.total, sentiments, hits[:limit]


def _agency_tones(articles: list[Article]) -> list[AgencyTone]:
    tones: dict[str, AgencyTone] = {}
    for article in articles:
        seen: set[str] = set()
        for ref in article.agencies:
            if ref.id in seen:
                continue
            seen.add(ref.id)
            tone = tones.setdefault(ref.id, AgencyTone(id=ref.id, name=ref.name))
            tone.articles += 1
            if ref.sentiment is not None:
                setattr(tone, ref.sentiment, getattr(tone, ref.sentiment) + 1)
    return sorted(tones.values(), key=lambda t: (-t.articles, -t.negative, t.id))


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
    store: Store, saved: SavedSearch, day: date, options: DigestSettings, timezone: str
) -> Digest:
    """The digest of ``saved`` for ``day``; raises ``StoreError`` when the store fails."""
    total, facet, hits = _read_day(store, _request(saved, day, timezone), options.scan_limit)
    articles = sorted((_digest_article(hit) for hit in hits), key=_priority)
    return Digest(
        saved_search_id=saved.id,
        name=saved.name,
        query=saved.query,
        filters={
            key: list(values)
            for key, values in (
                ("outlet", saved.outlets),
                ("agency", saved.agencies),
                ("sentiment", saved.sentiments),
                ("agency_tone", saved.agency_tones),
            )
            if values
        },
        day=day,
        timezone=timezone,
        total=total,
        sentiments={label: facet.get(label, 0) for label in SENTIMENT_LABELS},
        agencies=_agency_tones([hit.article for hit in hits])[: options.max_agencies],
        articles=articles[: options.max_articles],
        scanned=len(hits),
        agency_names=_agency_names([hit.article for hit in hits]),
    )


def _agency_names(articles: list[Article]) -> dict[str, str]:
    names: dict[str, str] = {}
    for article in articles:
        for ref in article.agencies:
            if ref.name:
                names.setdefault(ref.id, ref.name)
    return names
