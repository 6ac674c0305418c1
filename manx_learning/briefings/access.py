"""Who may see and do what on a 7-minute briefing: the business unit writes and sends them; the
Panel and Board see their reach (the figures); agency leads act for their agency on a briefing
sent to it and see its reach, with who has and has not acknowledged and their reflections (the
business unit sees those for every agency); the people a send covered read and acknowledge it."""

from typing import Any

from django.db.models import QuerySet

from manx_learning.accounts.models import Role
from manx_learning.accounts.permissions import (
    Capability,
    Check,
    acts_as,
    has_capability,
    is_agency_lead,
    is_business_unit,
    object_for,
)
from manx_learning.briefings.models import Briefing, BriefingSend


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_edit(user: Any, briefing: Briefing | None = None) -> bool:
    return is_business_unit(user)


def can_view_reach(user: Any, briefing: Briefing | None = None) -> bool:
    return _active(user) and acts_as(user, Role.BUSINESS_UNIT, Role.PANEL_MEMBER, Role.BOARD_MEMBER)


def can_view_reach_page(user: Any, briefing: Briefing | None = None) -> bool:
    """The reach page: the Board's roles see every agency's figures; an agency lead sees their
    own agency's, on a briefing sent to it."""
    return can_view_reach(user) or (briefing is not None and can_lead_for(user, briefing))


def can_see_who_acknowledged(user: Any, briefing: Briefing) -> bool:
    """Who acknowledged and what they answered: the business unit (every agency) and an agency
    lead (their own, as the reach page limits them); the Panel and Board see the figures only."""
    return is_business_unit(user) or can_lead_for(user, briefing)


def can_record_reach(user: Any, briefing: Briefing | None = None) -> bool:
    """Whether the reach page offers to record the reach as QA evidence: for those who manage
    assurance (the assurance view checks again)."""
    return has_capability(user, Capability.MANAGE_ASSURANCE)


def _sends_for(briefing: Briefing, agency_id: Any) -> QuerySet[BriefingSend]:
    return briefing.sends.filter(agencies__pk=agency_id).distinct()


def was_sent_to(user: Any, briefing: Briefing) -> bool:
    """Whether a send covered this person: their agency and one of their roles."""
    if not _active(user):
        return False
    return any(set(send.roles) & user.role_codes for send in _sends_for(briefing, user.agency_id))


def can_lead_for(user: Any, briefing: Briefing) -> bool:
    """An agency lead acts for their own agency on a briefing sent to it."""
    return _active(user) and is_agency_lead(user) and _sends_for(briefing, user.agency_id).exists()


def can_view(user: Any, briefing: Briefing) -> bool:
    return can_view_reach(user) or can_lead_for(user, briefing) or was_sent_to(user, briefing)


# The one way a view gets a briefing by its code: 404 for someone who may not see it. -----------


def get_briefing_for(
    user: Any, code: Any, *, write: bool = False, need: Check[Briefing] | None = None
) -> Briefing:
    """`write=True`: editing, publishing and sending it (the business unit); `need`: a narrower
    check such as `can_lead_for` or `was_sent_to`."""
    return object_for(
        user,
        Briefing.objects.select_related("review", "published_item", "created_by"),
        code=code,
        may_view=can_view,
        may_write=can_edit,
        write=write,
        need=need,
    )
