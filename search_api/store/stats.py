"""Store-independent parts of the timeline: bucket starts, the automatic interval, gap filling.

Buckets are calendar units in Asia/Jakarta: a day, an ISO week (Monday to Sunday, as
Elasticsearch's ``calendar_interval: week``) or a month. Stores return only buckets holding
articles; a chart wants every bucket of the range, so :func:`filled` adds the empty ones.
"""

from __future__ import annotations

from datetime import date, timedelta

from search_api.store.base import Interval, Timeline, TimelineBucket, ToneCounts

# Up to two months a day per bar (≤ 62 bars); up to ~a year a week per bar (≤ 53); then months.
# A bar chart stays readable to about 60 bars on a laptop screen.
DAY_SPAN_MAX = 62
WEEK_SPAN_MAX = 371
# The most buckets one timeline may hold: ~2.7 years by day, 19 years by week, 83 by month. A
# timeline of 0001-01-01 to 9999-12-30 by day took 73 s, 398 MB and 7.4 GB of memory.
MAX_BUCKETS = 1000


class TooManyBuckets(ValueError):
    """The range asked for, at that interval, has more than :data:`MAX_BUCKETS` buckets."""


def bucket_count(first: date, last: date, interval: Interval) -> int:
    """How many buckets of ``interval`` the days ``first``..``last`` (both included) touch."""
    if interval == "day":
        return (last - first).days + 1
    if interval == "week":
        return (bucket_start(last, "week") - bucket_start(first, "week")).days // 7 + 1
    return (last.year - first.year) * 12 + last.month - first.month + 1


def check_buckets(first: date, last: date, interval: Interval) -> None:
    count = bucket_count(first, last, interval)
    if count > MAX_BUCKETS:
        raise TooManyBuckets(
            f"{count} {interval} buckets from {first} to {last}: at most {MAX_BUCKETS}; "
            "choose a longer interval or a shorter range"
        )


def choose_interval(first: date, last: date) -> Interval:
    """The interval for a range of days (both included)."""
    span = (last - first).days + 1
    if span <= DAY_SPAN_MAX:
        return "day"
    return "week" if span <= WEEK_SPAN_MAX else "month"


def bucket_start(day: date, interval: Interval) -> date:
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def next_start(start: date, interval: Interval) -> date:
    """The start of the bucket after the one starting at ``start``."""
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def bucket_end(start: date, interval: Interval) -> date:
    """The last day of the bucket starting at ``start``."""
    return next_start(start, interval) - timedelta(days=1)


def rolled_up(timeline: Timeline, interval: Interval) -> Timeline:
    """A finer timeline summed into coarser buckets (day → week or month)."""
    sums: dict[date, ToneCounts] = {}
    for bucket in timeline.buckets:
        counts = sums.setdefault(bucket_start(bucket.start, interval), ToneCounts())
        for tone in ("positive", "neutral", "negative", "none"):
            counts.add(tone, bucket.counts.get(tone))
    buckets = [TimelineBucket(start=start, counts=sums[start]) for start in sorted(sums)]
    return Timeline(interval=interval, buckets=buckets, undated=timeline.undated)


def filled(timeline: Timeline, first: date | None, last: date | None) -> Timeline:
    """Every bucket from the one holding ``first`` to the one holding ``last`` (defaults: the
    first and last bucket with articles), empty ones with zero counts."""
    if not timeline.buckets and (first is None or last is None):
        return timeline
    interval = timeline.interval
    start = bucket_start(first or timeline.buckets[0].start, interval)
    stop = bucket_start(last or timeline.buckets[-1].start, interval)
    if timeline.buckets:  # a range narrower than the data never hides counted articles
        start = min(start, timeline.buckets[0].start)
        stop = max(stop, timeline.buckets[-1].start)
    check_buckets(start, stop, interval)
    known = {bucket.start: bucket for bucket in timeline.buckets}
    buckets: list[TimelineBucket] = []
    while start <= stop:
        buckets.append(known.get(start) or TimelineBucket(start=start, counts=ToneCounts()))
        start = next_start(start, interval)
    return Timeline(interval=interval, buckets=buckets, undated=timeline.undated)
