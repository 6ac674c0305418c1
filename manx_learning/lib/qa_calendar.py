"""One dated thing in the QA calendar (an audit, survey, retest, assessment or return due),
framework-free so that the apps which schedule them build items without importing assurance."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class CalendarItem:
    due: date
    kind: str  # "audit", "survey", "retest", "assessment", "return"
    title: str
    url: str
    agencies: tuple[Any, ...] = ()  # Agency objects; empty means Board-wide
    # People to remind (User objects); the business unit is always reminded of everything.
    remind: tuple[Any, ...] = field(default_factory=tuple)
    done: bool = False
