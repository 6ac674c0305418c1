"""Baseline against retest, the heart of the QA framework.

Every kind of thing that can be retested (an audit programme, a survey, an indicator) describes
itself as a `Measurement`; `compare` turns a baseline and a retest into a verdict. Source apps
register a provider for their model in `AppConfig.ready()`, so this module never imports them:

    measures.register("audits.AuditProgramme", programme_comparison)

A provider is called as `provider(obj, baseline_on=date|None, retest_on=date|None)` and returns a
`Comparison`. Audit programmes and surveys know their own retest (a later run linked to the
baseline) and may ignore the dates; an indicator compares the periods up to `baseline_on` with
those from then until `retest_on`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.db import models


class Verdict(StrEnum):
    IMPROVED = "improved"
    SAME = "same"
    DECLINED = "declined"
    NOT_YET = "not_yet"  # no retest result yet

    @property
    def label(self) -> str:
        return {
            "improved": "Practice improved",
            "same": "No significant change",
            "declined": "Practice declined",
            "not_yet": "Not yet retested",
        }[self.value]


@dataclass(frozen=True)
class Measurement:
    """One side of a comparison, e.g. "Good or better: 42% of 12 cases"."""

    label: str  # e.g. "Baseline audit, March 2026"
    score: float | None  # the headline number compared, e.g. percent good or better
    score_label: str  # e.g. "% of sections graded Good or better"
    n: int  # how many cases, responses or points the score rests on
    distribution: dict[str, int] = field(default_factory=dict)  # e.g. grade -> count, in order
    detail: list[str] = field(default_factory=list)  # extra lines, e.g. SPC signals
    url: str = ""


@dataclass(frozen=True)
class Comparison:
    title: str
    kind: str  # "audit", "survey" or "indicator"
    baseline: Measurement
    retest: Measurement | None
    verdict: Verdict
    explanation: str  # one plain sentence that states the change and the evidence for it


def compare(
    baseline: Measurement,
    retest: Measurement | None,
    *,
    higher_is_better: bool = True,
    tolerance: float = 5.0,
) -> tuple[Verdict, str]:
    """A change smaller than `tolerance` (in the score's own units, percentage points by default)
    is "no significant change": small samples move by chance and we would rather say so."""
    if retest is None or retest.score is None or baseline.score is None:
        return Verdict.NOT_YET, "There is no retest result yet."
    change = retest.score - baseline.score
    better = change if higher_is_better else -change
    text = (
        f"{baseline.score_label}: {baseline.score:.1f} at baseline (n={baseline.n}) "
        f"and {retest.score:.1f} at retest (n={retest.n})"
    )
    if abs(change) < tolerance:
        return Verdict.SAME, f"{text}; a change of {change:+.1f} is within ±{tolerance:g}."
    if better > 0:
        return Verdict.IMPROVED, f"{text}; a change of {change:+.1f}."
    return Verdict.DECLINED, f"{text}; a change of {change:+.1f}."


Provider = Callable[..., Comparison | None]
_PROVIDERS: dict[str, Provider] = {}


def register(model_label: str, provider: Provider) -> None:
    """`model_label` is "app_label.ModelName"."""
    _PROVIDERS[model_label.lower()] = provider


def comparison_for(
    obj: models.Model, *, baseline_on: date | None = None, retest_on: date | None = None
) -> Comparison | None:
    provider = _PROVIDERS.get(obj._meta.label_lower)
    if provider is None:
        return None
    return provider(obj, baseline_on=baseline_on, retest_on=retest_on)


def supports(obj_or_model: Any) -> bool:
    return obj_or_model._meta.label_lower in _PROVIDERS
