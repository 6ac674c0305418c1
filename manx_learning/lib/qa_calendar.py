"""One dated thing in the QA calendar (an audit, survey, retest, assessment or return due),
framework-free so that the apps which schedule them build items without importing assurance."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class CalendarStatus(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE = "due"

    @property
    def label(self) -> str:
        return {"done": "Done", "overdue": "Overdue", "due": "Due"}[self.value]

    @property
    def tag(self) -> str:
        return STATUS_TAGS[self]


STATUS_TAGS = {
    CalendarStatus.DONE: "govuk-tag--grey",
    CalendarStatus.OVERDUE: "govuk-tag--red",
    CalendarStatus.DUE: "govuk-tag--blue",
}


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

    def is_overdue(self, today: date) -> bool:
        return not self.done and self.due < today

    def status(self, today: date) -> CalendarStatus:
        if self.done:
            return CalendarStatus.DONE
        return CalendarStatus.OVERDUE if self.is_overdue(today) else CalendarStatus.DUE
