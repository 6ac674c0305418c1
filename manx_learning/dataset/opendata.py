"""Open data: the indicators the Board publishes, with small numbers suppressed.

Small-number suppression (`suppress`) is a pure function so it can be property-tested:

1. *Primary*: a count above 0 and below the threshold (`OPEN_DATA_SUPPRESS_BELOW`, default 5) is
   hidden and shown as "<5". Zero is shown: it identifies nobody.
2. *Secondary*: when a total is shown and exactly one of its parts is hidden, the hidden part
   could be worked out as the total minus the others, so the next-smallest non-zero part is
   hidden too (shown as "[c]", "confidential", so a reader is never told a value is below 5 when
   it is not). If there is no such part, the total is hidden instead.
3. A total that is itself small is hidden like any other count; then the parts need no
   secondary suppression.

Only validated figures are published: a value reaches open data once the business unit has
accepted its agency's return for the period (`Return.status` accepted). A resubmission makes the
return wait again, so its values leave open data until they are accepted. A total is published
only when every agency's value for the period has been accepted; otherwise the period's row says
it is awaiting validation, rather than showing a total that leaves an agency out.

Percentages, rates and average days are published as the agency's value; when the numerator is
given and small, the value is hidden ("[c]"), because a percentage of a tiny count can identify
people. Their numerators and denominators are never published, so a total percentage cannot be
unpicked into an agency's count and no secondary suppression is needed."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef

from manx_learning.accounts.models import Agency
from manx_learning.core.spreadsheets import safe_cell
from manx_learning.dataset.models import Indicator, Observation, Return, ReturnStatus, Unit
from manx_learning.dataset.trends import total_series

SMALL = "small"  # primary suppression
COMPLEMENT = "complement"  # secondary suppression
TOTAL_KEY = "total"


def threshold() -> int:
    return int(getattr(settings, "OPEN_DATA_SUPPRESS_BELOW", 5))


def largest_hidden(below: int) -> int:
    return below - 1


def is_small(value: float | None, below: int) -> bool:
    return value is not None and 0 < value < below


def suppress[K: Hashable](
    parts: Mapping[K, float], *, below: int, total: float | None = None
) -> tuple[dict[K, str], str]:
    """Which parts (and whether the total) to hide. Returns ({key: reason}, total reason), where a
    reason is SMALL, COMPLEMENT or "" for shown. `total` None means no total is published."""
    hidden: dict[K, str] = {key: SMALL for key, value in parts.items() if is_small(value, below)}
    total_reason = SMALL if is_small(total, below) else ""
    if total is not None and not total_reason and len(hidden) == 1:
        # A zero is never the complement: "[c]" means "not small", so a hidden zero beside a
        # small total difference would still give the small count away.
        shown = [
            (value, str(key), key)
            for key, value in parts.items()
            if key not in hidden and value > 0
        ]
        if shown:
            # Smallest first; ties broken by the key's text so the choice is deterministic.
            _, _, key = min(shown, key=lambda item: (item[0], item[1]))
            hidden[key] = COMPLEMENT
        else:
            # Nothing else can hide it, so the total goes instead.
            total_reason = COMPLEMENT
    return hidden, total_reason


def shown_as(value: float | None, reason: str, below: int) -> str:
    """The text a published cell shows."""
    if reason == SMALL:
        return f"<{below}"
    if reason == COMPLEMENT:
        return "[c]"
    if value is None:
        return ""
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


# --- Building the published table --------------------------------------------------------------


@dataclass
class Cell:
    value: float | None  # None when hidden or missing: the real value never leaves this module
    text: str
    hidden: bool


@dataclass
class PublishedRow:
    period: str
    period_start: date
    cells: dict[int, Cell]  # agency id -> cell
    total: Cell | None
    # Some agency's value for the period is not yet accepted: its cell and the total are absent.
    pending: bool = False


@dataclass
class PublishedSeries:
    indicator: Indicator
    agencies: list[Agency]
    rows: list[PublishedRow]  # oldest first
    below: int

    @property
    def is_combined(self) -> bool:
        """Several agencies report it, so the headline figures are all agencies together."""
        return len(self.agencies) > 1

    @property
    def largest_hidden(self) -> int:
        """The largest count shown as "<below" (counts from 1 to this are hidden)."""
        return largest_hidden(self.below)

    @property
    def suppressed_any(self) -> bool:
        return any(
            cell.hidden
            for row in self.rows
            for cell in [*row.cells.values(), *([row.total] if row.total else [])]
        )


def published_indicators() -> list[Indicator]:
    return list(
        Indicator.objects.filter(is_published=True, is_active=True)
        .select_related("owner_agency", "priority")
        .order_by("code")
    )


def return_accepted() -> Exists:
    """True for an observation whose agency's return for its period has been accepted."""
    return Exists(
        Return.objects.filter(
            agency_id=OuterRef("agency_id"),
            period=OuterRef("period"),
            status=ReturnStatus.ACCEPTED,
        )
    )


def published_series(indicator: Indicator) -> PublishedSeries:
    """Every accepted headline value of a published indicator, per agency and in total,
    suppressed."""
    below = threshold()
    rows_by_agency: dict[int, list] = defaultdict(list)
    observations = (
        Observation.objects.filter(indicator=indicator, breakdown="")
        .annotate(is_accepted=return_accepted())
        .order_by("agency_id", "period_start")
        .values_list(
            "agency_id",
            "period",
            "period_start",
            "value",
            "numerator",
            "denominator",
            "is_accepted",
        )
    )
    pending: dict[str, date] = {}  # period -> its first day, for periods with a value waiting
    reporting: set[int] = set()
    for agency_id, *row, is_accepted in observations:
        reporting.add(agency_id)
        if is_accepted:
            rows_by_agency[agency_id].append(tuple(row))
        else:
            pending[row[0]] = row[1]
    # Every agency with values, accepted or not, so a series stays "all agencies" while one
    # agency's first return waits.
    agencies = list(Agency.objects.filter(pk__in=list(reporting)).order_by("name"))
    totals = (
        {
            period: value
            for period, _, value in total_series(indicator.unit, rows_by_agency)
            if period not in pending
        }
        if len(agencies) >= 2
        else {}
    )
    by_period: dict[tuple[date, str], dict[int, tuple[float, float | None]]] = defaultdict(dict)
    for agency_id, rows in rows_by_agency.items():
        for period, start, value, numerator, _ in rows:
            by_period[(start, period)][agency_id] = (value, numerator)
    for period, start in pending.items():
        by_period.setdefault((start, period), {})
    rows = [
        _published_row(
            indicator,
            period,
            start,
            parts,
            totals.get(period),
            len(agencies),
            below,
            pending=period in pending,
        )
        for (start, period), parts in sorted(by_period.items())
    ]
    # A period with nothing accepted yet is left out once nothing later is published either, so
    # the series ends at the last validated month rather than with empty rows.
    while rows and rows[-1].pending and not rows[-1].cells:
        rows.pop()
    return PublishedSeries(indicator=indicator, agencies=agencies, rows=rows, below=below)


def _published_row(
    indicator: Indicator,
    period: str,
    start: date,
    parts: dict[int, tuple[float, float | None]],
    total: float | None,
    agency_count: int,
    below: int,
    *,
    pending: bool = False,
) -> PublishedRow:
    """One period's cells. A pending period has no total at all (not an empty one): some agency's
    value for it still waits to be accepted."""
    if indicator.unit == Unit.COUNT:
        hidden, total_reason = suppress(
            {agency_id: value for agency_id, (value, _) in parts.items()},
            below=below,
            total=total if agency_count >= 2 else None,
        )
    else:
        hidden = {
            agency_id: COMPLEMENT
            for agency_id, (_, numerator) in parts.items()
            if is_small(numerator, below)
        }
        total_reason = ""
    cells = {
        agency_id: _cell(value, hidden.get(agency_id, ""), below)
        for agency_id, (value, _) in parts.items()
    }
    total_cell = _cell(total, total_reason, below) if agency_count >= 2 and not pending else None
    return PublishedRow(
        period=period, period_start=start, cells=cells, total=total_cell, pending=pending
    )


def _cell(value: float | None, reason: str, below: int) -> Cell:
    return Cell(
        value=None if reason else value, text=shown_as(value, reason, below), hidden=bool(reason)
    )


def headline_cells(series: PublishedSeries) -> list[Cell | None]:
    """The headline cell of each row (the total, or the only agency's): None when there is no
    value at all for the period, a hidden cell when a small number is suppressed."""
    if len(series.agencies) >= 2:
        return [row.total for row in series.rows]
    if not series.agencies:
        return []
    only = series.agencies[0].pk
    return [row.cells.get(only) for row in series.rows]


def headline_values(series: PublishedSeries) -> list[float | None]:
    """The series a public chart draws: the headline cells' values; hidden or missing is None."""
    return [cell.value if cell else None for cell in headline_cells(series)]


# --- Files -------------------------------------------------------------------------------------

CSV_HEADER = ["indicator", "name", "unit", "period", "agency", "value", "suppressed"]


def _records(series: PublishedSeries) -> list[dict[str, Any]]:
    indicator = series.indicator
    records = []
    for row in series.rows:
        cells = [(agency.name, row.cells.get(agency.pk)) for agency in series.agencies]
        if row.total is not None:
            cells.append(("All agencies", row.total))
        for name, cell in cells:
            if cell is None:
                continue
            records.append(
                {
                    "indicator": indicator.code,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "period": row.period,
                    "agency": name,
                    "value": cell.value,
                    "shown": cell.text,
                    "suppressed": cell.hidden,
                }
            )
    return records


def series_csv(series_list: list[PublishedSeries]) -> str:
    """One row per indicator, period and agency; a hidden value is written as shown ("<5" or
    "[c]") with suppressed=yes. Cells are made safe for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for series in series_list:
        for record in _records(series):
            writer.writerow(
                [
                    safe_cell(record["indicator"]),
                    safe_cell(record["name"]),
                    record["unit"],
                    record["period"],
                    safe_cell(record["agency"]),
                    record["shown"],
                    "yes" if record["suppressed"] else "no",
                ]
            )
    return out.getvalue()


def series_json(series: PublishedSeries) -> dict[str, Any]:
    indicator = series.indicator
    return {
        "indicator": {
            "code": indicator.code,
            "name": indicator.name,
            "definition": indicator.definition,
            "unit": indicator.unit,
            "frequency": indicator.frequency,
            "improvement": indicator.improvement,
        },
        "suppression": {
            "below": series.below,
            "note": f"Counts from 1 to {series.below - 1} are shown as <{series.below}; "
            "[c] marks a value hidden so that a total cannot reveal a small number.",
        },
        "values": [
            {
                "period": record["period"],
                "agency": record["agency"],
                "value": record["value"],
                "shown": record["shown"],
                "suppressed": record["suppressed"],
            }
            for record in _records(series)
        ],
    }
