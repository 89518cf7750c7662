"""One export row per article, with the column headers in the office's language.

The columns are those a humas office files with its clippings and BPKAD asks about: the date
(in the office's timezone), outlet, title, URL, the article's tone, the tone towards each agency,
the agencies, and the phrases behind the tone. Labels are shown as words ("Negatif"), ids stay ids
so a spreadsheet can still be filtered by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from nlp.agency_names import AgencyNames
from pantau.models import Article
from search_api.i18n import Language, Messages, sentiment_name

COLUMNS = (
    "published",
    "outlet",
    "title",
    "url",
    "tone",
    "agency_tones",
    "agencies",
    "reasons",
    "author",
    "id",
)


@dataclass(frozen=True, slots=True)
class Row:
    published: str  # "2026-11-28 09:30" in the office's timezone, "" when undated
    outlet: str
    title: str
    url: str
    tone: str
    agency_tones: str  # "Pemerintah Kota Bekasi: Negatif; BPBD Kota Bekasi: Positif"
    agencies: str  # "kota-bekasi/pemkot, kota-bekasi/bpbd"
    reasons: str
    author: str
    id: str

    def cells(self) -> list[str]:
        return [getattr(self, name) for name in COLUMNS]


def headers(language: Language) -> list[str]:
    messages = Messages("export", language)
    return [messages(f"column.{name}") for name in COLUMNS]


class RowMaker:
    """Turns articles into rows in one language and timezone, naming agencies as the UI does."""

    def __init__(self, language: Language, tz_name: str, names: AgencyNames) -> None:
        self.language = language
        self.tz = ZoneInfo(tz_name)
        self.names = names
        self.untagged = Messages("export", language)("tone.none")

    def tone(self, label: str | None) -> str:
        return sentiment_name(label, self.language) if label else self.untagged

    def agency_name(self, agency_id: str, given: str) -> str:
        return self.names.name(agency_id) or given or agency_id

    def row(self, article: Article) -> Row:
        when = ""
        if article.published_at is not None:
            when = article.published_at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")
        sentiment = article.sentiment
        agency_tones = "; ".join(
            f"{self.agency_name(ref.id, ref.name)}: {self.tone(ref.sentiment)}"
            for ref in article.agencies
        )
        return Row(
            published=when,
            outlet=article.outlet_name or article.outlet,
            title=article.title,
            url=article.url,
            tone=self.tone(sentiment.label if sentiment else None),
            agency_tones=agency_tones,
            agencies=", ".join(ref.id for ref in article.agencies),
            reasons=", ".join(sentiment.reasons) if sentiment else "",
            author=article.author or "",
            id=article.id,
        )
