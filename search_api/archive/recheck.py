"""Re-checking archived articles: fetch each URL again and compare with the first capture.

The crawl never fetches a stored URL again (crawler/spiders/news.py), so an outlet's later edit
or deletion is found here, by ``pantau archive recheck``. Outcomes per article:

* ``gone`` — 404 or 410: the response is archived and the article flagged; the first capture
  stays the evidence.
* ``changed`` — a different body whose article text differs too (or cannot be compared): archived
  and flagged.
* ``same_text`` — the page differs but the article text is the same (ads, "popular" boxes):
  archived, not flagged.
* ``unchanged`` — byte-identical: nothing written.
* ``error`` — another status, or no answer: nothing written, reported, retried next time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from search_api.archive.archive import Archive, text_sha256
from search_api.archive.warc import RawResponse

Outcome = Literal["gone", "changed", "same_text", "unchanged", "error", "not_archived"]
GONE_STATUSES = frozenset({404, 410})


class FetchError(Exception):
    """The page could not be fetched at all (connection refused, timeout, DNS)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class RecheckResult:
    article_id: str
    url: str | None
    outcome: Outcome
    status: int | None = None
    detail: str = ""
    flagged: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "url": self.url,
            "outcome": self.outcome,
            "status": self.status,
            "detail": self.detail,
            "flagged": self.flagged,
        }


Fetch = Callable[[str], RawResponse]
TextOf = Callable[[RawResponse], str | None]


def recheck(
    archive: Archive, article_ids: Iterable[str], fetch: Fetch, text_of: TextOf
) -> Iterator[RecheckResult]:
    """Re-check each article (see the module docstring); results in the given order."""
    for article_id in article_ids:
        yield _recheck_one(archive, article_id, fetch, text_of)


def _recheck_one(archive: Archive, article_id: str, fetch: Fetch, text_of: TextOf) -> RecheckResult:
    first = archive.ledger.first(article_id)
    if first is None:
        return RecheckResult(article_id=article_id, url=None, outcome="not_archived")
    try:
        response = fetch(first.url)
    except FetchError as exc:
        return RecheckResult(article_id=article_id, url=first.url, outcome="error", detail=str(exc))
    now = datetime.now(UTC)
    if response.status in GONE_STATUSES:
        capture = archive.record(article_id, response, text=None, origin="recheck")
        flagged = archive.ledger.flag(article_id, "gone", capture.id, now)
        return RecheckResult(
            article_id=article_id,
            url=first.url,
            outcome="gone",
            status=response.status,
            flagged=flagged,
        )
    if not 200 <= response.status < 300:
        return RecheckResult(
            article_id=article_id,
            url=first.url,
            outcome="error",
            status=response.status,
            detail=f"HTTP {response.status}",
        )
    if response.sha256 == first.sha256:
        return RecheckResult(
            article_id=article_id, url=first.url, outcome="unchanged", status=response.status
        )
    text = text_of(response)
    capture = archive.record(article_id, response, text=text, origin="recheck")
    new_hash = text_sha256(text)
    if new_hash is not None and new_hash == first.text_sha256:
        return RecheckResult(
            article_id=article_id, url=first.url, outcome="same_text", status=response.status
        )
    flagged = archive.ledger.flag(article_id, "changed", capture.id, now)
    return RecheckResult(
        article_id=article_id,
        url=first.url,
        outcome="changed",
        status=response.status,
        flagged=flagged,
    )
