"""Reads filtered by who is asking. Lists never filter visibility in a view or a template."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from manx_learning.accounts.models import Agency, Invitation, Role, User, UserRole
from manx_learning.accounts.permissions import Capability, has_capability


def agencies_visible_to(*, user: Any, include_inactive: bool = False) -> QuerySet[Agency]:
    """Agency names are not personal data: every staff role sees the list."""
    if not has_capability(user, Capability.VIEW_AGENCIES):
        return Agency.objects.none()
    agencies = Agency.objects.all()
    if not (include_inactive and has_capability(user, Capability.MANAGE_AGENCIES)):
        agencies = agencies.filter(is_active=True)
    return agencies


def people_visible_to(
    *, user: Any, search: str = "", agency: Agency | None = None
) -> QuerySet[User]:
    """The business unit sees everyone; an agency lead sees their own agency; others no one."""
    if not has_capability(user, Capability.VIEW_PEOPLE):
        return User.objects.none()
    people = User.objects.select_related("agency").prefetch_related(
        Prefetch("role_grants", queryset=UserRole.objects.only("user_id", "role"))
    )
    if not has_capability(user, Capability.MANAGE_ANY_AGENCY_PEOPLE):
        people = people.filter(agency_id=user.agency_id)
    if agency is not None:
        people = people.filter(agency=agency)
    if search:
        people = people.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return people.order_by("full_name")


def invitations_visible_to(*, user: Any) -> QuerySet[Invitation]:
    if not has_capability(user, Capability.INVITE_PEOPLE):
        return Invitation.objects.none()
    invitations = Invitation.objects.select_related("agency", "invited_by")
    if not has_capability(user, Capability.MANAGE_ANY_AGENCY_PEOPLE):
        invitations = invitations.filter(agency_id=user.agency_id)
    return invitations


def business_unit_emails() -> list[str]:
    """Who hears about everything the Board chases: every active business-unit officer."""
    people = User.objects.filter(is_active=True, role_grants__role=Role.BUSINESS_UNIT)
    return sorted(set(people.values_list("email", flat=True)))
