"""Reads that depend on who is asking."""

from typing import Any

from django.db.models import QuerySet

from manx_learning.accounts.permissions import Capability, has_capability
from manx_learning.audits import access
from manx_learning.audits.models import AuditProgramme, CaseAudit, CaseAuditStatus, ProgrammeStatus


def programmes_visible_to(*, user: Any) -> QuerySet[AuditProgramme]:
    programmes = AuditProgramme.objects.select_related("tool", "theme", "retest_of")
    if access.can_view_results(user):
        return programmes
    if has_capability(user, Capability.CONDUCT_AUDITS):
        return programmes.filter(agencies__pk=user.agency_id).distinct()
    return programmes.none()


def case_audits_visible_to(*, user: Any, programme: AuditProgramme) -> QuerySet[CaseAudit]:
    """Everything for the business unit, Panel and Board; an agency lead's own agency only."""
    cases = programme.case_audits.select_related("agency", "auditor")
    if access.sees_every_case_audit(user):
        return cases
    if has_capability(user, Capability.CONDUCT_AUDITS):
        return cases.filter(agency_id=user.agency_id)
    return cases.none()


def audits_waiting_for(*, user: Any) -> list[tuple[AuditProgramme, int]]:
    """Open programmes in which the person's agency has cases still to submit, with how many it
    has submitted (for the agency lead's dashboard)."""
    if not has_capability(user, Capability.CONDUCT_AUDITS) or access.can_manage(user):
        return []
    open_programmes = AuditProgramme.objects.filter(
        agencies__pk=user.agency_id, status__in=[ProgrammeStatus.PLANNED, ProgrammeStatus.AUDITING]
    ).order_by("audit_ends")
    waiting = []
    for programme in open_programmes:
        submitted = programme.case_audits.filter(
            agency_id=user.agency_id, status=CaseAuditStatus.SUBMITTED
        ).count()
        if submitted < programme.sample_size:
            waiting.append((programme, submitted))
    return waiting
