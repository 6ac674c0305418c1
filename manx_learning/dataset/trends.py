"""Making Data Count applied to the stored dataset: build each series from its observations, run the
SPC engine (`lib/spc.py`) over it with the indicator's settings, and keep the special-cause
points as `Signal` rows so the emerging-trends page reads one small indexed table.

A *series* is one indicator for one agency, or the all-agency total of an indicator (agency None).
The total is only analysed when two or more agencies report the indicator: with one agency it would
repeat that agency's series and every signal would show twice.

How the settings map onto the engine:
- `Indicator.baseline_points` fixes the limits on the first N points of each phase;
- each `ProcessChange` starts a new phase (a rebase) at the first period on or after its period —
  a change recorded for all agencies applies to every series, an agency's own change to its own;
- run lengths come from the Django settings `SPC_SHIFT_LENGTH` and `SPC_TREND_LENGTH` (default 7);
- the improvement direction decides improvement/concern, the target (or the middle of a healthy
  band) decides assurance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from manx_learning.dataset.models import (
    Frequency,
    Improvement,
    Indicator,
    Observation,
    ProcessChange,
    ReferenceValue,
    Signal,
    Unit,
)
from manx_learning.lib import spc
from manx_learning.lib.verdicts import Comparison, Measurement, Verdict, compare

#: Ordering of signals: a point beyond the limits is the strongest evidence of special cause.
SEVERITY = {spc.OUTSIDE_LIMITS: 4, spc.TWO_OF_THREE: 3, spc.TREND: 2, spc.SHIFT: 1}

#: Multiplier that turns numerator/denominator into the indicator's unit for an all-agency total.
_UNIT_SCALE = {Unit.PERCENT: 100.0, Unit.RATE: 10_000.0, Unit.DAYS: 1.0}

SeriesKey = tuple[int, int | None]


def shift_length() -> int:
    return int(getattr(settings, "SPC_SHIFT_LENGTH", spc.DEFAULT_SHIFT_LENGTH))


def trend_length() -> int:
    return int(getattr(settings, "SPC_TREND_LENGTH", spc.DEFAULT_TREND_LENGTH))


def severity(rules: Iterable[str]) -> int:
    return max((SEVERITY.get(rule, 0) for rule in rules), default=0)


def assurance_target(indicator: Indicator) -> float | None:
    """The figure assurance is judged against: the target, else the middle of the healthy band."""
    if indicator.target is not None:
        return indicator.target
    if indicator.target_low is not None and indicator.target_high is not None:
        return (indicator.target_low + indicator.target_high) / 2
    return None


@dataclass
class SeriesAnalysis:
    """Everything a chart page needs for one series. `result` is None when there are too few
    points to draw limits (`message` says why)."""

    indicator: Indicator
    agency_id: int | None
    periods: list[str]
    period_starts: list[date]
    values: list[float]
    result: spc.SpcResult | None
    references: dict[str, dict[str, float]] = field(default_factory=dict)
    process_changes: list[ProcessChange] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    message: str = ""


# --- Building series ---------------------------------------------------------------------------


def _rows_by_agency(
    indicator_id: int,
) -> dict[int, list[tuple[str, date, float, float | None, float | None]]]:
    """All headline (no breakdown) observations of an indicator, per agency, in period order."""
    rows: dict[int, list] = defaultdict(list)
    queryset = (
        Observation.objects.filter(indicator_id=indicator_id, breakdown="")
        .order_by("agency_id", "period_start")
        .values_list("agency_id", "period", "period_start", "value", "numerator", "denominator")
    )
    for agency_id, period, start, value, numerator, denominator in queryset:
        rows[agency_id].append((period, start, value, numerator, denominator))
    return rows


def total_series(unit: str, rows_by_agency: dict[int, list]) -> list[tuple[str, date, float]]:
    """The all-agency series. Counts add up; percentages, rates and average days are recomputed
    from numerators and denominators when every agency gave them, else the agencies' values are
    averaged. A period is left out until every agency that reports the indicator has a value for
    it, so a late return shows as a gap rather than as a fall in the total."""
    agencies = len(rows_by_agency)
    by_period: dict[tuple[date, str], list[tuple[float, float | None, float | None]]] = defaultdict(
        list
    )
    for rows in rows_by_agency.values():
        for period, start, value, numerator, denominator in rows:
            by_period[(start, period)].append((value, numerator, denominator))
    series = []
    for (start, period), parts in sorted(by_period.items()):
        if len(parts) < agencies:
            continue
        series.append((period, start, _combine(unit, parts)))
    return series


def _combine(unit: str, parts: Sequence[tuple[float, float | None, float | None]]) -> float:
    if unit == Unit.COUNT:
        return float(sum(value for value, _, _ in parts))
    if all(n is not None and d for _, n, d in parts):
        numerator = sum(n for _, n, _ in parts if n is not None)
        denominator = sum(d for _, _, d in parts if d is not None)
        return numerator / denominator * _UNIT_SCALE.get(unit, 1.0)
    return sum(value for value, _, _ in parts) / len(parts)


def _rebase_indices(starts: Sequence[date], change_starts: Iterable[date]) -> tuple[int, ...]:
    """Index of the first point on or after each change; a change that would leave a phase of
    fewer than 2 points is not applied yet (it is still drawn, and applies once data arrives)."""
    indices: list[int] = []
    for change in sorted(set(change_starts)):
        index = next((i for i, start in enumerate(starts) if start >= change), None)
        if index is None or index == 0:
            continue
        previous = indices[-1] if indices else 0
        if index - previous >= 2 and len(starts) - index >= 2:
            indices.append(index)
    return tuple(indices)


def _settings_for(
    indicator: Indicator, starts: Sequence[date], changes: Iterable[date]
) -> spc.SpcSettings:
    baseline = indicator.baseline_points if (indicator.baseline_points or 0) >= 2 else None
    return spc.SpcSettings(
        improvement=indicator.improvement,
        target=assurance_target(indicator),
        baseline=baseline,
        rebase_at=_rebase_indices(starts, changes),
        shift_length=shift_length(),
        trend_length=trend_length(),
    )


def _change_starts(changes: Iterable[ProcessChange], agency_id: int | None) -> list[date]:
    from manx_learning.dataset.periods import PeriodError, parse_period

    starts = []
    for change in changes:
        if change.agency_id is not None and change.agency_id != agency_id:
            continue
        try:
            starts.append(parse_period(change.period)[2])
        except PeriodError:
            continue
    return starts


def _analyse(
    indicator: Indicator,
    points: Sequence[tuple[str, date, float]],
    changes: Iterable[ProcessChange],
    agency_id: int | None,
) -> spc.SpcResult | None:
    if len(points) < 2:
        return None
    starts = [start for _, start, _ in points]
    values = [value for _, _, value in points]
    return spc.analyse_series(
        values, _settings_for(indicator, starts, _change_starts(changes, agency_id))
    )


def series_points(indicator: Indicator, agency_id: int | None) -> list[tuple[str, date, float]]:
    rows_by_agency = _rows_by_agency(indicator.pk)
    if agency_id is None:
        return total_series(indicator.unit, rows_by_agency)
    return [(p, s, v) for p, s, v, _, _ in rows_by_agency.get(agency_id, [])]


def series_analysis(indicator: Indicator, agency: object | None) -> SeriesAnalysis:
    """One series ready to chart: periods, values, the SPC result, benchmark series (by name, then
    period), the process changes that apply and the commentary per period."""
    agency_id = getattr(agency, "pk", agency)
    points = series_points(indicator, agency_id)
    changes = [
        change
        for change in ProcessChange.objects.filter(indicator=indicator).select_related("agency")
        if change.agency_id is None or change.agency_id == agency_id
    ]
    result = _analyse(indicator, points, changes, agency_id)
    references: dict[str, dict[str, float]] = defaultdict(dict)
    for series, period, value in ReferenceValue.objects.filter(indicator=indicator).values_list(
        "series", "period", "value"
    ):
        references[series][period] = value
    notes: dict[str, list[str]] = defaultdict(list)
    note_rows = Observation.objects.filter(indicator=indicator, breakdown="").exclude(note="")
    if agency_id is not None:
        note_rows = note_rows.filter(agency_id=agency_id)
    for period, agency_name, note in note_rows.values_list("period", "agency__name", "note"):
        notes[period].append(note if agency_id is not None else f"{agency_name}: {note}")
    return SeriesAnalysis(
        indicator=indicator,
        agency_id=agency_id,
        periods=[p for p, _, _ in points],
        period_starts=[s for _, s, _ in points],
        values=[v for _, _, v in points],
        result=result,
        references=dict(references),
        process_changes=changes,
        notes=dict(notes),
        message="" if result else "At least 2 periods are needed before limits can be drawn.",
    )


# --- Storing signals ---------------------------------------------------------------------------


def _signals_for(
    indicator: Indicator,
    agency_id: int | None,
    points: Sequence[tuple[str, date, float]],
    result: spc.SpcResult | None,
) -> list[Signal]:
    if result is None:
        return []
    signals = []
    for phase in result.phases:
        for i in range(phase.start, phase.stop):
            rules = result.rules[i]
            if not rules:
                continue
            period, start, value = points[i]
            signals.append(
                Signal(
                    indicator=indicator,
                    agency_id=agency_id,
                    period=period,
                    period_start=start,
                    value=value,
                    rules=list(rules),
                    variation=result.variation[i],
                    severity=severity(rules),
                    mean=phase.mean,
                    lpl=phase.lpl,
                    upl=phase.upl,
                )
            )
    return signals


_SIGNAL_FIELDS = ["period_start", "value", "rules", "variation", "severity", "mean", "lpl", "upl"]


def _replace_signals(
    indicator: Indicator, agency_ids: set[int | None], fresh: list[Signal]
) -> None:
    """Make the stored signals of the given series of one indicator equal `fresh`, in a few
    queries for all of them. Rows for points that are still signals are updated in place rather
    than recreated, so their ids stay stable: the QA evidence register points at a Signal by id.
    (Matching by (agency, period) in Python also sidesteps NULL agency, which a unique constraint
    does not treat as equal on PostgreSQL.)"""
    agencies = [a for a in agency_ids if a is not None]
    existing = Signal.objects.filter(indicator=indicator).filter(
        Q(agency_id__in=agencies) | Q(agency__isnull=True)
        if None in agency_ids
        else Q(agency_id__in=agencies)
    )
    by_point = {(signal.agency_id, signal.period): signal for signal in existing}
    to_create, to_update = [], []
    now = timezone.now()  # bulk_update skips auto_now
    for signal in fresh:
        old = by_point.pop((signal.agency_id, signal.period), None)
        if old is None:
            to_create.append(signal)
            continue
        if all(getattr(old, name) == getattr(signal, name) for name in _SIGNAL_FIELDS):
            continue  # unchanged: no write
        for name in _SIGNAL_FIELDS:
            setattr(old, name, getattr(signal, name))
        old.computed_at = now
        to_update.append(old)
    if by_point:
        Signal.objects.filter(pk__in=[signal.pk for signal in by_point.values()]).delete()
    if to_update:
        Signal.objects.bulk_update(to_update, [*_SIGNAL_FIELDS, "computed_at"], batch_size=500)
    if to_create:
        Signal.objects.bulk_create(to_create, batch_size=500)


def refresh_signals(pairs: Iterable[tuple[int, int | None]]) -> int:
    """Recompute the signals of each (indicator id, agency id) series and of the all-agency total
    of each indicator named. Call it after a return is accepted or values change. Returns how many
    signals the refreshed series now hold."""
    wanted: dict[int, set[int | None]] = defaultdict(set)
    for indicator_id, agency_id in pairs:
        wanted[indicator_id].add(agency_id)
        wanted[indicator_id].add(None)
    stored = 0
    for indicator in Indicator.objects.filter(pk__in=wanted):
        stored += _refresh_indicator(indicator, wanted[indicator.pk])
    return stored


def refresh_all_signals() -> int:
    """Recompute every series of every indicator (after a catalogue change, or for the demo)."""
    stored = 0
    for indicator in Indicator.objects.all():
        agencies = set(
            Observation.objects.filter(indicator=indicator)
            .values_list("agency_id", flat=True)
            .distinct()
        )
        # Also clear signals of series whose observations have gone.
        agencies |= set(
            Signal.objects.filter(indicator=indicator).values_list("agency_id", flat=True)
        )
        stored += _refresh_indicator(indicator, agencies | {None})
    return stored


@transaction.atomic
def _refresh_indicator(indicator: Indicator, agency_ids: set[int | None]) -> int:
    rows_by_agency = _rows_by_agency(indicator.pk)
    changes = list(ProcessChange.objects.filter(indicator=indicator))
    fresh: list[Signal] = []
    for agency_id in agency_ids:
        if agency_id is None:
            points = (
                total_series(indicator.unit, rows_by_agency) if len(rows_by_agency) >= 2 else []
            )
        else:
            points = [(p, s, v) for p, s, v, _, _ in rows_by_agency.get(agency_id, [])]
        result = _analyse(indicator, points, changes, agency_id)
        fresh += _signals_for(indicator, agency_id, points, result)
    _replace_signals(indicator, agency_ids, fresh)
    return len(fresh)


# --- Windows -----------------------------------------------------------------------------------


def recent_cutoff(frequency: str, today: date, periods: int) -> date:
    """First day of the period `periods` periods before the one containing `today`: signals on
    or after it are "recent" (with 6 and a monthly indicator in November, May onwards)."""
    if frequency == Frequency.MONTHLY:
        index = today.year * 12 + today.month - 1 - periods
        return date(index // 12, index % 12 + 1, 1)
    if frequency == Frequency.QUARTERLY:
        index = today.year * 4 + (today.month - 1) // 3 - periods
        return date(index // 4, (index % 4) * 3 + 1, 1)
    return date(today.year - periods, 1, 1)


# --- Evidence ----------------------------------------------------------------------------------


def signal_summary(signal: Signal) -> str:
    """One paragraph for the QA evidence register, in words."""
    from manx_learning.dataset.charts import RULE_LABELS, fmt
    from manx_learning.dataset.periods import period_label

    indicator = signal.indicator
    where = signal.agency.name if signal.agency_id else "all agencies together"
    verdict = {
        spc.IMPROVEMENT: "special cause variation showing improvement",
        spc.CONCERN: "special cause variation of concern",
    }.get(signal.variation, "special cause variation")
    rules = "; ".join(RULE_LABELS.get(rule, rule) for rule in signal.rules)
    return (
        f"{indicator.code} {indicator.name} ({where}) showed {verdict} in "
        f"{period_label(signal.period)}: value {fmt(signal.value)} against a mean of "
        f"{fmt(signal.mean)} and process limits {fmt(signal.lpl)} to {fmt(signal.upl)} "
        f"({rules}). Found by the Making Data Count rules on the Board's performance dataset."
    )


# --- Baseline against retest (the QA framework's measures contract) --------------------------

BASELINE_PERIODS = 6


def _headline_agency(indicator: Indicator) -> int | None:
    """The series a QA comparison uses: the total, or the only reporting agency's series."""
    agencies = list(
        Observation.objects.filter(indicator=indicator, breakdown="")
        .order_by("agency_id")  # the default ordering would defeat DISTINCT
        .values_list("agency_id", flat=True)
        .distinct()[:2]
    )
    return agencies[0] if len(agencies) == 1 else None


def _tolerance(indicator: Indicator, baseline_mean: float) -> float:
    """A change smaller than this is "no significant change": 5 points for a percentage, else
    10% of the baseline mean (at least 1)."""
    if indicator.unit == Unit.PERCENT:
        return 5.0
    return round(max(1.0, abs(baseline_mean) * 0.1), 1)


def indicator_comparison(
    indicator: Indicator, *, baseline_on: date | None = None, retest_on: date | None = None
) -> Any:
    """Compare the mean of the 6 periods up to `baseline_on` with the periods after it up to
    `retest_on` (or the latest), using the improvement direction, and list the SPC signals in the
    retest window."""
    from manx_learning.dataset.charts import RULE_LABELS, fmt
    from manx_learning.dataset.periods import period_end, period_label

    agency_id = _headline_agency(indicator)
    points = series_points(indicator, agency_id)
    baseline_on = baseline_on or (period_end(points[-1][0]) if points else date.today())
    before = [p for p in points if period_end(p[0]) <= baseline_on][-BASELINE_PERIODS:]
    after = [
        p
        for p in points
        if p[1] > baseline_on and (retest_on is None or period_end(p[0]) <= retest_on)
    ]
    unit = {Unit.PERCENT: "%", Unit.RATE: " per 10,000", Unit.DAYS: " days"}.get(indicator.unit, "")
    score_label = f"{indicator.name}, mean per period{' (' + unit.strip() + ')' if unit else ''}"

    def measurement(label: str, rows: list, detail: list[str]) -> Any:
        score = sum(v for _, _, v in rows) / len(rows) if rows else None
        span = f"{period_label(rows[0][0])} to {period_label(rows[-1][0])}" if rows else "no data"
        return Measurement(
            label=f"{label}: {span}",
            score=score,
            score_label=score_label,
            n=len(rows),
            detail=detail,
            url=f"/data/indicators/{indicator.code}/",
        )

    signals = Signal.objects.filter(indicator=indicator, period_start__gt=baseline_on)
    signals = (
        signals.filter(agency__isnull=True)
        if agency_id is None
        else signals.filter(agency_id=agency_id)
    )
    if retest_on is not None:
        signals = signals.filter(period_start__lte=retest_on)
    detail = [
        f"{period_label(s.period)}: {fmt(s.value)}{unit}, special cause "
        f"{'– ' + s.variation if s.variation in (spc.IMPROVEMENT, spc.CONCERN) else ''} "
        f"({'; '.join(RULE_LABELS.get(r, r) for r in s.rules)})".replace("  ", " ")
        for s in signals.order_by("period_start")
    ]
    baseline = measurement("Baseline", before, [])
    retest = measurement("Retest", after, detail) if after else None
    if indicator.improvement == Improvement.NEUTRAL:
        verdict = Verdict.SAME if retest else Verdict.NOT_YET
        explanation = (
            f"{indicator.name} has no better direction, so a change is context rather than "
            f"improvement: mean {fmt(baseline.score)} at baseline and "
            f"{fmt(retest.score) if retest else 'not yet measured'} at retest."
        )
    else:
        verdict, explanation = compare(
            baseline,
            retest,
            higher_is_better=indicator.improvement == Improvement.UP,
            tolerance=_tolerance(indicator, baseline.score or 0.0),
        )
        if detail:
            explanation += f" {len(detail)} special-cause signal(s) in the retest period."
    return Comparison(
        title=f"{indicator.code} {indicator.name}",
        kind="indicator",
        baseline=baseline,
        retest=retest,
        verdict=verdict,
        explanation=explanation,
    )
