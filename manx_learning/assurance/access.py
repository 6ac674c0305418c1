"""Who may see and change the QA framework, by role and agency.

The business unit, the SCMR Panel and Board members see all of it. An agency lead sees the
evidence tagged with their agency plus Board-wide evidence that names no agency, because
evidence about another agency (an audit of its cases, its staff survey) is that agency's to
share. Assessments, retests, the calendar and scrutiny reports are the Board's own judgements,
so every role with VIEW_ASSURANCE may read them; the evidence listed inside them is still
narrowed to what the reader may see. Only the business unit (MANAGE_ASSURANCE) changes things."""

from typing import Any

from manx_learning.accounts.permissions import (
    Capability,
    has_capability,
    is_agency_lead,
    is_panel_or_board,
)
from manx_learning.assurance.models import Evidence


def can_view(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_ASSURANCE)


def can_manage(user: Any) -> bool:
    return has_capability(user, Capability.MANAGE_ASSURANCE)


def sees_all_evidence(user: Any) -> bool:
    return can_view(user) and (can_manage(user) or is_panel_or_board(user))


def can_view_evidence(user: Any, evidence: Evidence) -> bool:
    if sees_all_evidence(user):
        return True
    if not (can_view(user) and is_agency_lead(user)):
        return False
    agencies = set(evidence.agencies.values_list("pk", flat=True))
    return not agencies or user.agency_id in agencies
