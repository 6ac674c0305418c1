"""Reads of the QA framework, already narrowed to what the person asking may see."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from manx_learning.accounts.permissions import is_agency_lead
from manx_learning.assurance import access
from manx_learning.assurance.models import Assessment, Evidence
from manx_learning.vocabulary.models import BoardPriority


def evidence_visible_to(*, user: Any) -> QuerySet[Evidence]:
    """All evidence for the business unit, Panel and Board; for an agency lead, evidence tagged
    with their agency or with no agency at all (Board-wide); nothing for anyone else."""
    everything = Evidence.objects.prefetch_related("agencies", "themes", "priorities")
    if access.sees_all_evidence(user):
        return everything
    if access.can_view(user) and is_agency_lead(user):
        untagged = Evidence.objects.annotate(n=Count("agencies")).filter(n=0).values("pk")
        return everything.filter(Q(agencies__pk=user.agency_id) | Q(pk__in=untagged)).distinct()
    return Evidence.objects.none()


def assessments_visible_to(*, user: Any) -> QuerySet[Assessment]:
    if not access.can_view(user):
        return Assessment.objects.none()
    return Assessment.objects.select_related("theme", "priority", "judged_by")


def priorities_visible_to(*, user: Any) -> QuerySet[BoardPriority]:
    if not access.can_view(user):
        return BoardPriority.objects.none()
    return BoardPriority.objects.all()
