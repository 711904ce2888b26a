"""Uptime of a cluster per month from its out-of-service intervals. Pure Python: no Django."""

import datetime
from collections.abc import Iterable


def month_bounds(year: int, month: int, tz: datetime.tzinfo) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


def uptime_ratio(
    outages: Iterable[tuple[datetime.datetime, datetime.datetime | None]],
    start: datetime.datetime,
    end: datetime.datetime,
    now: datetime.datetime,
) -> float | None:
    """Share of [start, min(end, now)) not covered by any outage (overlapping outages counted once).

    An unresolved outage (end None) lasts until ``now``. None for a month that has not begun.
    """
    stop = min(end, now)
    if stop <= start:
        return None
    clipped = sorted(
        (max(a, start), min(b or now, stop)) for a, b in outages if a < stop and (b is None or b > start)
    )
    down = datetime.timedelta(0)
    cursor = start
    for a, b in clipped:
        a = max(a, cursor)
        if b > a:
            down += b - a
            cursor = b
    return 1 - down / (stop - start)
