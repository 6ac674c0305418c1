"""Who may do what: the one place access is decided, by role and by agency.

Views ask `has_capability` (or the `require_capability` decorator); lists come from selectors that
call these helpers. The access-matrix test reads `CAPABILITIES` row by row."""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from manx_learning.accounts.models import Agency, Role, User


class Capability(StrEnum):
    VIEW_STAFF_DASHBOARD = "view_staff_dashboard"
    VIEW_AGENCIES = "view_agencies"
    MANAGE_AGENCIES = "manage_agencies"
    VIEW_PEOPLE = "view_people"
    INVITE_PEOPLE = "invite_people"
    MANAGE_ANY_AGENCY_PEOPLE = "manage_any_agency_people"
    VIEW_AUDIT_TRAIL = "view_audit_trail"
    VIEW_REVIEWS = "view_reviews"
    VIEW_ACTIONS = "view_actions"
    # Quality assurance: see the evidence register, assessments, retests and the QA calendar.
    VIEW_ASSURANCE = "view_assurance"
    # Run the framework: priorities, evidence, assessments, audit tools and programmes, surveys.
    MANAGE_ASSURANCE = "manage_assurance"
    # Audit cases for one's own agency within an audit programme.
    CONDUCT_AUDITS = "conduct_audits"
    # Performance dataset: dashboards, charts and emerging trends.
    VIEW_DATASET = "view_dataset"
    # Submit one's own agency's returns (and answer queries on them).
    SUBMIT_RETURNS = "submit_returns"
    # Run the dataset: the indicator catalogue, deadlines, queries, acceptance and API tokens.
    MANAGE_DATASET = "manage_dataset"


_EVERY_STAFF_ROLE = {
    Capability.VIEW_STAFF_DASHBOARD,
    Capability.VIEW_AGENCIES,
    Capability.VIEW_REVIEWS,
}

CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.BUSINESS_UNIT: frozenset(Capability),
    Role.PANEL_MEMBER: frozenset(
        _EVERY_STAFF_ROLE
        | {Capability.VIEW_ACTIONS, Capability.VIEW_ASSURANCE, Capability.VIEW_DATASET}
    ),
    Role.BOARD_MEMBER: frozenset(
        _EVERY_STAFF_ROLE
        | {Capability.VIEW_ACTIONS, Capability.VIEW_ASSURANCE, Capability.VIEW_DATASET}
    ),
    Role.REVIEWER: frozenset(_EVERY_STAFF_ROLE),
    Role.AGENCY_LEAD: frozenset(
        _EVERY_STAFF_ROLE
        | {
            Capability.VIEW_PEOPLE,
            Capability.INVITE_PEOPLE,
            Capability.VIEW_ACTIONS,
            Capability.VIEW_ASSURANCE,
            Capability.CONDUCT_AUDITS,
            Capability.VIEW_DATASET,
        }
    ),
    Role.DATA_OFFICER: frozenset(
        _EVERY_STAFF_ROLE | {Capability.VIEW_DATASET, Capability.SUBMIT_RETURNS}
    ),
    # Practitioners can refer a case and follow their own referrals.
    Role.PRACTITIONER: frozenset({Capability.VIEW_STAFF_DASHBOARD, Capability.VIEW_REVIEWS}),
}

# Roles an agency lead may give to people of their own agency. The business unit may give any.
AGENCY_LEAD_ASSIGNABLE = (Role.AGENCY_LEAD, Role.DATA_OFFICER, Role.PRACTITIONER)


def _active_user(user: Any) -> User | None:
    if getattr(user, "is_authenticated", False) and user.is_active:
        return user
    return None


def has_capability(user: Any, capability: Capability) -> bool:
    person = _active_user(user)
    if person is None:
        return False
    return any(capability in CAPABILITIES.get(role, ()) for role in person.role_codes)


def is_business_unit(user: Any) -> bool:
    person = _active_user(user)
    return bool(person and person.has_role(Role.BUSINESS_UNIT))


def acts_as(user: Any, *roles: str) -> bool:
    """An active, signed-in person holding any of these roles. Apps ask through the named
    helpers below (or capabilities), never `User.has_role` directly: roles are this module's
    vocabulary."""
    person = _active_user(user)
    return bool(person and person.has_role(*roles))


def is_panel_member(user: Any) -> bool:
    return acts_as(user, Role.PANEL_MEMBER)


def is_board_member(user: Any) -> bool:
    return acts_as(user, Role.BOARD_MEMBER)


def is_panel_or_board(user: Any) -> bool:
    """The SCMR Panel and the Board see the whole picture, read-only."""
    return acts_as(user, Role.PANEL_MEMBER, Role.BOARD_MEMBER)


def is_reviewer(user: Any) -> bool:
    return acts_as(user, Role.REVIEWER)


def is_agency_lead(user: Any) -> bool:
    return acts_as(user, Role.AGENCY_LEAD)


def leads_agency(user: Any, agency_id: int | None) -> bool:
    """An agency lead acting for their own agency."""
    return is_agency_lead(user) and agency_id is not None and user.agency_id == agency_id


def assignable_roles(user: Any) -> list[tuple[str, str]]:
    """The roles this person may give to someone else, as (value, label) pairs."""
    if is_business_unit(user):
        return list(Role.choices)
    if has_capability(user, Capability.INVITE_PEOPLE):
        return [(role.value, role.label) for role in AGENCY_LEAD_ASSIGNABLE]
    return []


def can_manage_people_of(user: Any, agency: Agency) -> bool:
    """The business unit manages everyone; an agency lead manages people of their own agency."""
    if has_capability(user, Capability.MANAGE_ANY_AGENCY_PEOPLE):
        return True
    return has_capability(user, Capability.INVITE_PEOPLE) and user.agency_id == agency.pk


def can_view_person(user: Any, person: User) -> bool:
    if _active_user(user) is None:
        return False
    if user.pk == person.pk:
        return True
    return has_capability(user, Capability.VIEW_PEOPLE) and can_manage_people_of(
        user, person.agency
    )


def can_change_person(user: Any, person: User) -> bool:
    """Managers may change others' roles and access, but nobody changes their own."""
    return user.pk != person.pk and can_manage_people_of(user, person.agency)


def require(allowed: bool, message: str = "You cannot do this.") -> None:
    """The one guard, for views and services alike: a signed-in person the access rules say no
    to gets PermissionDenied (a 403 page, or the message shown by the view that called the
    service)."""
    if not allowed:
        raise PermissionDenied(message)


# Who may see one object, and who may act on it: each app's access.py answers for its own kinds.
type Check[M: Model] = Callable[[Any, M], bool]


def object_for[M: Model](
    user: Any,
    found: QuerySet[M],
    *,
    may_view: Check[M],
    may_write: Check[M] | None = None,
    write: bool = False,
    need: Check[M] | None = None,
    **lookup: Any,
) -> M:
    """The one way a view gets an object it was asked for by its code.

    Someone who may not see the object gets a 404, exactly as if it did not exist, so a code
    guessed or passed on tells them nothing. Someone who may see it but not do this to it gets a
    403: `write=True` asks the kind's own `may_write`; `need` asks a narrower check of the
    view's own (signing off, reading the findings)."""
    missing = f"No {found.model._meta.verbose_name} matches this address."
    try:
        item = found.get(**lookup)
    except found.model.DoesNotExist:
        raise Http404(missing) from None
    if not may_view(user, item):
        raise Http404(missing)
    if write:
        if may_write is None:
            raise TypeError("write=True needs the kind's may_write check")
        require(may_write(user, item))
    if need is not None:
        require(need(user, item))
    return item


def require_capability(capability: Capability) -> Callable:
    """View decorator: sign-in is checked by middleware-aware `login_required`; a signed-in person
    without the capability gets 403, not a redirect loop."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
