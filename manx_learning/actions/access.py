"""Who may see and change recommendations and actions, by role and agency."""

from typing import Any

from manx_learning.accounts.permissions import (
    is_agency_lead,
    is_business_unit,
    is_panel_member,
    is_panel_or_board,
    leads_agency,
)
from manx_learning.actions.models import Action, Recommendation


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role_codes)


def sees_whole_register(user: Any) -> bool:
    """The register is the Board's: the business unit, the Panel and Board members see all of it."""
    return _active(user) and (is_business_unit(user) or is_panel_or_board(user))


def is_agency_lead_for(user: Any, agency_id: int) -> bool:
    return leads_agency(user, agency_id)


def can_view_recommendation(user: Any, recommendation: Recommendation) -> bool:
    if sees_whole_register(user):
        return True
    if not is_agency_lead(user):
        return False
    return (
        recommendation.agencies.filter(pk=user.agency_id).exists()
        or recommendation.actions.filter(owner_agency_id=user.agency_id).exists()
    )


def can_view_action(user: Any, action: Action) -> bool:
    if sees_whole_register(user):
        return True
    return is_agency_lead_for(user, action.owner_agency_id) or (
        _active(user) and action.lead_id == user.pk
    )


def can_plan_actions(user: Any, recommendation: Recommendation, agency_id: int) -> bool:
    """The business unit, or the lead of the agency that will own the action (who must be able
    to see the recommendation)."""
    if is_business_unit(user):
        return True
    return is_agency_lead_for(user, agency_id) and can_view_recommendation(user, recommendation)


def can_update_action(user: Any, action: Action) -> bool:
    """Agency leads update their own agency's actions; the named lead person can too."""
    return (
        is_business_unit(user)
        or is_agency_lead_for(user, action.owner_agency_id)
        or (_active(user) and action.lead_id == user.pk)
    )


def can_assure(user: Any) -> bool:
    return is_panel_member(user)


def can_manage_register(user: Any) -> bool:
    return is_business_unit(user)
