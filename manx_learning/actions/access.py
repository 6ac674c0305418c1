"""Who may see and change recommendations and actions, by role and agency."""

from typing import Any

from manx_learning.accounts.permissions import (
    Check,
    is_agency_lead,
    is_business_unit,
    is_panel_member,
    is_panel_or_board,
    leads_agency,
    object_for,
)
from manx_learning.actions.models import Action, Evidence, Recommendation


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


def can_view_evidence(user: Any, evidence: Evidence) -> bool:
    """An evidence file is seen by whoever may see its action."""
    return can_view_action(user, evidence.action)


def can_assure(user: Any, action: Action | None = None) -> bool:
    return is_panel_member(user)


def can_manage_register(user: Any, recommendation: Recommendation | None = None) -> bool:
    return is_business_unit(user)


# The one way a view gets each kind by its code: 404 for someone who may not see it. ------------


def get_recommendation_for(user: Any, code: Any, *, write: bool = False) -> Recommendation:
    """`write=True`: keeping the register (the business unit)."""
    return object_for(
        user,
        Recommendation.objects.select_related("review"),
        code=code,
        may_view=can_view_recommendation,
        may_write=can_manage_register,
        write=write,
    )


def get_action_for(
    user: Any, code: Any, *, write: bool = False, need: Check[Action] | None = None
) -> Action:
    """`write=True`: updating the action and adding its evidence (its agency's lead, its named
    lead person, the business unit); `need`: a narrower check such as `can_assure`."""
    related = ("recommendation__review", "owner_agency", "lead", "assured_by")
    return object_for(
        user,
        Action.objects.select_related(*related),
        code=code,
        may_view=can_view_action,
        may_write=can_update_action,
        write=write,
        need=need,
    )


def get_evidence_for(user: Any, code: Any) -> Evidence:
    return object_for(
        user,
        Evidence.objects.select_related("action"),
        code=code,
        may_view=can_view_evidence,
    )
