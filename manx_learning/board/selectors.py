"""Reads filtered by who is asking, for the Board's own pages."""

from typing import Any

from django.db.models import QuerySet

from manx_learning.accounts.permissions import Capability, has_capability
from manx_learning.core.models import AuditEvent
from manx_learning.core.selectors import audit_events


def audit_events_visible_to(*, user: Any, **filters: Any) -> QuerySet[AuditEvent]:
    """The audit trail, filtered as `core.selectors.audit_events`: the business unit only."""
    if not has_capability(user, Capability.VIEW_AUDIT_TRAIL):
        return AuditEvent.objects.none()
    return audit_events(**filters)
