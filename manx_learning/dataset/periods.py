"""Reporting periods: `YYYY-MM` (monthly), `YYYY-Qn` (quarterly) and `YYYY` (annual).

Framework-free, so the importer, the API, the SPC views and the benchmarks share one parser."""

import re
from datetime import date

from manx_learning.dataset.models import Frequency

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
MIN_YEAR, MAX_YEAR = 1990, 2100


class PeriodError(ValueError):
    """The text is not a period we understand; the message says what is expected."""


def parse_period(text: str) -> tuple[str, str, date]:
    """Return (canonical text, frequency, first day) or raise PeriodError."""
    raw = str(text).strip()
    if match := _MONTH.match(raw):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"{raw!r} has no month {month}: use YYYY-MM with a month 01 to 12")
        _check_year(raw, year)
        return f"{year:04d}-{month:02d}", Frequency.MONTHLY, date(year, month, 1)
    if match := _QUARTER.match(raw):
        year, quarter = int(match[1]), int(match[2])
        _check_year(raw, year)
        return f"{year:04d}-Q{quarter}", Frequency.QUARTERLY, date(year, 3 * quarter - 2, 1)
    if match := _YEAR.match(raw):
        year = int(match[1])
        _check_year(raw, year)
        return f"{year:04d}", Frequency.ANNUAL, date(year, 1, 1)
    raise PeriodError(f"{raw!r} is not a period: use YYYY-MM, YYYY-Qn or YYYY")


def _check_year(raw: str, year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"{raw!r} is outside {MIN_YEAR}–{MAX_YEAR}")


def period_for(day: date, frequency: str) -> str:
    """The period of the given frequency that contains `day`."""
    if frequency == Frequency.MONTHLY:
        return f"{day.year:04d}-{day.month:02d}"
    if frequency == Frequency.QUARTERLY:
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


def period_end(period: str) -> date:
    """The last day of a period."""
    _, frequency, start = parse_period(period)
    months = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3}.get(frequency, 12)
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date.fromordinal(date(year, month, 1).toordinal() - 1)


def period_label(period: str) -> str:
    """Human form: "March 2026", "Q1 2026", "2026"."""
    canonical, frequency, start = parse_period(period)
    if frequency == Frequency.MONTHLY:
        return start.strftime("%B %Y")
    if frequency == Frequency.QUARTERLY:
        return f"{canonical[-2:]} {start.year}"
    return canonical


# Tolerant reading of what people type into spreadsheets -----------------------------------------

_MONTH_NAMES = {
    name: number
    for number in range(1, 13)
    for name in (
        date(2000, number, 1).strftime("%B").lower(),
        date(2000, number, 1).strftime("%b").lower(),
    )
} | {"sept": 9}
_LOOSE_MONTH = re.compile(r"^(\d{4})[/.](\d{1,2})$")
_LOOSE_QUARTER = re.compile(
    r"^(?:(\d{4})\s*[-/ ]?\s*[Qq]([1-9]\d*)|[Qq]([1-9]\d*)\s*[-/ ]?\s*(\d{4}))$"
)
_NAMED_MONTH = re.compile(r"^([A-Za-z]+)[\s\-/]+(\d{4}|\d{2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?$")


def normalise_period_text(text: str) -> str:
    """Rewrite the common ways people write a period into the canonical forms `parse_period`
    reads: "2026/03" and "March 2026" → "2026-03"; "Q1 2026" and "2026 Q1" → "2026-Q1";
    "2026-03-01" (a date typed as text) → "2026-03". Anything else is returned unchanged, so
    `parse_period` gives its usual message."""
    raw = " ".join(str(text).split())
    if match := _LOOSE_MONTH.match(raw):
        return f"{match[1]}-{match[2]}"
    if match := _LOOSE_QUARTER.match(raw):
        year, quarter = (match[1], match[2]) if match[1] else (match[4], match[3])
        # An impossible quarter is passed on as typed so the message names it.
        return f"{year}-Q{quarter}" if quarter in "1234" else raw
    if match := _NAMED_MONTH.match(raw):
        month = _MONTH_NAMES.get(match[1].lower())
        year = match[2] if len(match[2]) == 4 else f"20{match[2]}"
        return f"{year}-{month:02d}" if month else raw
    if match := _ISO_DAY.match(raw):
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return raw
        return f"{day.year:04d}-{day.month:02d}"
    return raw
