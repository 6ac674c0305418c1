"""Dates written the ways British records write them, parsed day-first.

Used twice: to find a register date of birth in any format (12/05/2016, 12 May 2016, 12.05.16)
and to find dates of birth the register missed ("born on 3 March 2015", "DOB 03/03/2015").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH_NAMES = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}

_MONTH = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d|'?\d\d)"

_NUMERIC = (
    r"(?P<nd>[0-3]?\d)\s?(?P<sep>[/.\-])\s?(?P<nm>[01]?\d)\s?(?P=sep)\s?(?P<ny>(?:19|20)\d\d|\d\d)"
)
_ISO = r"(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)"
_DAY_MONTH = _DAY + r"(?:\s+of)?[\s\-]+" + _MONTH + r",?[\s\-]+" + _YEAR
_MONTH_DAY = (
    _MONTH.replace("mon>", "mon2>") + r"\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
    r"(?P<year2>(?:19|20)\d\d)"
)
_MONTH_YEAR = _MONTH.replace("mon>", "mon3>") + r",?\s+(?P<year3>(?:19|20)\d\d)"

FULL_DATE = rf"(?:{_ISO}|{_NUMERIC}|{_DAY_MONTH}|{_MONTH_DAY})"
DATE_RE = re.compile(rf"(?<![\w/.\-]){FULL_DATE}(?![\w/]|\.\d)", re.IGNORECASE)
DATE_OR_MONTH_RE = re.compile(
    rf"(?<![\w/.\-])(?:{FULL_DATE}|{_MONTH_YEAR})(?![\w/]|\.\d)", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date; ``year`` may be two-digit (``short_year``) as written."""

    year: int
    month: int
    day: int | None
    short_year: bool = False

    def same_day(self, other: DateValue) -> bool:
        """Equal dates, where a two-digit year matches its century-less form."""
        if self.month != other.month or self.day != other.day or self.day is None:
            return False
        if self.short_year or other.short_year:
            return self.year % 100 == other.year % 100
        return self.year == other.year


def parse_match(match: re.Match[str]) -> DateValue | None:
    """The date a DATE_RE / DATE_OR_MONTH_RE match denotes, or None if impossible (31/02)."""
    g = match.groupdict()
    if g.get("iy"):
        return _checked(int(g["iy"]), int(g["im"]), int(g["id"]), False)
    if g.get("nd"):
        year, short = _year(g["ny"])
        return _checked(year, int(g["nm"]), int(g["nd"]), short)
    if g.get("mon"):
        year, short = _year(g["year"])
        return _checked(year, _month(g["mon"]), int(g["day"]), short)
    if g.get("mon2"):
        return _checked(int(g["year2"]), _month(g["mon2"]), int(g["day2"]), False)
    if g.get("mon3"):
        return DateValue(int(g["year3"]), _month(g["mon3"]), None)
    return None


def parse_date(value: str) -> DateValue | None:
    """The date a whole register value denotes ("12/05/2016", "12 May 2016"), else None."""
    match = DATE_RE.fullmatch(value.strip())
    return parse_match(match) if match else None


def _year(text: str) -> tuple[int, bool]:
    digits = text.lstrip("'")
    return int(digits), len(digits) == 2


def _month(name: str) -> int:
    return _MONTH_NAMES[name.rstrip(".").casefold()]


def _checked(year: int, month: int, day: int, short: bool) -> DateValue | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return None
    return DateValue(year, month, day, short)
