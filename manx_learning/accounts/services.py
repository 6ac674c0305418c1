"""Every write about agencies and people, with its audit event."""

import csv
import hashlib
import io
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from manx_learning.accounts.models import Agency, AgencyKind, Invitation, Role, User, UserRole
from manx_learning.accounts.permissions import (
    Capability,
    assignable_roles,
    can_change_person,
    can_manage_people_of,
    has_capability,
)
from manx_learning.core.concurrency import changed_fields, ensure_unchanged, snapshot
from manx_learning.core.services import audit_log
from manx_learning.core.tasks import send_email_on_commit
from manx_learning.core.unset import UNSET, Unset, only_given
from manx_learning.core.validators import safe_code

INVITATION_DAYS = 7
# What the agency edit form changes: checked for edit conflicts, and shown before and after in
# the trail.
AGENCY_EDITABLE_FIELDS = ("agency_code", "name", "kind", "is_active")


# Agencies -------------------------------------------------------------------------------------


def _agency_fields(agency: Agency) -> dict[str, Any]:
    return {
        "code": agency.agency_code,
        "name": agency.name,
        "kind": agency.kind,
        "active": agency.is_active,
    }


@transaction.atomic
def agency_create(*, code: str, name: str, kind: str = AgencyKind.OTHER, by: User | None) -> Agency:
    agency = Agency(agency_code=code.strip().upper(), name=name.strip(), kind=kind)
    agency.full_clean()
    agency.save()
    audit_log(actor=by, verb="agency.created", target=agency, detail=_agency_fields(agency))
    return agency


@transaction.atomic
def agency_update(
    *,
    agency: Agency,
    by: User | None,
    agency_code: str | Unset = UNSET,
    name: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    seen: str | None = None,
) -> Agency:
    """Change the fields given; those not given stay as they were. `seen` is the edit form's
    token: if someone else changed the agency since, nothing is saved and EditConflict says
    what they changed."""
    ensure_unchanged(agency, seen, AGENCY_EDITABLE_FIELDS)
    before = snapshot(agency, AGENCY_EDITABLE_FIELDS)
    given = {"agency_code": agency_code, "name": name, "kind": kind, "is_active": is_active}
    for field_name, value in only_given(given).items():
        setattr(agency, field_name, value.strip() if isinstance(value, str) else value)
    agency.agency_code = agency.agency_code.upper()
    agency.full_clean()
    agency.save()
    changed = changed_fields(before, snapshot(agency, AGENCY_EDITABLE_FIELDS))
    if changed:
        audit_log(actor=by, verb="agency.updated", target=agency, detail={"changed": changed})
    return agency


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


_KIND_LOOKUP = {value: value for value in AgencyKind.values} | {
    label.lower(): value for value, label in AgencyKind.choices
}


def _parse_agency_rows(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """Check every row before anything is stored; return the clean rows and every error."""
    reader = csv.DictReader(io.StringIO(text))
    rows: list[Any] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    try:
        headers = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
        missing = {"code", "name"} - set(headers)
        if missing:
            return [], [f"Row 1: the header must include {', '.join(sorted(missing))}"]
        reader.fieldnames = headers
        for number, raw in enumerate(reader, start=2):
            _check_agency_row(number, raw, rows, errors, seen)
    except csv.Error as error:
        # A cell past the csv module's field limit, for one: say where, as for any bad row.
        errors.append(f"Row {max(reader.line_num, 1)}: cannot be read as CSV ({error})")
    return rows, errors


def _check_agency_row(
    number: int,
    raw: dict[str, Any],
    rows: list[dict[str, str]],
    errors: list[str],
    seen: dict[str, int],
) -> None:
    """Add the row to `rows` if it is good, or its problems to `errors`."""
    row = {key: (value or "").strip() for key, value in raw.items() if key}
    if not any(row.values()):
        return  # blank lines are harmless
    code, name, kind = row.get("code", ""), row.get("name", ""), row.get("kind", "")
    problems = []
    if not code:
        problems.append("code is empty")
    elif len(code) > 20:
        problems.append("code is longer than 20 characters")
    else:
        try:
            # The model's own rule, checked here so that the row is named, not saved and refused.
            safe_code(code)
        except ValidationError as error:
            problems.append(f"code '{code}': " + "; ".join(error.messages))
    if not name:
        problems.append("name is empty")
    elif len(name) > 200:
        problems.append("name is longer than 200 characters")
    if kind and kind.lower() not in _KIND_LOOKUP:
        problems.append(f"kind '{kind}' is not one of {', '.join(AgencyKind.values)}")
    if any("\x00" in value for value in row.values()):
        # PostgreSQL cannot store NUL in text: refuse the row rather than fail saving it.
        problems.append("it contains a NUL character (binary data, not text)")
    if code.upper() in seen:
        problems.append(f"code {code.upper()} is already on row {seen[code.upper()]}")
    # Names are unique too: two rows naming one agency under two codes would fail on saving.
    if f"name:{name.lower()}" in seen:
        problems.append(f"name '{name}' is already on row {seen[f'name:{name.lower()}']}")
    if problems:
        errors.append(f"Row {number}: " + "; ".join(problems))
        return
    seen[code.upper()] = seen[f"name:{name.lower()}"] = number
    rows.append({"code": code.upper(), "name": name, "kind": _KIND_LOOKUP.get(kind.lower(), "")})


def agencies_load_csv(*, text: str, by: User | None = None) -> LoadResult:
    """Upsert agencies by code from CSV text (columns code,name and optional kind).

    Every row is validated first, then all are written in one transaction: a file with any bad
    row changes nothing."""
    rows, errors = _parse_agency_rows(text)
    result = LoadResult(errors=errors)
    if errors:
        return result
    existing = {agency.agency_code: agency for agency in Agency.objects.all()}
    names_elsewhere = {agency.name.lower(): code for code, agency in existing.items()}
    for row in rows:
        owner = names_elsewhere.get(row["name"].lower())
        if owner and owner != row["code"]:
            result.errors.append(f"The name '{row['name']}' already belongs to agency {owner}")
    if result.errors:
        return result
    with transaction.atomic():
        for row in rows:
            agency = existing.get(row["code"])
            if agency is None:
                agency_create(
                    code=row["code"], name=row["name"], kind=row["kind"] or AgencyKind.OTHER, by=by
                )
                result.created += 1
                continue
            changes = {"name": row["name"]} | ({"kind": row["kind"]} if row["kind"] else {})
            if all(getattr(agency, key) == value for key, value in changes.items()):
                result.unchanged += 1
                continue
            # A row without a kind leaves the agency's kind as it is.
            agency_update(agency=agency, by=by, name=row["name"], kind=row["kind"] or UNSET)
            result.updated += 1
    return result


# People ---------------------------------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_roles_allowed(*, by: User, agency: Agency, roles: list[str]) -> None:
    if not can_manage_people_of(by, agency):
        raise PermissionDenied("You can only invite people to your own agency.")
    allowed = {value for value, _ in assignable_roles(by)}
    refused = [role for role in roles if role not in allowed]
    if refused:
        labels = ", ".join(Role(role).label for role in refused)
        raise PermissionDenied(f"You cannot give the role: {labels}.")


@transaction.atomic
def invitation_create(
    *, email: str, full_name: str, agency: Agency, roles: list[str], by: User
) -> tuple[Invitation, str]:
    """Invite someone; returns the invitation and the one-time token for the link."""
    if not roles:
        raise ValidationError({"roles": "Select at least one role"})
    _check_roles_allowed(by=by, agency=agency, roles=roles)
    return _invitation_save(email=email, full_name=full_name, agency=agency, roles=roles, by=by)


@transaction.atomic
def invitation_create_by_operator(
    *, email: str, full_name: str, agency: Agency, roles: list[str]
) -> tuple[Invitation, str]:
    """An invitation made on the server's command line (e.g. the first business unit account):
    whoever can run commands there is already trusted with everything."""
    unknown = sorted(set(roles) - set(Role.values))
    if not roles or unknown:
        raise ValidationError({"roles": f"Give one or more of: {', '.join(Role.values)}"})
    return _invitation_save(email=email, full_name=full_name, agency=agency, roles=roles, by=None)


def _invitation_save(
    *, email: str, full_name: str, agency: Agency, roles: list[str], by: User | None
) -> tuple[Invitation, str]:
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Someone with this email address already has an account"})
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        full_name=full_name.strip(),
        agency=agency,
        roles=sorted(set(roles)),
        token_hash=_hash_token(token),
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit_log(
        actor=by,
        actor_label="" if by else "command line",
        verb="invitation.created",
        target=invitation,
        detail={"email": email, "agency": agency.agency_code, "roles": invitation.roles},
    )
    link = settings.SITE_URL + reverse("accounts:accept-invitation", args=[token])
    send_email_on_commit(
        to=[email],
        template="accounts/email/invitation",
        context={
            "full_name": invitation.full_name,
            "agency": agency.name,
            "invited_by": by.full_name if by else f"The {settings.BOARD_NAME}",
            "roles": [Role(role).label for role in invitation.roles],
            "link": link,
            "days": INVITATION_DAYS,
        },
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("agency").filter(token_hash=_hash_token(token))
    found = invitation.first()
    return found if found and found.is_usable() else None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, full_name: str, password: str) -> User:
    """Create the account from a usable invitation. The invitation can be used once."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_usable():
        raise ValidationError("This invitation has already been used or has expired")
    if User.objects.filter(email__iexact=locked.email).exists():
        raise ValidationError("Someone with this email address already has an account")
    user = User(email=locked.email, full_name=full_name.strip(), agency=locked.agency)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in locked.roles])
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["accepted_at", "updated_at"])
    audit_log(
        actor=user,
        verb="user.created",
        target=user,
        detail={"via": "invitation", "invitation": str(locked.code), "roles": locked.roles},
    )
    return user


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, by: User) -> Invitation:
    if not can_manage_people_of(by, invitation.agency):
        raise PermissionDenied
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit_log(actor=by, verb="invitation.withdrawn", target=invitation)
    return invitation


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    agency: Agency,
    roles: list[str],
    password: str | None = None,
    by: User | None = None,
    is_demo: bool = False,
    validate: bool = True,
) -> User:
    """Create an account directly (commands and the demo). People normally join by invitation."""
    user = User(
        email=email.strip().lower(), full_name=full_name.strip(), agency=agency, is_demo=is_demo
    )
    if password and validate:
        validate_password(password, user)
    user.set_password(password) if password else user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in sorted(set(roles))])
    audit_log(actor=by, verb="user.created", target=user, detail={"roles": sorted(set(roles))})
    return user


@transaction.atomic
def user_update_access(
    *, person: User, roles: list[str], is_active: bool, by: User, agency: Agency | None = None
) -> User:
    """Change someone's roles, agency or whether they can sign in, naming every change."""
    if not can_change_person(by, person):
        raise PermissionDenied("You cannot change this person's access.")
    new_agency = agency or person.agency
    if new_agency != person.agency and not has_capability(by, Capability.MANAGE_ANY_AGENCY_PEOPLE):
        raise PermissionDenied("Only the business unit can move someone to another agency.")
    current = set(person.role_codes)
    wanted = set(roles)
    if not wanted:
        raise ValidationError({"roles": "Select at least one role"})
    _check_roles_allowed(by=by, agency=new_agency, roles=sorted(wanted ^ current))
    detail: dict[str, Any] = {}
    if wanted != current:
        UserRole.objects.filter(user=person, role__in=current - wanted).delete()
        UserRole.objects.bulk_create([UserRole(user=person, role=r) for r in wanted - current])
        detail["roles"] = {"added": sorted(wanted - current), "removed": sorted(current - wanted)}
    if is_active != person.is_active:
        detail["active"] = [person.is_active, is_active]
        person.is_active = is_active
    if new_agency != person.agency:
        detail["agency"] = [person.agency.agency_code, new_agency.agency_code]
        person.agency = new_agency
    if detail:
        person.save()
        person.__dict__.pop("role_codes", None)
        audit_log(actor=by, verb="user.access_changed", target=person, detail=detail)
    return person


# Sign-in events (called by the sign-in views) --------------------------------------------------


def sign_in_recorded(*, user: User, method: str) -> None:
    audit_log(actor=user, verb="user.signed_in", target=user, detail={"method": method})


def sign_in_failed(*, email: str) -> None:
    audit_log(actor=None, actor_label=email[:254], verb="user.sign_in_failed")


def sign_out_recorded(*, user: Any) -> None:
    if getattr(user, "is_authenticated", False):
        audit_log(actor=user, verb="user.signed_out", target=user)


def password_reset_email_allowed(email: str) -> bool:
    """At most PASSWORD_RESET_EMAILS_PER_HOUR reset e-mails to one address in an hour (18 were
    once queued in a row for one account), counted in the shared cache so across app servers.
    The page answers the same either way, so nobody learns whether an address has an account;
    a refused one is in the audit trail."""
    key = "password-reset:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()
    cache.add(key, 0, timeout=3600)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        sent = 1
    allowed = sent <= settings.PASSWORD_RESET_EMAILS_PER_HOUR
    if not allowed:
        audit_log(actor=None, actor_label=email[:254], verb="user.password_reset_throttled")
    return allowed
