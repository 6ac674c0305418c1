"""One person, invitation or agency, got by its code for a view: 404 for someone who may not see
it, 403 for someone who sees it but may not change it. The rules themselves are
`accounts.permissions`'; lists come from `accounts.selectors`."""

from typing import Any

from manx_learning.accounts.models import Agency, Invitation, User
from manx_learning.accounts.permissions import (
    Capability,
    can_change_person,
    can_manage_people_of,
    can_view_person,
    has_capability,
    object_for,
)


def can_view_agency(user: Any, agency: Agency) -> bool:
    """Agency names are not personal data: every staff role sees them."""
    return has_capability(user, Capability.VIEW_AGENCIES)


def can_change_agency(user: Any, agency: Agency | None = None) -> bool:
    return has_capability(user, Capability.MANAGE_AGENCIES)


def can_view_invitation(user: Any, invitation: Invitation) -> bool:
    """As `selectors.invitations_visible_to`: those who invite see their own agency's
    invitations; the business unit sees every agency's."""
    if not has_capability(user, Capability.INVITE_PEOPLE):
        return False
    return (
        has_capability(user, Capability.MANAGE_ANY_AGENCY_PEOPLE)
        or invitation.agency_id == user.agency_id
    )


def can_change_invitation(user: Any, invitation: Invitation) -> bool:
    return can_manage_people_of(user, invitation.agency)


def get_person_for(user: Any, code: Any, *, write: bool = False) -> User:
    """`write=True`: changing their roles, agency or sign-in (never one's own)."""
    return object_for(
        user,
        User.objects.select_related("agency"),
        code=code,
        may_view=can_view_person,
        may_write=can_change_person,
        write=write,
    )


def get_invitation_for(user: Any, code: Any, *, write: bool = False) -> Invitation:
    """`write=True`: withdrawing it."""
    return object_for(
        user,
        Invitation.objects.select_related("agency", "invited_by"),
        code=code,
        may_view=can_view_invitation,
        may_write=can_change_invitation,
        write=write,
    )


def get_agency_for(user: Any, code: Any, *, write: bool = False) -> Agency:
    """`write=True`: changing its code, name, kind or whether it is active."""
    return object_for(
        user,
        Agency.objects.all(),
        code=code,
        may_view=can_view_agency,
        may_write=can_change_agency,
        write=write,
    )
