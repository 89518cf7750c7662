"""The search page's parameters: read from the URL, checked, and turned back into links.

The page is a plain GET form, so every state (query, dates, filters, sort, page) is a URL a person
can bookmark or send to a colleague. Filters are repeatable (``outlet=a&outlet=b``) like the API's;
facet links toggle one value and go back to page 1. ``agency_tone=<agency id>:<tone>`` (tone
positive, neutral, negative or none) keeps articles whose tone *towards that agency* is that tone:
the overview page's per-agency counts link to it. ``lang`` is not carried in links: the language
cookie remembers it (see ``language.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal, get_args
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from starlette.datastructures import QueryParams

from search_api.filters_core import (
    SENTIMENTS,
    FilterError,
    Filters,
    build_request,
    parse_agency_tone,
)
from search_api.store.base import MAX_RESULT_WINDOW, SearchRequest, SortOrder

FilterName = Literal["outlet", "agency", "sentiment"]
FILTERS: tuple[FilterName, ...] = get_args(FilterName)
SORTS: tuple[SortOrder, ...] = get_args(SortOrder)
# Twenty results are two screens of a result list, the API's default page too.
PAGE_SIZE = 20
LAST_PAGE = MAX_RESULT_WINDOW // PAGE_SIZE


class FormError(ValueError):
    """A parameter the page cannot use; ``key`` is a ``ui`` catalog message, ``values`` fill it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchForm:
    q: str = ""
    date_from: str = ""  # as typed, so the form shows it again
    date_to: str = ""
    outlet: tuple[str, ...] = ()
    agency: tuple[str, ...] = ()
    sentiment: tuple[str, ...] = ()
    agency_tone: tuple[str, ...] = ()  # "<agency id>:<tone>"
    sort: str = ""  # "" = the default for the query (see ``sort_order``)
    page: int = 1

    @classmethod
    def from_query(cls, params: QueryParams) -> SearchForm:
        def values(name: str) -> tuple[str, ...]:
            # Dict order keeps the first occurrence and drops repeats and empty select values.
            return tuple(dict.fromkeys(v.strip() for v in params.getlist(name) if v.strip()))

        form = cls(
            q=params.get("q", "").strip(),
            date_from=params.get("from", "").strip(),
            date_to=params.get("to", "").strip(),
            outlet=values("outlet"),
            agency=values("agency"),
            sentiment=values("sentiment"),
            agency_tone=values("agency_tone"),
            sort=params.get("sort", "").strip(),
            page=_page(params.get("page", "")),
        )
        for value in form.sentiment:
            if value not in SENTIMENTS:
                raise FormError("error.sentiment", value=value)
        for value in form.agency_tone:
            if parse_agency_tone(value) is None:
                raise FormError("error.agency_tone", value=value)
        if form.sort and form.sort not in SORTS:
            raise FormError("error.sort", value=form.sort)
        return form

    @property
    def is_blank(self) -> bool:
        """Nothing asked yet: the page shows the latest articles."""
        return not (self.q or self.date_from or self.date_to or self.has_filters)

    @property
    def has_filters(self) -> bool:
        return bool(self.agency_tone) or any(self.selected(name) for name in FILTERS)

    @property
    def sort_order(self) -> SortOrder:
        """Relevance only means something for a query; without one, the newest come first."""
        if self.sort in SORTS:
            return self.sort
        return "relevance" if self.q else "newest"

    def selected(self, name: FilterName) -> tuple[str, ...]:
        value: tuple[str, ...] = getattr(self, name)
        return value

    def filters(self) -> Filters:
        """The search this form describes; raises ``FormError`` for a date it cannot read."""
        return Filters(
            q=self.q,
            date_from=_day(self.date_from, "from"),
            date_to=_day(self.date_to, "to"),
            outlets=self.outlet,
            agencies=self.agency,
            sentiments=self.sentiment,
            agency_tones=self.agency_tone,
        )

    def to_request(self, tz: ZoneInfo) -> SearchRequest:
        """The store request (days in ``tz``); raises ``QueryError`` or ``FormError``."""
        try:
            return build_request(
                self.filters(), tz, sort=self.sort_order, page=self.page, size=PAGE_SIZE
            )
        except FilterError as exc:
            raise FormError(f"error.{exc.key}", value=exc.value) from None

    # Links -----------------------------------------------------------------------------------

    def url(self, path: str = "/") -> str:
        pairs: list[tuple[str, str | int]] = []
        if self.q:
            pairs.append(("q", self.q))
        if self.date_from:
            pairs.append(("from", self.date_from))
        if self.date_to:
            pairs.append(("to", self.date_to))
        for name in FILTERS:
            pairs.extend((name, value) for value in self.selected(name))
        pairs.extend(("agency_tone", value) for value in self.agency_tone)
        if self.sort:
            pairs.append(("sort", self.sort))
        if self.page != 1:
            pairs.append(("page", self.page))
        return f"{path}?{urlencode(pairs)}" if pairs else path

    def export_url(self, export_format: str, language: str) -> str:
        """``/api/export`` with this search (not its sort or page: an export is newest first)."""
        search = replace(self, sort="", page=1).url("/api/export")
        joiner = "&" if "?" in search else "?"
        return f"{search}{joiner}{urlencode({'format': export_format, 'lang': language})}"

    def toggled(self, name: FilterName, value: str) -> SearchForm:
        """This search with ``value`` added to (or removed from) a filter, from page 1."""
        current = self.selected(name)
        changed = tuple(v for v in current if v != value) if value in current else (*current, value)
        if name == "outlet":
            return replace(self, page=1, outlet=changed)
        if name == "agency":
            return replace(self, page=1, agency=changed)
        return replace(self, page=1, sentiment=changed)

    def at_page(self, page: int) -> SearchForm:
        return replace(self, page=page)

    @property
    def filtered_agencies(self) -> list[str]:
        """The agency ids the filters name (``agency`` and the agencies of ``agency_tone``)."""
        toned = [pair[0] for value in self.agency_tone if (pair := parse_agency_tone(value))]
        return [*self.agency, *toned]

    def without_filters(self) -> SearchForm:
        return replace(self, outlet=(), agency=(), sentiment=(), agency_tone=(), page=1)

    def without_agency_tone(self, value: str) -> SearchForm:
        return replace(self, page=1, agency_tone=tuple(v for v in self.agency_tone if v != value))


def _page(raw: str) -> int:
    if not raw:
        return 1
    try:
        page = int(raw)
    except ValueError:
        raise FormError("error.page", value=raw) from None
    if not 1 <= page <= LAST_PAGE:
        raise FormError("error.page", value=raw)
    return page


def _day(raw: str, which: str) -> date | None:
    """A date from the form's date picker (``YYYY-MM-DD``); a time is accepted but not needed."""
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw).date() if "T" in raw else date.fromisoformat(raw)
    except ValueError:
        raise FormError(f"error.date_{which}", value=raw) from None
