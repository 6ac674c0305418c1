"""The QA calendar: audits, surveys and retests due, gathered from every app that schedules them.

Apps register a provider in `AppConfig.ready()`:

    calendar.register(audit_calendar_items)

A provider takes (start, end) dates and yields `CalendarItem`s in that window. The calendar page
and the daily QA reminders both read from here, so a new source shows up in both at once."""

from collections.abc import Callable, Iterable
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


Provider = Callable[[date, date], Iterable[CalendarItem]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def items_between(start: date, end: date) -> list[CalendarItem]:
    items = [item for provider in _PROVIDERS for item in provider(start, end)]
    return sorted(items, key=lambda item: (item.due, item.kind, item.title))
