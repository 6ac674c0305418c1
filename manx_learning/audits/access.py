"""Who may see and do what with audits, by role and by agency.

The business unit (MANAGE_ASSURANCE) builds tools and programmes and moderates. Agency leads
(CONDUCT_AUDITS) audit their own agency's sample only. The Panel and Board read results and case
audits; agency leads read programme results but only their own agency's case audits."""

from typing import Any

from manx_learning.accounts.permissions import Capability, has_capability, is_panel_or_board
from manx_learning.audits.models import CaseAudit


def can_manage(user: Any) -> bool:
    return has_capability(user, Capability.MANAGE_ASSURANCE)


def can_view_results(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_ASSURANCE) or can_manage(user)


def sees_every_case_audit(user: Any) -> bool:
    return can_manage(user) or (can_view_results(user) and is_panel_or_board(user))


def can_view_case_audit(user: Any, case_audit: CaseAudit) -> bool:
    if sees_every_case_audit(user):
        return True
    return has_capability(user, Capability.CONDUCT_AUDITS) and user.agency_id == (
        case_audit.agency_id
    )


def can_grade(user: Any, case_audit: CaseAudit) -> bool:
    """The audited agency's lead, or the business unit entering grades on its behalf."""
    if can_manage(user):
        return True
    return has_capability(user, Capability.CONDUCT_AUDITS) and user.agency_id == (
        case_audit.agency_id
    )
