"""Recommendations and actions made for tests, through the services where they have one."""

from datetime import timedelta

from django.utils import timezone

from manx_learning.actions import services
from manx_learning.actions.models import Action


def make_recommendation(by, text, *, agencies=(), year=2024, kind="audit", **extra):
    return services.recommendation_create(
        by=by,
        text=text,
        source_kind=kind,
        source_title=extra.pop("source_title", f"Multi-agency audit {year}"),
        source_year=year,
        agencies=list(agencies),
        smart_outcome="Practice changes",
        smart_measure="Re-audit",
        smart_owner="Agency leads",
        smart_timescale="Within a year",
        **extra,
    )


def make_overdue(action: Action, days: int) -> Action:
    Action.objects.filter(pk=action.pk).update(due_date=timezone.localdate() - timedelta(days))
    action.refresh_from_db()
    return action
