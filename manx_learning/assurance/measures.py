"""Baseline against retest, the heart of the QA framework.

Every kind of thing that can be retested (an audit programme, a survey, an indicator) describes
itself as a `Measurement`; `compare` turns a baseline and a retest into a verdict (both in the
framework-free `lib/verdicts.py`, so source apps build them without importing assurance).
`AssuranceConfig.ready()` registers each source's provider for its model:

    measures.register("audits.AuditProgramme", programme_comparison)

A provider is called as `provider(obj, baseline_on=date|None, retest_on=date|None)` and returns a
`Comparison`. Audit programmes and surveys know their own retest (a later run linked to the
baseline) and may ignore the dates; an indicator compares the periods up to `baseline_on` with
those from then until `retest_on`.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import models

from manx_learning.lib.verdicts import JUDGEMENT, Comparison, Measurement, Verdict, compare

__all__ = [
    "JUDGEMENT",
    "Comparison",
    "Measurement",
    "Verdict",
    "compare",
    "comparison_for",
    "register",
]


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
