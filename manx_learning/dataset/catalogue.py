"""Business rules for the indicator catalogue and what hangs off an indicator for analysis:
benchmark (reference) values, process changes, commentary and publishing as open data.

Every change writes an audit event, and every change that alters a chart's limits or signals
recomputes that indicator's signals, so the emerging-trends page is never stale."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from manx_learning.accounts.models import Agency
from manx_learning.core.concurrency import changed_fields, ensure_unchanged, snapshot
from manx_learning.core.services import audit_log
from manx_learning.core.unset import UNSET, Unset, only_given
from manx_learning.dataset.models import (
    Frequency,
    Improvement,
    Indicator,
    Observation,
    ProcessChange,
    ReferenceValue,
    Unit,
)
from manx_learning.dataset.periods import PeriodError, parse_period
from manx_learning.dataset.trends import refresh_signals
from manx_learning.vocabulary.models import BoardPriority

INDICATOR_FIELDS = (
    "code",
    "name",
    "definition",
    "numerator_definition",
    "denominator_definition",
    "unit",
    "frequency",
    "improvement",
    "target",
    "target_low",
    "target_high",
    "owner_agency",
    "priority",
    "disaggregations",
    "baseline_points",
    "is_published",
    "is_active",
)
# What the indicator's edit form changes: checked for edit conflicts, and shown before and after
# in the trail.
EDITABLE_FIELDS = (*INDICATOR_FIELDS, "reporting_agencies")
# Changing any of these changes the SPC analysis, so the signals are recomputed.
ANALYSIS_FIELDS = {"improvement", "target", "target_low", "target_high", "baseline_points"}


def _check_indicator(values: dict[str, Any]) -> None:
    """Cross-field rules a form cannot see alone."""
    errors: dict[str, list[str]] = {}
    low, high, _target = values.get("target_low"), values.get("target_high"), values.get("target")
    if (low is None) != (high is None):
        field = "target_high" if high is None else "target_low"
        errors[field] = ["Enter both ends of the healthy band, or neither"]
    elif low is not None and high is not None and low > high:
        errors["target_high"] = ["The end of the healthy band must be at least its start"]
    if values.get("unit") == Unit.PERCENT:
        for name in ("target", "target_low", "target_high"):
            value = values.get(name)
            if value is not None and not 0 <= value <= 100:
                errors.setdefault(name, []).append("A percentage target must be between 0 and 100")
    for name in ("target", "target_low", "target_high"):
        value = values.get(name)
        if value is not None and value < 0 and values.get("unit") != Unit.PERCENT:
            errors.setdefault(name, []).append("A target cannot be below 0")
    baseline = values.get("baseline_points")
    if baseline is not None and baseline < 2:
        errors["baseline_points"] = ["Fix the limits after at least 2 points, or leave it empty"]
    if values.get("unit") not in Unit.values:
        errors["unit"] = ["Choose the unit"]
    if values.get("frequency") not in Frequency.values:
        errors["frequency"] = ["Choose how often it is collected"]
    if values.get("improvement") not in Improvement.values:
        errors["improvement"] = ["Choose which direction is better"]
    if errors:
        raise ValidationError(errors)


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    values["code"] = (values.get("code") or "").strip().upper()
    values["disaggregations"] = [
        name.strip() for name in values.get("disaggregations") or [] if name.strip()
    ]
    return values


@transaction.atomic
def indicator_save(
    *,
    by: Any,
    indicator: Indicator | None = None,
    reporting_agencies: Iterable[Agency] | None = None,
    code: str | Unset = UNSET,
    name: str | Unset = UNSET,
    definition: str | Unset = UNSET,
    numerator_definition: str | Unset = UNSET,
    denominator_definition: str | Unset = UNSET,
    unit: str | Unset = UNSET,
    frequency: str | Unset = UNSET,
    improvement: str | Unset = UNSET,
    target: float | Unset | None = UNSET,
    target_low: float | Unset | None = UNSET,
    target_high: float | Unset | None = UNSET,
    owner_agency: Agency | Unset | None = UNSET,
    priority: BoardPriority | Unset | None = UNSET,
    disaggregations: Iterable[str] | Unset | None = UNSET,
    baseline_points: int | Unset | None = UNSET,
    is_published: bool | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    seen: str | None = None,
) -> Indicator:
    """Create an indicator, or change one. Only the fields given are changed. `seen` is the
    edit form's token: if someone else changed the indicator since, nothing is saved and
    EditConflict says what they changed."""
    given = {
        "code": code,
        "name": name,
        "definition": definition,
        "numerator_definition": numerator_definition,
        "denominator_definition": denominator_definition,
        "unit": unit,
        "frequency": frequency,
        "improvement": improvement,
        "target": target,
        "target_low": target_low,
        "target_high": target_high,
        "owner_agency": owner_agency,
        "priority": priority,
        "disaggregations": disaggregations,
        "baseline_points": baseline_points,
        "is_published": is_published,
        "is_active": is_active,
    }
    values = only_given(given)
    creating = indicator is None
    indicator = indicator or Indicator()
    if not creating:
        ensure_unchanged(indicator, seen, EDITABLE_FIELDS)
    before = {} if creating else snapshot(indicator, EDITABLE_FIELDS)
    merged = {field: getattr(indicator, field, None) for field in INDICATOR_FIELDS} | values
    merged = _normalise(merged)
    _check_indicator(merged)
    if Indicator.objects.filter(code=merged["code"]).exclude(pk=indicator.pk).exists():
        raise ValidationError(
            {"code": [f"Another indicator already uses the code {merged['code']}"]}
        )
    for field in INDICATOR_FIELDS:
        setattr(indicator, field, merged[field])
    indicator.full_clean()
    indicator.save()
    if reporting_agencies is not None:
        indicator.reporting_agencies.set(list(reporting_agencies))
    changed = changed_fields(before, snapshot(indicator, EDITABLE_FIELDS))
    audit_log(
        actor=by,
        verb="indicator.created" if creating else "indicator.changed",
        target=indicator,
        detail={"changed": changed},
    )
    if not creating and ANALYSIS_FIELDS & set(changed):
        refresh_signals([(indicator.pk, None), *_agency_pairs(indicator)])
    return indicator


def _agency_pairs(indicator: Indicator) -> list[tuple[int, int | None]]:
    agencies = Observation.objects.filter(indicator=indicator).values_list("agency_id", flat=True)
    return [(indicator.pk, agency_id) for agency_id in set(agencies)]


def _period(text: str, indicator: Indicator, field: str = "period") -> tuple[str, Any]:
    try:
        canonical, frequency, start = parse_period(text)
    except PeriodError as error:
        raise ValidationError({field: [str(error)]}) from None
    if frequency != indicator.frequency:
        raise ValidationError(
            {
                field: [
                    f"{indicator.code} is {indicator.get_frequency_display().lower()}: "
                    f"{canonical} is not a {indicator.get_frequency_display().lower()} period"
                ]
            }
        )
    return canonical, start


@transaction.atomic
def reference_value_save(
    *, indicator: Indicator, series: str, period: str, value: float, source: str = "", by: Any
) -> ReferenceValue:
    """Add a benchmark value (e.g. the England average) or replace the one for that period."""
    series = series.strip()
    if not series:
        raise ValidationError({"series": ["Enter the name of the benchmark, e.g. England average"]})
    canonical, start = _period(period, indicator)
    reference, created = ReferenceValue.objects.update_or_create(
        indicator=indicator,
        series=series,
        period=canonical,
        defaults={"period_start": start, "value": value, "source": source.strip()},
    )
    audit_log(
        actor=by,
        verb="indicator.reference_added" if created else "indicator.reference_changed",
        target=indicator,
        detail={"series": series, "period": canonical, "value": value},
    )
    return reference


@transaction.atomic
def reference_value_delete(*, reference: ReferenceValue, by: Any) -> None:
    indicator = reference.indicator
    detail = {"series": reference.series, "period": reference.period}
    reference.delete()
    audit_log(actor=by, verb="indicator.reference_removed", target=indicator, detail=detail)


@transaction.atomic
def process_change_add(
    *, indicator: Indicator, period: str, description: str, agency: Agency | None = None, by: Any
) -> ProcessChange:
    """Record a change to how the work is done or counted; the limits are recalculated from it."""
    description = description.strip()
    if not description:
        raise ValidationError({"description": ["Describe what changed"]})
    canonical, _ = _period(period, indicator)
    change = ProcessChange.objects.create(
        indicator=indicator, agency=agency, period=canonical, description=description[:300]
    )
    audit_log(
        actor=by,
        verb="indicator.process_change_added",
        target=indicator,
        detail={"period": canonical, "agency": agency.agency_code if agency else None},
    )
    refresh_signals(_agency_pairs(indicator) or [(indicator.pk, None)])
    return change


@transaction.atomic
def process_change_delete(*, change: ProcessChange, by: Any) -> None:
    indicator = change.indicator
    detail = {"period": change.period, "description": change.description}
    change.delete()
    audit_log(actor=by, verb="indicator.process_change_removed", target=indicator, detail=detail)
    refresh_signals(_agency_pairs(indicator) or [(indicator.pk, None)])


@transaction.atomic
def commentary_save(*, observation: Observation, note: str, by: Any) -> Observation:
    """Commentary explains a value (e.g. "new MASH opened"); it shows beside the chart."""
    observation.note = note.strip()
    observation.save(update_fields=["note", "updated_at"])
    audit_log(
        actor=by,
        verb="observation.commentary_saved",
        target=observation.indicator,
        detail={"agency": observation.agency.agency_code, "period": observation.period},
    )
    return observation
