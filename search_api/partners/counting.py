"""What counts: each contract's criteria as small predicates over an article.

An item counts when it satisfies the contract's agency criterion (it mentions one of the listed
agencies) and, if keywords are listed, mentions one of them too; or, when the contract says
``releases: true``, when it carries a registered press release. Each criterion is a
:class:`Criterion`: an article in, the matches (what to cite in the report) out.

Which press releases an article carries is not known here: a :class:`ReleaseLookup` answers it
for a batch of articles (``service.OfficeReleases`` answers from the office's registered press
releases, ``search_api.releases``; :class:`NoReleases` is for an office that counts none).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from pantau.models import Article
from search_api.partners.contracts import Contract

MatchKind = Literal["agency", "keyword", "release"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Match:
    kind: MatchKind
    value: str  # agency id, keyword or release id
    label: str  # agency name, the keyword as written, release title

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value, "label": self.label}


@dataclass(frozen=True, kw_only=True, slots=True)
class ReleaseRef:
    id: str
    title: str


class ReleaseLookup(Protocol):
    """Which registered press releases each article carries (absent id: none)."""

    def releases_carried(self, articles: Sequence[Article]) -> Mapping[str, Sequence[ReleaseRef]]:
        """Keyed by article id; the articles are the ones the report already read."""
        ...


class NoReleases:
    """No press releases registered: the release criterion never matches."""

    def releases_carried(self, articles: Sequence[Article]) -> Mapping[str, Sequence[ReleaseRef]]:
        return {}


def agency_matches(article: Article, wanted: Sequence[str]) -> list[Match]:
    """Agencies of the article equal to a listed id, or under a listed prefix ending in '/'."""
    found = []
    for agency in article.agencies:
        for want in wanted:
            hit = agency.id.startswith(want) if want.endswith("/") else agency.id == want
            if hit:
                found.append(Match(kind="agency", value=agency.id, label=agency.name))
                break
    return found


def keyword_matches(article: Article, keywords: Sequence[str]) -> list[Match]:
    """Keywords found as whole words (case-insensitive) in the title or the text."""
    haystack = f"{article.title}\n{article.text}"
    found = []
    for keyword in keywords:
        pattern = r"(?<!\w)" + re.escape(keyword.strip()) + r"(?!\w)"
        if re.search(pattern, haystack, flags=re.IGNORECASE):
            found.append(Match(kind="keyword", value=keyword, label=keyword))
    return found


@dataclass(frozen=True, kw_only=True, slots=True)
class Verdict:
    counts: bool
    matches: list[Match]
    # Why not, when it does not count: "no_agency" or "no_keyword".
    reason: Literal["no_agency", "no_keyword"] | None = None


def judge(contract: Contract, article: Article, releases: Sequence[ReleaseRef]) -> Verdict:
    """Whether ``article`` satisfies the contract's criteria (period and duplicates aside)."""
    rules = contract.counts
    carried = (
        [Match(kind="release", value=r.id, label=r.title) for r in releases]
        if rules.releases
        else []
    )
    agencies = agency_matches(article, rules.agencies) if rules.agencies else []
    keywords = keyword_matches(article, rules.keywords) if rules.keywords else []
    agency_ok = bool(agencies) or not rules.agencies
    keyword_ok = bool(keywords) or not rules.keywords
    content_ok = (rules.agencies or rules.keywords) and agency_ok and keyword_ok
    if content_ok or carried:
        return Verdict(counts=True, matches=[*carried, *agencies, *keywords])
    reason: Literal["no_agency", "no_keyword"] = (
        "no_agency" if rules.agencies and not agencies else "no_keyword"
    )
    return Verdict(counts=False, matches=[*agencies, *keywords], reason=reason)
