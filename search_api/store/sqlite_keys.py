"""Keys of the SQLite store's articles: the rowid says when an article was published, and its tone.

``articles.pk`` (the rowid, and the full-text index's rowid) is not a counter but
``time << 20 | tone << 18 | seq``:

* ``time`` is ``published_ts + 2**41`` for a dated article (always at least ``2**40``) and a
  counter below ``2**40`` for an undated one, so rowid order is publication order with undated
  articles first (they sort last in "newest", which reads rowids backwards);
* ``tone`` is the article's sentiment (0 none, 1 positive, 2 neutral, 3 negative);
* ``seq`` (18 bits) tells apart articles published in the same second with the same tone.

Why: FTS5 walks its matches in rowid order and can stop early, so "the newest N matches" is a
bounded read of the full-text index, a date range is a rowid range inside it, and a tone timeline
of a text query groups rowids without reading a single article row (``docs/scale.md``). An
article whose date or tone changes gets a new key (``sqlite.py`` moves it).
"""

from __future__ import annotations

from datetime import date

TIME_SHIFT = 20
TONE_SHIFT = 18
SEQ_MASK = (1 << TONE_SHIFT) - 1
# ``time`` of a dated article is published_ts + TIME_OFFSET, at least DATED_TIME; below it an
# undated article's counter.
TIME_OFFSET = 1 << 41
DATED_TIME = 1 << 40
DATED_MIN = DATED_TIME << TIME_SHIFT  # the smallest key of a dated article
TONE_CODES = {None: 0, "positive": 1, "neutral": 2, "negative": 3}
TONE_LABELS: tuple[str | None, ...] = (None, "positive", "neutral", "negative")
JAKARTA_OFFSET = 7 * 3600
# Added before dividing so SQLite's integer division (which truncates towards zero) floors for
# dates before 1970 too: far more days than any published_ts can be from 1970.
_DAY_BIAS = 30_000_000
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

# SQL over a rowid column ``{col}``: the Jakarta day number (days since 1970-01-01) and the tone
# code; only meaningful for dated keys (``{col} >= DATED_MIN``).
DAY_NUMBER_SQL = (
    f"((({{col}} >> {TIME_SHIFT}) - {TIME_OFFSET} + {JAKARTA_OFFSET} + {_DAY_BIAS} * 86400)"
    f" / 86400 - {_DAY_BIAS})"
)
TONE_CODE_SQL = f"(({{col}} >> {TONE_SHIFT}) & 3)"


class KeySpaceFull(ValueError):
    """2**18 articles with the same publication second and tone: refused as a bad record."""


def key_base(published_ts: int | None, tone: str | None, undated_time: int) -> int:
    """The smallest key an article may get; ``undated_time`` is used when it has no date."""
    time = published_ts + TIME_OFFSET if published_ts is not None else undated_time
    return (time << TIME_SHIFT) | (TONE_CODES[tone] << TONE_SHIFT)


def bound_for_ts(published_ts: int) -> int:
    """The smallest key of an article published at or after ``published_ts``."""
    return (published_ts + TIME_OFFSET) << TIME_SHIFT


def day_of_number(number: int) -> date:
    return date.fromordinal(number + EPOCH_ORDINAL)


def day_of_key(key: int) -> date:
    """The Jakarta day of a dated key (:data:`DAY_NUMBER_SQL` in Python, whose // floors)."""
    return day_of_number(((key >> TIME_SHIFT) - TIME_OFFSET + JAKARTA_OFFSET) // 86400)


def bound_for_day(day: date) -> int:
    """The smallest key of an article published on or after ``day``'s Jakarta midnight."""
    return bound_for_ts((day.toordinal() - EPOCH_ORDINAL) * 86400 - JAKARTA_OFFSET)


def tone_of_code(code: int) -> str | None:
    return TONE_LABELS[code]
