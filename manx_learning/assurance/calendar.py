"""The QA calendar: audits, surveys and retests due, gathered from every app that schedules them.

`AssuranceConfig.ready()` registers each scheduling app's provider:

    calendar.register(audits.results.calendar_items)

A provider takes (start, end) dates and yields `CalendarItem`s in that window. The calendar page
and the daily QA reminders both read from here, so a new source shows up in both at once."""

from collections.abc import Callable, Iterable
from datetime import date

from manx_learning.lib.qa_calendar import CalendarItem

__all__ = ["CalendarItem", "items_between", "register"]


Provider = Callable[[date, date], Iterable[CalendarItem]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def items_between(start: date, end: date) -> list[CalendarItem]:
    items = [item for provider in _PROVIDERS for item in provider(start, end)]
    return sorted(items, key=lambda item: (item.due, item.kind, item.title))
