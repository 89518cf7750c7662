"""One way to turn search filters into a store request, for every caller.

The API's filter dependency (``search_api/app/filters.py``), the search and overview pages, the
digests of saved searches, exports, alerts and the ``pantau search`` command all describe a search
as :class:`Filters` and call :func:`build_request`. No web framework here: the CLI and the
scheduler import it too.

* **Days are office days.** A plain date is a whole calendar day in the office's timezone
  (``schedule.timezone``, Asia/Jakarta by default, :func:`office_timezone`); ``date_to`` includes
  its day, so the request's ``date_to`` is the start of the next day (exclusive). A datetime
  without a zone is read in the office's timezone too.
* **Labels come from the model.** :data:`SENTIMENTS` is the article model's ``SentimentLabel``;
  tones (:data:`TONES`) add ``none``, what the tagger left unlabelled. A tone filter also takes
  the Indonesian words (``negatif``), as the query language does.
* ``agency_tone`` values are ``<agency id>:<tone>``: articles whose tone *towards that agency* is
  that tone.

A filter the request cannot use raises :class:`FilterError` naming the filter and the value; a
malformed query raises ``QueryError`` with its position (:mod:`search_api.query`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pantau.models import SENTIMENT_LABELS, SentimentLabel
from pantau.settings import Settings
from search_api.query import SENTIMENT_VALUES, parse
from search_api.store.base import TONES, SearchRequest, SortOrder, Tone

__all__ = [
    "AGENCY_TONE_FORMAT",
    "MAX_FILTER_VALUES",
    "SENTIMENTS",
    "TONES",
    "FilterError",
    "Filters",
    "SentimentLabel",
    "Tone",
    "build_request",
    "day_start",
    "days_of",
    "format_agency_tone",
    "office_timezone",
    "parse_agency_tone",
]

SENTIMENTS: tuple[SentimentLabel, ...] = SENTIMENT_LABELS
# Values one filter may list. An office filters on a few outlets or agencies; a thousand made a
# 16 MB page (every value becomes a chip, a link and a bound SQL parameter).
MAX_FILTER_VALUES = 100
# How a malformed value is explained, in every error message that names the expected form.
AGENCY_TONE_FORMAT = f"<agency id>:<{'|'.join(TONES)}>"


class FilterError(ValueError):
    """A filter value a search cannot use. ``key`` names the problem (``sentiment``,
    ``agency_tone``, ``date_order``, ``date_range``), ``value`` the value given."""

    def __init__(self, key: str, message: str, value: str = "") -> None:
        super().__init__(message)
        self.key = key
        self.value = value


def office_timezone(settings: Settings) -> ZoneInfo:
    """The office's clock: day bounds, digests and the overview's "this week" all use it."""
    return ZoneInfo(settings.schedule.timezone)


def parse_agency_tone(value: str) -> tuple[str, Tone] | None:
    """``"kota-bekasi/pemkot:negative"`` → ``("kota-bekasi/pemkot", "negative")``; None when
    malformed."""
    agency, _, tone = value.rpartition(":")
    for known in TONES:
        if agency and tone == known:
            return agency, known
    return None


def format_agency_tone(agency: str, tone: str) -> str:
    """The inverse of :func:`parse_agency_tone`."""
    return f"{agency}:{tone}"


def day_start(value: date | datetime, tz: ZoneInfo, *, end: bool = False) -> datetime:
    """A ``from``/``to`` value as an aware datetime; a plain ``to`` date includes that whole day.

    Raises :class:`FilterError` for a day at the edge of the calendar (``9999-12-31`` has no
    next day), which would otherwise overflow deep inside a store."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    try:
        day = value + timedelta(days=1) if end else value
        start = datetime.combine(day, time.min, tzinfo=tz)
        start.astimezone(UTC)  # the stores compare in UTC: it must exist there too
    except OverflowError:
        raise FilterError("date_range", f"date {value} is out of range", str(value)) from None
    return start


def days_of(request: SearchRequest, tz: ZoneInfo) -> tuple[date | None, date | None]:
    """The first and last office day a request's (aware, end-exclusive) date range covers."""
    start, end = request.date_from, request.date_to
    first = start.astimezone(tz).date() if start is not None else None
    # ``end`` is exclusive: the last day is the one before it (a moment before, for a time).
    last = (end - timedelta(microseconds=1)).astimezone(tz).date() if end else None
    return first, last


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """A search as a person gives it: the query text and the separate filters, each repeatable
    (values of one filter are ORed, filters ANDed)."""

    q: str = ""
    date_from: date | datetime | None = None
    date_to: date | datetime | None = None  # a date includes that day
    outlets: Sequence[str] = ()
    agencies: Sequence[str] = ()
    sentiments: Sequence[str] = ()
    agency_tones: Sequence[str] = ()  # "<agency id>:<tone>"

    @property
    def agency_tone_pairs(self) -> list[tuple[str, Tone]]:
        """The ``agency_tone`` values parsed; raises :class:`FilterError` on a malformed one."""
        pairs = []
        for value in self.agency_tones:
            pair = parse_agency_tone(value)
            if pair is None:
                message = f"agency_tone {value!r}: expected {AGENCY_TONE_FORMAT}"
                raise FilterError("agency_tone", message, value)
            pairs.append(pair)
        return pairs


def sentiment_labels(values: Sequence[str]) -> list[str]:
    """Tone filter values as labels; the Indonesian words (``negatif``, ``netral``, ``positif``)
    are accepted as the query language accepts them."""
    labels: list[str] = []
    for value in values:
        label = SENTIMENT_VALUES.get(value.strip().lower())
        if label is None:
            message = f"sentiment {value!r}: expected one of {', '.join(SENTIMENTS)}"
            raise FilterError("sentiment", message, value)
        if label not in labels:
            labels.append(label)
    return labels


def build_request(
    filters: Filters,
    tz: ZoneInfo,
    *,
    sort: SortOrder = "relevance",
    page: int = 1,
    size: int = 20,
    facets: bool = True,
    facet_size: int = 20,
) -> SearchRequest:
    """The store request for ``filters``; raises ``QueryError`` or :class:`FilterError`."""
    for name, values in (
        ("outlet", filters.outlets),
        ("agency", filters.agencies),
        ("sentiment", filters.sentiments),
        ("agency_tone", filters.agency_tones),
    ):
        if len(values) > MAX_FILTER_VALUES:
            message = f"{name}: at most {MAX_FILTER_VALUES} values, {len(values)} given"
            raise FilterError("too_many", message, name)
        for value in values:
            if not value.isprintable():  # ids and labels are never typed with control characters
                raise FilterError("control", f"{name} {value!r}: control characters", value)
    sentiments = sentiment_labels(filters.sentiments)
    start = day_start(filters.date_from, tz) if filters.date_from is not None else None
    end = day_start(filters.date_to, tz, end=True) if filters.date_to is not None else None
    if start is not None and end is not None and start >= end:
        raise FilterError("date_order", "'from' must be before 'to'")
    return SearchRequest(
        query=parse(filters.q),
        date_from=start,
        date_to=end,
        outlets=list(filters.outlets),
        agencies=list(filters.agencies),
        sentiments=sentiments,
        agency_tones=filters.agency_tone_pairs,
        sort=sort,
        page=page,
        size=size,
        facets=facets,
        facet_size=facet_size,
    )
