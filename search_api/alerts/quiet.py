"""Quiet hours: alerts found in them are held until they end, then delivered (never dropped).

The hours are the office's (``schedule.timezone``, Asia/Jakarta by default) and may run over
midnight (``22:00``–``06:00``). The start is inside, the end is not: at 06:00 sharp alerts go out.

Settings read: ``alerts.quiet_start``, ``alerts.quiet_end``.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def quiet_until(
    now: datetime, start: time | None, end: time | None, tz: ZoneInfo
) -> datetime | None:
    """When the quiet hours around ``now`` end (aware, in ``tz``); None outside quiet hours or
    when none are configured."""
    if start is None or end is None:
        return None
    local = now.astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    if start < end:  # within one day, e.g. 12:00–13:00
        inside = start <= clock < end
        end_day = local.date()
    else:  # over midnight, e.g. 22:00–06:00: tomorrow's end when we are before midnight
        inside = clock >= start or clock < end
        end_day = local.date() + timedelta(days=1) if clock >= start else local.date()
    if not inside:
        return None
    return datetime.combine(end_day, end, tzinfo=tz)
