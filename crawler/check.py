"""``pantau sources check``: is extraction still healthy for each outlet?

A few recent articles of every outlet are fetched and extracted (no store, no NLP). Per outlet we
record: articles extracted, the share with a date *from the page itself* (a feed or sitemap date
would hide a broken page), the median text length in words, and the share whose text still holds a
boilerplate marker. The figures are appended to ``PANTAU_HOME/source-checks.jsonl``; an outlet is
flagged when its figures fall against the median of its own last runs — the usual sign that the site
was redesigned and our extraction broke.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pantau.models import Article

# Markers that our clean-up removes; one left in the text means a page layout we no longer read.
BOILERPLATE_MARKERS = (
    "baca juga",
    "lihat juga",
    "simak juga",
    "advertisement",
    "scroll to continue",
    "[gambas:",
    "no comments:",
    "post a comment",
    "bagikan artikel",
)
HISTORY_FILE = "source-checks.jsonl"
HISTORY_RUNS = 5  # the baseline is the median of this many previous runs
# Drops that count as "broke": dated share or article count down by 0.3 of the whole, median length
# halved, boilerplate share up by 0.3. Smaller moves are ordinary news-day variation.
SHARE_DROP = 0.3
LENGTH_RATIO = 0.5


@dataclass(kw_only=True, slots=True)
class SourceFigures:
    outlet: str
    checked_at: str
    articles: int
    rejected: int
    dated_share: float
    median_words: float
    boilerplate_share: float
    flags: list[str] = field(default_factory=list)


def figures(outlet: str, articles: list[Article], rejected: int, now: datetime) -> SourceFigures:
    own_dates = [a for a in articles if a.published_at and a.date_source not in ("feed", "sitemap")]
    dirty = [a for a in articles if any(m in a.text.lower() for m in BOILERPLATE_MARKERS)]
    return SourceFigures(
        outlet=outlet,
        checked_at=now.isoformat(),
        articles=len(articles),
        rejected=rejected,
        dated_share=len(own_dates) / len(articles) if articles else 0.0,
        median_words=statistics.median(a.word_count for a in articles) if articles else 0.0,
        boilerplate_share=len(dirty) / len(articles) if articles else 0.0,
    )


def flags(current: SourceFigures, history: list[SourceFigures]) -> list[str]:
    """Why ``current`` looks broken next to the outlet's own recent runs (empty: healthy)."""
    if current.articles == 0:
        return ["no articles extracted"]
    past = history[-HISTORY_RUNS:]
    if not past:
        return []
    found = []
    base_share = statistics.median(p.articles / max(p.articles + p.rejected, 1) for p in past)
    share = current.articles / max(current.articles + current.rejected, 1)
    if share < base_share - SHARE_DROP:
        found.append(f"extracted share fell from {base_share:.2f} to {share:.2f}")
    base_dated = statistics.median(p.dated_share for p in past)
    if current.dated_share < base_dated - SHARE_DROP:
        found.append(f"dated share fell from {base_dated:.2f} to {current.dated_share:.2f}")
    base_words = statistics.median(p.median_words for p in past)
    if current.median_words < base_words * LENGTH_RATIO:
        found.append(
            f"median length fell from {base_words:.0f} to {current.median_words:.0f} words"
        )
    base_dirty = statistics.median(p.boilerplate_share for p in past)
    if current.boilerplate_share > base_dirty + SHARE_DROP:
        found.append(
            f"boilerplate share rose from {base_dirty:.2f} to {current.boilerplate_share:.2f}"
        )
    return found


def load_history(home: Path) -> dict[str, list[SourceFigures]]:
    path = home / HISTORY_FILE
    history: dict[str, list[SourceFigures]] = {}
    if not path.is_file():
        return history
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = SourceFigures(**json.loads(line))
            except (json.JSONDecodeError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a source-check record ({exc})") from exc
            history.setdefault(record.outlet, []).append(record)
    return history


def append_history(home: Path, results: list[SourceFigures]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    with (home / HISTORY_FILE).open("a", encoding="utf-8") as fh:
        for result in results:
            fh.write(json.dumps(asdict(result), ensure_ascii=False) + "\n")


def as_dict(result: SourceFigures) -> dict[str, Any]:
    return asdict(result)
