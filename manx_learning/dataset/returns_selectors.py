"""Reads for returns: what each agency owes, the status board, and one return's history,
already narrowed to what the person asking may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from manx_learning.accounts.models import Agency
from manx_learning.dataset import access
from manx_learning.dataset.models import (
    Frequency,
    Indicator,
    Observation,
    Return,
    ReturnStatus,
    ValueQuery,
)
from manx_learning.dataset.periods import parse_period, period_label
from manx_learning.dataset.services import recent_periods, return_deadline

STATUS_TAGS = {
    ReturnStatus.NOT_STARTED: "govuk-tag--grey",
    ReturnStatus.SUBMITTED: "govuk-tag--blue",
    ReturnStatus.QUERIED: "govuk-tag--orange",
    ReturnStatus.ACCEPTED: "govuk-tag--green",
}


def expected_indicators(agency: Agency, frequency: str | None = None) -> QuerySet[Indicator]:
    """The active indicators this agency reports: those naming it as a reporting agency, or
    owned by it."""
    indicators = Indicator.objects.filter(is_active=True).filter(
        Q(reporting_agencies=agency) | Q(owner_agency=agency)
    )
    if frequency:
        indicators = indicators.filter(frequency=frequency)
    return indicators.distinct().order_by("code")


def reporting_agencies(frequency: str | None = None) -> QuerySet[Agency]:
    """Agencies that owe returns (of this frequency)."""
    indicators = Indicator.objects.filter(is_active=True)
    if frequency:
        indicators = indicators.filter(frequency=frequency)
    return (
        Agency.objects.filter(is_active=True)
        .filter(Q(reported_indicators__in=indicators) | Q(owned_indicators__in=indicators))
        .distinct()
        .order_by("name")
    )


def agencies_visible_to(*, user: Any, frequency: str | None = None) -> QuerySet[Agency]:
    agencies = reporting_agencies(frequency)
    if access.can_manage_returns(user):
        return agencies
    if access.can_view_return(user, getattr(user, "agency_id", None)):
        return agencies.filter(pk=user.agency_id)
    return agencies.none()


@dataclass
class Cell:
    agency: Agency
    period: str
    status: str
    deadline: date
    overdue: bool

    @property
    def tag(self) -> str:
        return STATUS_TAGS[self.status]

    @property
    def status_label(self) -> str:
        return ReturnStatus(self.status).label


@dataclass
class BoardRow:
    agency: Agency
    cells: list[Cell]


def status_board(
    *,
    user: Any,
    frequency: str,
    today: date,
    count: int = 6,
    status: str = "",
    agency_code: str = "",
) -> tuple[list[str], list[BoardRow]]:
    """Agencies × the last `count` ended periods: each cell the return's status and whether it is
    overdue. `status` keeps rows with at least one cell in that status."""
    periods = list(reversed(recent_periods(frequency, today, count)))
    agencies = list(agencies_visible_to(user=user, frequency=frequency))
    if agency_code:
        agencies = [a for a in agencies if a.agency_code.lower() == agency_code.lower()]
    found = {
        (r.agency_id, r.period): r
        for r in Return.objects.filter(agency__in=agencies, period__in=periods)
    }
    deadlines = {period: return_deadline(period) for period in periods}
    rows = []
    for agency in agencies:
        cells = []
        for period in periods:
            record = found.get((agency.pk, period))
            state = record.status if record else ReturnStatus.NOT_STARTED
            overdue = state == ReturnStatus.NOT_STARTED and today > deadlines[period]
            cells.append(Cell(agency, period, state, deadlines[period], overdue))
        if not status or any(cell.status == status for cell in cells):
            rows.append(BoardRow(agency, cells))
    return periods, rows


def board_frequencies() -> list[tuple[str, str]]:
    used = set(Indicator.objects.filter(is_active=True).values_list("frequency", flat=True))
    return [(value, label) for value, label in Frequency.choices if value in used] or [
        (Frequency.MONTHLY, "Monthly")
    ]


@dataclass
class ReturnView:
    """Everything the return page shows, for an existing Return or one not yet started."""

    agency: Agency
    period: str
    label: str
    frequency: str
    record: Return | None
    deadline: date
    indicators: list[Indicator]
    observations: dict[int, Observation]
    queries: list[ValueQuery]

    @property
    def status(self) -> str:
        return self.record.status if self.record else ReturnStatus.NOT_STARTED

    @property
    def status_label(self) -> str:
        return ReturnStatus(self.status).label

    @property
    def tag(self) -> str:
        return STATUS_TAGS[self.status]

    @property
    def versions(self) -> list[Any]:
        if self.record is None:
            return []
        return list(self.record.versions.select_related("submitted_by"))

    @property
    def can_be_accepted(self) -> bool:
        """Something has been submitted and it is not yet accepted (open queries are checked
        when accepting, see `services.return_accept`)."""
        return bool(self.record and self.versions) and self.status != ReturnStatus.ACCEPTED


def return_view(*, agency: Agency, period: str) -> ReturnView:
    canonical, frequency, _ = parse_period(period)
    record = Return.objects.filter(agency=agency, period=canonical).first()
    indicators = list(expected_indicators(agency, frequency))
    observations = {
        o.indicator_id: o
        for o in Observation.objects.filter(agency=agency, period=canonical, breakdown="")
        .select_related("indicator")
        .prefetch_related("queries")
    }
    # A value for an indicator the agency no longer owes still belongs on its return.
    known = {i.pk for i in indicators}
    indicators += [o.indicator for o in observations.values() if o.indicator_id not in known]
    queries = (
        list(record.queries.select_related("observation__indicator", "raised_by", "answered_by"))
        if record
        else []
    )
    return ReturnView(
        agency=agency,
        period=canonical,
        label=period_label(canonical),
        frequency=frequency,
        record=record,
        deadline=record.deadline if record else return_deadline(canonical),
        indicators=indicators,
        observations=observations,
        queries=queries,
    )
