"""What an export says about itself: the search, the period, when it was made, and the counts
(by tone, the top agencies with the tone towards each, the top outlets) over all matches, from
the same store functions as the overview page (:mod:`search_api.store.overview`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from babel.numbers import format_decimal

from search_api.exports.reader import ExportScope
from search_api.filters_core import Filters
from search_api.i18n import Language, Messages, format_date, format_datetime, sentiment_name
from search_api.store.base import TONES
from search_api.store.overview import ShareOfVoice


@dataclass(frozen=True, slots=True)
class Summary:
    language: Language
    filters: Filters
    first_day: date | None
    last_day: date | None
    made_at: datetime
    timezone: str
    scope: ExportScope
    shares: ShareOfVoice
    agency_names: dict[str, str]

    def text(self, key: str, **values: object) -> str:
        return Messages("export", self.language)(key, **values)

    def number(self, value: int) -> str:
        return str(format_decimal(value, locale=self.language))

    def tone_name(self, tone: str) -> str:
        return self.text("tone.none") if tone == "none" else sentiment_name(tone, self.language)

    @property
    def period(self) -> str:
        first, last = self.first_day, self.last_day
        if first and last:
            return f"{format_date(first, self.language)} – {format_date(last, self.language)}"
        if first:
            return self.text("period.from", first=format_date(first, self.language))
        if last:
            return self.text("period.to", last=format_date(last, self.language))
        return self.text("period.all")

    @property
    def filters_text(self) -> str:
        parts = [
            f"{self.text('filter.' + key)}: {', '.join(values)}"
            for key, values in (
                ("outlet", self.filters.outlets),
                ("agency", self.filters.agencies),
                ("sentiment", [self.tone_name(v) for v in self.filters.sentiments]),
                ("agency_tone", self.filters.agency_tones),
            )
            if values
        ]
        return "; ".join(parts) or "—"

    @property
    def exported_text(self) -> str:
        scope = self.scope
        if scope.truncated:
            return self.text(
                "exported.truncated",
                exported=self.number(scope.exported),
                total=self.number(scope.total),
            )
        return self.number(scope.exported)

    def lines(self) -> list[tuple[str, str]]:
        """Label and value pairs for a cover or a summary sheet."""
        tones = self.shares.sentiment
        return [
            (self.text("about.query"), self.filters.q or self.text("about.everything")),
            (self.text("about.filters"), self.filters_text),
            (self.text("about.period"), self.period),
            (self.text("about.made"), format_datetime(self.made_at, self.language, self.timezone)),
            (self.text("about.total"), self.number(self.scope.total)),
            (self.text("about.exported"), self.exported_text),
            *((self.tone_name(tone), self.number(tones.get(tone))) for tone in TONES),
        ]

    def table_header(self) -> list[str]:
        return [
            self.text("table.agency"),
            self.text("table.articles"),
            *(self.tone_name(tone) for tone in TONES),
        ]

    def table(self) -> list[list[str]]:
        """The top agencies: name, articles, and the tone towards the agency in them."""
        return [
            [
                self.agency_names.get(row.value, row.value),
                self.number(row.count),
                *(self.number(row.tones.get(tone)) for tone in TONES),
            ]
            for row in self.shares.agencies
        ]
