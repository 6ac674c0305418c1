"""Working-day and month arithmetic with the Isle of Man's bank holidays.

Plain Python (no Django), so clocks can be tested and benchmarked alone. Statutory timescales in
this field are counted in working days (e.g. 15 working days) or calendar months (e.g. 6 months)."""

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays

WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
MONTHS = "months"
UNITS = (WORKING_DAYS, CALENDAR_DAYS, MONTHS)


@lru_cache(maxsize=64)
def _bank_holidays(year: int, subdivision: str = "IM") -> frozenset[date]:
    # The holidays package knows the Isle of Man (TT Bank Holiday, Tynwald Day and the UK days).
    return frozenset(holidays.country_holidays(subdivision, years=[year]).keys())


def is_working_day(day: date, country: str = "IM") -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year, country)


def add_working_days(start: date, count: int, country: str = "IM") -> date:
    """The date `count` working days after `start` (start itself is day 0, as in "within 15
    working days of the referral"). Negative counts go backwards."""
    step = 1 if count >= 0 else -1
    day, remaining = start, abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day, country):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, country: str = "IM") -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start, country)
    return sum(
        1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(n), country)
    )


def add_months(start: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def due_date(start: date, amount: int, unit: str) -> date:
    if unit == WORKING_DAYS:
        return add_working_days(start, amount)
    if unit == CALENDAR_DAYS:
        return start + timedelta(days=amount)
    if unit == MONTHS:
        return add_months(start, amount)
    raise ValueError(f"Unknown unit {unit!r}: use one of {', '.join(UNITS)}")
