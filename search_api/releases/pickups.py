"""Which outlets carried a press release, and how: the pickups of a release in the article store.

A release and an article are compared by their word shingles (:mod:`nlp.shingles`, 3 words,
Indonesian-normalised): ``reused`` is the share of the release's shingles found in the article.
An article published from :data:`EARLY` before the release to :data:`WINDOW` after it is a pickup
when it reuses at least :data:`MIN_REUSED` of the release and at least :data:`MIN_SHARED`
shingles (so a short release does not match on one common phrase). Rewritten versions keep the
release's quotes and figures, which is what they share; unrelated articles on the same topic share
almost nothing (thresholds tuned on the sample site, ``bench/pickups.py``). A pickup reusing
:data:`VERBATIM` or more is a copy (``salinan``), else a rewrite (``tulis ulang``).

For each pickup: the delay after the release, the sentences and quotes the outlet added (those
whose shingles are mostly not in the release) and its tone next to the release's.

:func:`releases_carried` answers the question the contract reports ask: given article ids, which
registered releases each one carries.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from nlp.shingles import article_shingles, normalise, shingles
from pantau.models import Article, SentimentLabel
from search_api.releases.registry import Release, list_releases, own_outlets
from search_api.store.base import MAX_RESULT_WINDOW, SearchRequest, Store
from search_api.store.paging import iter_hits

MIN_REUSED = 0.12
MIN_SHARED = 8
VERBATIM = 0.7
# An outlet may post a copy minutes before the office's own page goes up (the release was mailed
# first); after a month nobody picks a release up any more.
EARLY = timedelta(days=1)
WINDOW = timedelta(days=30)
# A sentence of the article is the outlet's own when under half its shingles are the release's.
OWN_SENTENCE = 0.5

PickupKind = Literal["verbatim", "rewritten"]
_SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+(?=[\"“A-Z0-9])")
_QUOTE = re.compile(r"[\"“]([^\"”]{20,})[\"”]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Pickup:
    article_id: str
    outlet: str
    url: str
    title: str
    published_at: datetime | None
    reused: float  # share of the release's shingles in the article, 0..1
    kind: PickupKind
    delay: timedelta | None  # after the release; negative when the outlet was first
    added_sentences: list[str] = field(default_factory=list)
    added_quotes: list[str] = field(default_factory=list)
    tone: SentimentLabel | None = None
    tone_differs: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Carried:
    """One release carried by an article."""

    release_id: int
    release_title: str
    reused: float
    kind: PickupKind


class ReleaseShingles:
    """A release's shingles, computed once for many comparisons."""

    def __init__(self, release: Release, own_outlets: Collection[str] = ()) -> None:
        self.release = release
        self.shingles = article_shingles(release.title, release.text)
        self.own_outlets = {o.lower() for o in own_outlets}
        if release.outlet is not None:
            self.own_outlets.add(release.outlet.lower())

    def reused(self, article: Article) -> tuple[float, int]:
        """(share of the release's shingles in the article, how many)."""
        if not self.shingles:
            return 0.0, 0
        shared = len(self.shingles & article_shingles(article.title, article.text))
        return shared / len(self.shingles), shared

    def is_own(self, article: Article) -> bool:
        """The office's own pages (its site, where the release is posted) are not pickups."""
        return article.id == self.release.article_id or article.outlet.lower() in self.own_outlets


def _kind(reused: float) -> PickupKind:
    return "verbatim" if reused >= VERBATIM else "rewritten"


def _sentences(text: str) -> list[str]:
    return [
        s.strip() for p in text.split("\n") for s in _SENTENCE_END.split(p) if len(s.split()) >= 4
    ]


def _mostly_new(fragment: str, release: set[str]) -> bool:
    own = shingles(normalise(fragment))
    return bool(own) and len(own & release) / len(own) < OWN_SENTENCE


def pickup_of(release: ReleaseShingles, article: Article) -> Pickup | None:
    """The pickup of ``release`` by ``article``, or None when the article does not carry it."""
    if release.is_own(article):
        return None
    reused, shared = release.reused(article)
    if reused < MIN_REUSED or shared < MIN_SHARED:
        return None
    added = [s for s in _sentences(article.text) if _mostly_new(s, release.shingles)]
    quotes = [q.text for q in article.quotes] or _QUOTE.findall(article.text)
    added_quotes = [q for q in quotes if _mostly_new(q, release.shingles)]
    tone = article.sentiment.label if article.sentiment is not None else None
    release_tone = release.release.sentiment
    delay = None
    if article.published_at is not None:
        delay = article.published_at - release.release.published_at
    return Pickup(
        article_id=article.id,
        outlet=article.outlet,
        url=article.url,
        title=article.title,
        published_at=article.published_at,
        reused=round(reused, 3),
        kind=_kind(reused),
        delay=delay,
        added_sentences=added,
        added_quotes=added_quotes,
        tone=tone,
        tone_differs=tone is not None and release_tone is not None and tone != release_tone,
    )


def find_pickups(store: Store, release: Release, own_outlets: Collection[str] = ()) -> list[Pickup]:
    """Every stored article that carried ``release``, earliest first; articles of the office's
    ``own_outlets`` (:func:`~search_api.releases.registry.own_outlets`) are not pickups."""
    prepared = ReleaseShingles(release, own_outlets)
    request = SearchRequest(
        date_from=release.published_at - EARLY, date_to=release.published_at + WINDOW
    )
    found = [
        pickup
        for hit in iter_hits(store, request, limit=MAX_RESULT_WINDOW)
        if (pickup := pickup_of(prepared, hit.article)) is not None
    ]
    found.sort(key=lambda p: (p.published_at is None, p.published_at or datetime.max, p.outlet))
    return found


def releases_carried(
    store: Store, conn: sqlite3.Connection, article_ids: Iterable[str]
) -> dict[str, list[Carried]]:
    """For each of ``article_ids`` that is stored: the registered releases it carries (best first).

    An article carries a release published from :data:`WINDOW` before it to :data:`EARLY` after
    it; ids not in the store are left out of the answer.
    """
    stored = (store.get(article_id) for article_id in dict.fromkeys(article_ids))
    return carried_by(conn, [article for article in stored if article is not None])


def carried_by(conn: sqlite3.Connection, articles: Iterable[Article]) -> dict[str, list[Carried]]:
    """:func:`releases_carried` for articles already read (the contract reports have them)."""
    own = own_outlets(conn)
    prepared = [ReleaseShingles(r, own) for r in list_releases(conn, limit=100_000)]
    answer: dict[str, list[Carried]] = {}
    for article in articles:
        carried: list[Carried] = []
        for release in prepared:
            published = article.published_at
            when = release.release.published_at
            if published is not None and not (when - EARLY <= published <= when + WINDOW):
                continue
            pickup = pickup_of(release, article)
            if pickup is not None:
                carried.append(
                    Carried(
                        release_id=release.release.id,
                        release_title=release.release.title,
                        reused=pickup.reused,
                        kind=pickup.kind,
                    )
                )
        answer[article.id] = sorted(carried, key=lambda c: (-c.reused, c.release_id))
    return answer
