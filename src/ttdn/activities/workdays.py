"""Working days in Vietnam: Monday to Friday, except public holidays (from the ``holidays`` package,
which includes Tết and the announced substitute days off it knows of). Pure Python: no Django."""

import datetime
import functools

import holidays


@functools.cache
def _holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The working day that leaves ``count`` full working days before ``day`` (``day`` itself not counted).

    With count=10 and a visit on Monday 16/03/2026 that is Monday 02/03/2026: the application must be in
    by then for the Ministry to have its ten working days.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    current = day
    remaining = count
    while remaining:
        current -= datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
