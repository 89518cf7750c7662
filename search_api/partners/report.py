"""The monthly report of one contract: what was expected, what was found, what is payable.

Every month from the contract's start to the report month is classified in order (so the
cumulative figures, the total quota and "a duplicate of an item already counted" look back across
months). Each article of the contract's outlets published in a month is, in this order:

1. ``outside_period`` — published before the contract's start or after its end;
2. ``deleted`` / ``edited`` — a re-check found the page gone (404/410) or its text changed; the
   first archived copy stays the evidence, but the item is not paid;
3. ``no_agency`` / ``no_keyword`` — the contract's criteria are not met (counting.py);
4. ``duplicate`` — the same story as an item already counted (same ``cluster_id``, the same URL
   or the same title);
5. otherwise eligible: ``counted`` up to the month's payable quota (per month, and what is left
   of the total), ``over_quota`` beyond it.

Payable items = min(eligible, quota); amount = payable items × price per item. Compliance is the
month's eligible items against its quota (per month, or else the total spread over the months).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pantau.models import Article
from search_api.archive.ledger import Capture, Ledger
from search_api.partners.contracts import Contract
from search_api.partners.counting import Match, ReleaseLookup, judge
from search_api.store.base import SearchRequest, Store
from search_api.store.paging import iter_hits

Status = Literal["counted", "over_quota", "not_counted"]
Reason = Literal["outside_period", "deleted", "edited", "no_agency", "no_keyword", "duplicate"]
REASON_TEXT: dict[str, str] = {
    "outside_period": "di luar masa kontrak",
    "deleted": "dihapus media setelah tayang",
    "edited": "diubah media setelah tayang",
    "no_agency": "tidak menyebut instansi pemerintah daerah",
    "no_keyword": "tidak memuat kata kunci kontrak",
    "duplicate": "duplikat berita yang sudah dihitung",
    "over_quota": "melebihi kuota",
}
EXCERPT_CHARS = 600


class ReportError(ValueError):
    """A month the contract does not cover, or a malformed month."""


def parse_month(text: str) -> date:
    """``2026-10`` → the first of that month."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ReportError(f"month must look like 2026-10, not {text!r}")
    return date(int(match.group(1)), int(match.group(2)), 1)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _months(first: date, last: date) -> Iterator[date]:
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = _next_month(month)


@dataclass(kw_only=True, slots=True)
class Item:
    article_id: str
    url: str
    title: str
    outlet: str
    outlet_name: str | None
    published_at: datetime | None
    date_source: str | None
    month: str
    status: Status
    reason: Reason | None = None
    matches: list[Match] = field(default_factory=list)
    duplicate_of: str | None = None
    cluster_id: str | None = None
    archive_ref: str | None = None
    sha256: str | None = None
    archived_at: datetime | None = None
    excerpt: str = ""

    @property
    def reason_text(self) -> str:
        if self.status == "over_quota":
            return REASON_TEXT["over_quota"]
        return REASON_TEXT[self.reason] if self.reason else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "url": self.url,
            "title": self.title,
            "outlet": self.outlet,
            "outlet_name": self.outlet_name,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "date_source": self.date_source,
            "month": self.month,
            "status": self.status,
            "reason": self.reason,
            "reason_text": self.reason_text,
            "matches": [m.to_dict() for m in self.matches],
            "duplicate_of": self.duplicate_of,
            "cluster_id": self.cluster_id,
            "archive_ref": self.archive_ref,
            "sha256": self.sha256,
            "archived_at": self.archived_at.isoformat() if self.archived_at else None,
            "excerpt": self.excerpt,
        }


@dataclass(kw_only=True, slots=True)
class MonthLine:
    month: str
    expected: int | None  # the month's quota (None: only a total quota)
    found: int  # eligible items (counted + over quota)
    payable: int
    amount: int
    cumulative_expected: int | None
    cumulative_found: int
    cumulative_payable: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "expected": self.expected,
            "found": self.found,
            "payable": self.payable,
            "amount": self.amount,
            "cumulative_expected": self.cumulative_expected,
            "cumulative_found": self.cumulative_found,
            "cumulative_payable": self.cumulative_payable,
        }


@dataclass(kw_only=True, slots=True)
class ContractReport:
    contract: Contract
    month: str
    generated_at: datetime
    timezone: str
    months: list[MonthLine]
    items: list[Item]  # the report month's items, by publication time

    @property
    def line(self) -> MonthLine:
        return self.months[-1]

    @property
    def counted(self) -> list[Item]:
        return [i for i in self.items if i.status == "counted"]

    @property
    def over_quota(self) -> list[Item]:
        return [i for i in self.items if i.status == "over_quota"]

    @property
    def not_counted(self) -> list[Item]:
        return [i for i in self.items if i.status == "not_counted"]

    @property
    def compliance_pct(self) -> float | None:
        line = self.line
        if line.expected:
            return round(100.0 * min(line.found, line.expected) / line.expected, 1)
        total = self.contract.quota.total
        if total and line.cumulative_expected:
            return round(
                100.0
                * min(line.cumulative_found, line.cumulative_expected)
                / line.cumulative_expected,
                1,
            )
        return None

    def to_dict(self) -> dict[str, Any]:
        line = self.line
        return {
            "contract": self.contract.model_dump(mode="json", exclude_none=True),
            "month": self.month,
            "generated_at": self.generated_at.isoformat(),
            "timezone": self.timezone,
            "summary": {
                "expected": line.expected,
                "found": line.found,
                "counted": len(self.counted),
                "over_quota": len(self.over_quota),
                "not_counted": len(self.not_counted),
                "payable_items": line.payable,
                "price_per_item": self.contract.price_per_item,
                "amount_payable": line.amount,
                "compliance_pct": self.compliance_pct,
                "cumulative_expected": line.cumulative_expected,
                "cumulative_found": line.cumulative_found,
                "cumulative_payable": line.cumulative_payable,
            },
            "months": [m.to_dict() for m in self.months],
            "counted": [i.to_dict() for i in self.counted],
            "over_quota": [i.to_dict() for i in self.over_quota],
            "not_counted": [i.to_dict() for i in self.not_counted],
        }


def _month_articles(
    store: Store, outlets: Sequence[str], month: date, tz: ZoneInfo
) -> list[Article]:
    start = datetime(month.year, month.month, 1, tzinfo=tz)
    nxt = _next_month(month)
    end = datetime(nxt.year, nxt.month, 1, tzinfo=tz)
    request = SearchRequest(outlets=list(outlets), date_from=start, date_to=end)
    articles = [hit.article for hit in iter_hits(store, request)]
    # Oldest first: the first of two copies is the one counted.
    articles.sort(key=lambda a: (a.published_at or start, a.id))
    return articles


def _title_key(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.lower()).split())


def _dedupe_keys(article: Article) -> list[str]:
    # Every stored article has a cluster (its own id when no copy was found), so the cluster
    # alone would miss a copy the clustering did not join (a retitled punctuation variant across
    # outlets): the URL and the title count too.
    keys = [f"url:{article.canonical_url}", f"title:{_title_key(article.title)}"]
    if article.cluster_id:
        keys.insert(0, f"cluster:{article.cluster_id}")
    return keys


def _excerpt(article: Article) -> str:
    text = " ".join(article.text.split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"


class _Classifier:
    """Carries what earlier months settled (counted stories, payable items) into later ones."""

    def __init__(
        self, contract: Contract, releases: ReleaseLookup, ledger: Ledger | None, tz: ZoneInfo
    ) -> None:
        self.contract = contract
        self.releases = releases
        self.ledger = ledger
        self.tz = tz
        self.counted_keys: dict[str, str] = {}  # dedupe key -> article id counted first
        self.payable_so_far = 0

    def month(self, month: date, articles: list[Article]) -> tuple[list[Item], int]:
        """The month's items and how many are payable."""
        ids = [a.id for a in articles]
        carried = self.releases.releases_carried(articles)
        flags = self.ledger.flags(ids) if self.ledger else {}
        firsts: dict[str, Capture] = self.ledger.firsts(ids) if self.ledger else {}
        period = self.contract.period
        quota = self.contract.quota
        room = quota.per_month if quota.per_month is not None else len(articles)
        if quota.total is not None:
            room = min(room, max(0, quota.total - self.payable_so_far))
        items: list[Item] = []
        payable = 0
        for article in articles:
            item = self._item(article, month, firsts.get(article.id))
            published = (
                article.published_at.astimezone(self.tz).date() if article.published_at else None
            )
            kinds = {f.kind for f in flags.get(article.id, [])}
            verdict = judge(self.contract, article, carried.get(article.id, ()))
            item.matches = verdict.matches
            if published is None or not period.start <= published <= period.end:
                item.reason = "outside_period"
            elif "gone" in kinds:
                item.reason = "deleted"
            elif "changed" in kinds:
                item.reason = "edited"
            elif not verdict.counts:
                item.reason = verdict.reason
            else:
                keys = _dedupe_keys(article)
                earlier = next((self.counted_keys[k] for k in keys if k in self.counted_keys), None)
                if earlier is not None:
                    item.reason = "duplicate"
                    item.duplicate_of = earlier
                else:
                    for key in keys:
                        self.counted_keys[key] = article.id
                    item.status = "counted" if payable < room else "over_quota"
                    payable += item.status == "counted"
            items.append(item)
        self.payable_so_far += payable
        return items, payable

    def _item(self, article: Article, month: date, capture: Capture | None) -> Item:
        return Item(
            article_id=article.id,
            url=article.url,
            title=article.title,
            outlet=article.outlet,
            outlet_name=article.outlet_name,
            published_at=article.published_at.astimezone(self.tz) if article.published_at else None,
            date_source=article.date_source,
            month=f"{month:%Y-%m}",
            status="not_counted",
            cluster_id=article.cluster_id,
            archive_ref=capture.reference if capture else None,
            sha256=capture.sha256 if capture else None,
            archived_at=capture.fetched_at.astimezone(self.tz) if capture else None,
            excerpt=_excerpt(article),
        )


def build_report(
    store: Store,
    contract: Contract,
    month: date,
    *,
    releases: ReleaseLookup,
    ledger: Ledger | None,
    timezone: str = "Asia/Jakarta",
    now: datetime | None = None,
) -> ContractReport:
    """The report of ``contract`` for ``month`` (its first day); see the module docstring."""
    first = contract.period.start.replace(day=1)
    if month < first or month > contract.period.end:
        raise ReportError(
            f"contract {contract.id} runs {contract.period.start} – {contract.period.end}; "
            f"{month:%Y-%m} is outside it"
        )
    tz = ZoneInfo(timezone)
    classifier = _Classifier(contract, releases, ledger, tz)
    lines: list[MonthLine] = []
    items: list[Item] = []
    found_cum = 0
    months = list(_months(first, month))
    for index, current in enumerate(months):
        items, payable = classifier.month(
            current, _month_articles(store, contract.outlets, current, tz)
        )
        found = sum(1 for i in items if i.status in ("counted", "over_quota"))
        found_cum += found
        per_month = contract.quota.per_month
        cumulative = contract.quota.total
        if per_month is not None:
            spread = per_month * (index + 1)
            cumulative = spread if cumulative is None else min(spread, cumulative)
        lines.append(
            MonthLine(
                month=f"{current:%Y-%m}",
                expected=per_month,
                found=found,
                payable=payable,
                amount=payable * contract.price_per_item,
                cumulative_expected=cumulative,
                cumulative_found=found_cum,
                cumulative_payable=classifier.payable_so_far,
            )
        )
    return ContractReport(
        contract=contract,
        month=f"{month:%Y-%m}",
        generated_at=now or datetime.now(UTC),
        timezone=timezone,
        months=lines,
        items=items,
    )
