"""The overview's two questions over any store: tone over time and share of voice.

``/api/stats/*``, the overview page, the benchmarks and (later) exports ask them through these
functions and get plain dataclasses back; the routers only turn those into JSON. Both take a
:class:`StatsQuery`: a store request (query and filters; paging ignored) with the office days it
covers, so a timeline can show every bucket of the asked range, empty ones included.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from datetime import date, tzinfo
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from search_api.filters_core import days_of
from search_api.store.base import (
    TONES,
    Interval,
    SearchRequest,
    Shares,
    Store,
    Timeline,
    ToneCounts,
    story_request,
)
from search_api.store.sqlite_rows import JAKARTA  # both stores' day buckets
from search_api.store.stats import check_buckets, choose_interval, filled, rolled_up

# The sentiment facet obeys facet_size too, and must list every label.
_LABELS = len(TONES) - 1
_SHARE_FACETS = ("outlet", "sentiment")


@dataclass(frozen=True, slots=True)
class StatsQuery:
    """The search the statistics count, with the first and last office day it covers."""

    q: str
    first_day: date | None
    last_day: date | None
    request: SearchRequest

    @classmethod
    def of(cls, q: str, request: SearchRequest, tz: ZoneInfo) -> StatsQuery:
        first, last = days_of(request, tz)
        return cls(q=q, first_day=first, last_day=last, request=request)


@dataclass(frozen=True, slots=True)
class Share:
    """An outlet (or agency) among the matches: how many matches, and which part of them."""

    value: str
    count: int
    share: float  # count ÷ all matched articles (0–1)


@dataclass(frozen=True, slots=True)
class AgencyShare(Share):
    tones: ToneCounts  # the tone towards this agency in those articles


@dataclass(frozen=True, slots=True)
class ShareOfVoice:
    total: int
    stories: int  # the matched articles' clusters: one story, however many outlets carried it
    sentiment: ToneCounts  # matched articles by the article's tone
    outlets: list[Share]
    agencies: list[AgencyShare]  # an article may cover several: shares can add up to over 1
    total_is_exact: bool = True  # False: ``total`` is the 10,000 counted ("10.000+")
    # None: counted over every match; else the counts come from the newest ``sample`` matches
    # (the SQLite store on a very broad search) and shares are parts of those.
    sample: int | None = None


def timeline_totals(timeline: Timeline) -> ToneCounts:
    """The dated matches by tone: the buckets' sum."""
    totals = ToneCounts()
    for bucket in timeline.buckets:
        for tone in TONES:
            totals.add(tone, bucket.counts.get(tone))
    return totals


def tone_timeline(
    store: Store, query: StatsQuery, interval: Interval | Literal["auto"]
) -> Timeline:
    """The timeline with ``auto`` resolved and every bucket of the range present; raises
    ``TooManyBuckets`` past :data:`~search_api.store.stats.MAX_BUCKETS`.

    ``auto`` picks by the asked range; with an open end, by the span of the matches (read per
    day, then summed into weeks or months: the same counts as asking the store for those).
    """
    first, last = query.first_day, query.last_day
    if interval == "auto" and first is not None and last is not None:
        interval = choose_interval(first, last)
    if interval != "auto" and first is not None and last is not None:
        check_buckets(first, last, interval)  # before asking the store anything
    if interval != "auto":
        return filled(store.timeline(query.request, interval), first, last)
    # An open end: the span of the matches from the oldest and newest one (two one-hit searches),
    # then the store counts in that interval's buckets. Asking for days and summing them made the
    # store count two years as 730 buckets (the broad overview question at 1M: ~280 ms).
    oldest = first or edge_day(store, query.request, "oldest", JAKARTA)
    newest = last or edge_day(store, query.request, "newest", JAKARTA)
    if oldest is not None and newest is not None:
        span = choose_interval(oldest, newest)
        return filled(store.timeline(query.request, span), first, last)
    daily = store.timeline(query.request, "day")
    if not daily.buckets:
        return filled(daily, first, last)
    span = choose_interval(first or daily.buckets[0].start, last or daily.buckets[-1].start)
    timeline = daily if span == "day" else rolled_up(daily, span)
    return filled(timeline, first, last)


def edge_day(
    store: Store, request: SearchRequest, sort: Literal["oldest", "newest"], tz: tzinfo
) -> date | None:
    """The day in ``tz`` of the oldest or newest dated article ``request`` matches, if any.

    ``oldest`` puts dated articles first and ``newest`` last, so an undated one is only found
    when nothing is dated."""
    one = replace(request, page=1, size=1, sort=sort, facets=False, collapse=False)
    hits = store.search(one).hits
    published = hits[0].article.published_at if hits else None
    return published.astimezone(tz).date() if published is not None else None


def facet_request(request: SearchRequest, size: int) -> SearchRequest:
    """The search whose facets :func:`share_of_voice` reads, listing ``size`` outlets: outlets
    and tones only (its agencies come with their tones from ``Store.agency_tones``)."""
    return replace(request, facets=True, facet_size=max(size, _LABELS), facet_fields=_SHARE_FACETS)


T = TypeVar("T")


def started(threads: Executor | None, work: Callable[[], T]) -> Future[T]:
    """``work`` running on ``threads``, or done here and now without them."""
    if threads is not None:
        return threads.submit(work)
    done: Future[T] = Future()
    done.set_result(work())
    return done


def share_of_voice(
    store: Store, request: SearchRequest, size: int, counted: Shares | None = None
) -> ShareOfVoice:
    """Totals by tone, the top ``size`` outlets and agencies with their shares and tones.

    ``counted``: the store's :meth:`~search_api.store.base.Store.shares` of
    :func:`facet_request` (``request``, ``size``) with any page of hits, when the caller has
    asked already (the overview page reads the newest hits for display names).
    """
    if counted is None:
        counted = store.shares(facet_request(request, size), size)
    result = counted.result
    total = result.total
    base = result.facets_sample or total  # what the counts below were counted from
    tones = ToneCounts()
    for facet in result.facets.get("sentiment", []):
        tones.add(facet.value, facet.count)
    tones.add("none", base - tones.total)  # the sentiment facet lists only labelled articles

    def share(count: int) -> float:
        return count / base if base else 0.0

    outlets = [
        Share(value=f.value, count=f.count, share=share(f.count))
        for f in result.facets.get("outlet", [])[:size]
    ]
    agencies = [
        AgencyShare(
            value=row.agency, count=row.articles, share=share(row.articles), tones=row.tones
        )
        for row in counted.agencies
    ]
    return ShareOfVoice(
        total=total,
        stories=counted.stories,
        sentiment=tones,
        outlets=outlets,
        agencies=agencies,
        total_is_exact=result.total_is_exact,
        sample=result.facets_sample,
    )


def story_count(store: Store, request: SearchRequest) -> int:
    """How many stories (clusters) the articles matching ``request`` tell."""
    return store.search(story_request(request)).total


# Newest articles read for outlets' display names (the facet carries only ids).
NAME_SAMPLE = 500


def outlet_names(store: Store) -> dict[str, str]:
    """Every outlet the store has articles from, id → display name (the id when no article read
    gives one), by number of articles. The forms offer these and refuse other ids."""
    request = SearchRequest(size=NAME_SAMPLE, sort="newest", facets=True, facet_size=100_000)
    result = store.search(request)
    names: dict[str, str] = {}
    for hit in result.hits:
        if hit.article.outlet_name:
            names.setdefault(hit.article.outlet, hit.article.outlet_name)
    return {f.value: names.get(f.value, f.value) for f in result.facets.get("outlet", [])}


def known_outlets(store: Store) -> set[str] | None:
    """The outlets a saved search may name: those the store has articles from; None on an empty
    store, where nothing can be checked yet (an office saving searches before its first crawl)."""
    return set(outlet_names(store)) or None


def top_agencies(store: Store, size: int) -> list[str]:
    """The ids of the ``size`` agencies most covered in the whole store."""
    return [row.agency for row in store.agency_tones(SearchRequest(size=1), size)]
