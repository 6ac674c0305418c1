"""The demo board: a fictional Isle of Man Safeguarding Board. Every person in it is made up."""

import os
from dataclasses import dataclass

from django.db import transaction

from manx_learning.accounts.models import Agency, AgencyKind, Role, User, UserRole
from manx_learning.accounts.services import agency_create, agency_update, user_create
from manx_learning.core.services import audit_log

DEMO_DOMAIN = "demo.test"

DEMO_AGENCIES = [
    ("SBBU", "Safeguarding Board Business Unit", AgencyKind.OTHER),
    ("IMC", "Isle of Man Constabulary", AgencyKind.POLICE),
    ("MCCF", "Manx Care – Children and Families", AgencyKind.CHILDRENS_SOCIAL_CARE),
    ("MCASC", "Manx Care – Adult Social Care", AgencyKind.ADULT_SOCIAL_CARE),
    ("NOBLES", "Manx Care – Noble's Hospital", AgencyKind.HEALTH),
    ("MCMH", "Manx Care – Mental Health Services", AgencyKind.HEALTH),
    ("DESC", "Department of Education, Sport and Culture", AgencyKind.EDUCATION),
    ("PROB", "Isle of Man Probation Service", AgencyKind.PROBATION),
    ("HOUS", "Department of Infrastructure – Housing", AgencyKind.HOUSING),
    ("VOL", "Island Family Support (voluntary sector)", AgencyKind.VOLUNTARY_SECTOR),
    ("INDEP", "Independent reviewers", AgencyKind.OTHER),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    agency_code: str
    roles: tuple[str, ...]
    job_title: str


DEMO_ACCOUNTS = [
    DemoAccount(
        "business@demo.test",
        "Bethany Corlett",
        "SBBU",
        (Role.BUSINESS_UNIT,),
        "Board business manager",
    ),
    DemoAccount(
        "panel@demo.test",
        "Patrick Quayle",
        "MCCF",
        (Role.PANEL_MEMBER,),
        "Head of safeguarding, SCMR Panel member",
    ),
    DemoAccount(
        "board@demo.test",
        "Rowena Kewley",
        "NOBLES",
        (Role.BOARD_MEMBER,),
        "Director of nursing, Board member",
    ),
    DemoAccount(
        "reviewer@demo.test", "Alys Morgan", "INDEP", (Role.REVIEWER,), "Independent reviewer"
    ),
    DemoAccount(
        "police.lead@demo.test",
        "Huw Cregeen",
        "IMC",
        (Role.AGENCY_LEAD,),
        "Public protection unit lead",
    ),
    DemoAccount(
        "health.lead@demo.test",
        "Nia Kinvig",
        "NOBLES",
        (Role.AGENCY_LEAD,),
        "Named nurse for safeguarding",
    ),
    DemoAccount(
        "data.officer@demo.test",
        "Dylan Shimmin",
        "MCCF",
        (Role.DATA_OFFICER,),
        "Performance and information officer",
    ),
    DemoAccount(
        "practitioner@demo.test", "Ffion Teare", "MCCF", (Role.PRACTITIONER,), "Social worker"
    ),
]


# The workforce the demo's 7-minute briefing reached, in four agencies: practitioners who read it
# (or have yet to). They sign in like the accounts above, but are not printed with them: the
# printed sign-ins are one account per role.
DEMO_WORKFORCE = [
    DemoAccount(
        "ed.nurse@demo.test",
        "Owen Callister",
        "NOBLES",
        (Role.PRACTITIONER,),
        "Emergency department charge nurse",
    ),
    DemoAccount(
        "paediatric.nurse@demo.test",
        "Sian Kinrade",
        "NOBLES",
        (Role.PRACTITIONER,),
        "Paediatric staff nurse",
    ),
    DemoAccount(
        "detective@demo.test",
        "Liam Faragher",
        "IMC",
        (Role.PRACTITIONER,),
        "Detective constable, public protection unit",
    ),
    DemoAccount(
        "constable@demo.test", "Jess Cain", "IMC", (Role.PRACTITIONER,), "Response constable"
    ),
    DemoAccount(
        "school.nurse@demo.test", "Megan Kermode", "DESC", (Role.PRACTITIONER,), "School nurse"
    ),
    DemoAccount(
        "social.worker@demo.test",
        "Rhys Moore",
        "MCCF",
        (Role.PRACTITIONER,),
        "Social worker, assessment team",
    ),
]


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", "demo")


def _ensure_agencies() -> dict[str, Agency]:
    existing = {agency.agency_code: agency for agency in Agency.objects.all()}
    for code, name, kind in DEMO_AGENCIES:
        agency = existing.get(code)
        if agency is None:
            existing[code] = agency_create(code=code, name=name, kind=kind, by=None)
        elif (agency.name, agency.kind, agency.is_active) != (name, kind, True):
            agency_update(agency=agency, by=None, name=name, kind=kind, is_active=True)
    return existing


def _ensure_account(account: DemoAccount, agencies: dict[str, Agency], password: str) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is None:
        # The demo password is deliberately simple, so the validators are skipped here only.
        user = user_create(
            email=account.email,
            full_name=account.full_name,
            agency=agencies[account.agency_code],
            roles=list(account.roles),
            password=password,
            is_demo=True,
            validate=False,
        )
    else:
        user.full_name, user.agency = account.full_name, agencies[account.agency_code]
        user.is_active, user.is_demo = True, True
        user.set_password(password)
        user.save()
        UserRole.objects.filter(user=user).exclude(role__in=account.roles).delete()
        for role in account.roles:
            UserRole.objects.get_or_create(user=user, role=role)
    if user.job_title != account.job_title:
        user.job_title = account.job_title
        user.save(update_fields=["job_title"])
    return user


@transaction.atomic
def demo_load() -> list[DemoAccount]:
    """Create or refresh the demo board's agencies and people, and return the sign-ins to print
    (the workforce is made too). Safe to run again: nothing is duplicated."""
    agencies = _ensure_agencies()
    password = demo_password()
    accounts = [*DEMO_ACCOUNTS, *DEMO_WORKFORCE]
    for account in accounts:
        _ensure_account(account, agencies, password)
    audit_log(actor=None, verb="demo.loaded", detail={"accounts": len(accounts)})
    return DEMO_ACCOUNTS


@transaction.atomic
def demo_remove() -> int:
    """Stop demo accounts from signing in and mark them removed (history in the audit trail is
    kept, so accounts are deactivated and renamed rather than deleted)."""
    demo_users = User.objects.filter(is_demo=True) | User.objects.filter(
        email__iendswith="@" + DEMO_DOMAIN
    )
    count = 0
    for user in demo_users.distinct():
        user.is_active, user.is_demo = False, False
        user.email = f"removed-{user.code}@removed.invalid"
        user.set_unusable_password()
        user.save()
        count += 1
    audit_log(actor=None, verb="demo.removed", detail={"accounts": count})
    return count
