"""Reads of the audit trail. Who may read it is decided above core: the audit-trail page asks
`board.selectors.audit_events_visible_to`, which allows the business unit only."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from manx_learning.core.models import AuditEvent


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events(
    *,
    actor: str = "",
    verb: str = "",
    object_type: str = "",
    text: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Every event matching the filters, newest first; the caller decides who may see them."""
    events = AuditEvent.objects.select_related("actor").order_by("-sequence")
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if verb:
        events = events.filter(verb__startswith=verb)
    if object_type:
        events = events.filter(object_type=object_type)
    if text:
        events = events.filter(
            Q(object_repr__icontains=text) | Q(object_id__icontains=text) | Q(verb__icontains=text)
        )
    if date_from:
        events = events.filter(occurred_at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(occurred_at__lt=_start_of(date_to) + timedelta(days=1))
    return events


def audit_verbs() -> list[str]:
    return list(AuditEvent.objects.order_by("verb").values_list("verb", flat=True).distinct())


def audit_object_types() -> list[str]:
    types = AuditEvent.objects.exclude(object_type="").order_by("object_type")
    return list(types.values_list("object_type", flat=True).distinct())
