"""Shared personas for every test: one person per role, and agency leads of two agencies.

Passwords are set directly (the validators are tested separately) so tests stay fast."""

import pytest

from manx_learning.accounts.models import Agency, AgencyKind, Role, User
from manx_learning.accounts.tests.factories import make_person
from manx_learning.dataset.tests.factories import indicator


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }


def _agency(code: str, name: str, kind: str) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        agency_code=code, defaults={"name": name, "kind": kind}
    )
    return agency


@pytest.fixture
def board_unit(db) -> Agency:
    return _agency("SBBU", "Safeguarding Board Business Unit", AgencyKind.OTHER)


@pytest.fixture
def police(db) -> Agency:
    return _agency("IMC", "Isle of Man Constabulary", AgencyKind.POLICE)


@pytest.fixture
def health(db) -> Agency:
    return _agency("NOBLES", "Noble's Hospital", AgencyKind.HEALTH)


@pytest.fixture
def business_unit_officer(board_unit: Agency) -> User:
    return make_person("bu@example.im", board_unit, Role.BUSINESS_UNIT, name="Bea Unit")


@pytest.fixture
def panel_chair(health: Agency) -> User:
    return make_person("panel@example.im", health, Role.PANEL_MEMBER, name="Pat Panel")


@pytest.fixture
def board_member(health: Agency) -> User:
    return make_person("board@example.im", health, Role.BOARD_MEMBER, name="Bo Board")


@pytest.fixture
def reviewer(board_unit: Agency) -> User:
    return make_person("reviewer@example.im", board_unit, Role.REVIEWER, name="Rae Reviewer")


@pytest.fixture
def police_lead(police: Agency) -> User:
    return make_person("lead@police.example.im", police, Role.AGENCY_LEAD, name="Lee Police")


@pytest.fixture
def health_lead(health: Agency) -> User:
    return make_person("lead@health.example.im", health, Role.AGENCY_LEAD, name="Hal Health")


@pytest.fixture
def data_officer(police: Agency) -> User:
    return make_person("data@police.example.im", police, Role.DATA_OFFICER, name="Dee Data")


@pytest.fixture
def practitioner(police: Agency) -> User:
    return make_person("prac@police.example.im", police, Role.PRACTITIONER, name="Pip Prac")


@pytest.fixture
def personas(
    business_unit_officer: User,
    panel_chair: User,
    board_member: User,
    reviewer: User,
    police_lead: User,
    health_lead: User,
    data_officer: User,
    practitioner: User,
) -> dict[str, User]:
    return {
        "business_unit_officer": business_unit_officer,
        "panel_chair": panel_chair,
        "board_member": board_member,
        "reviewer": reviewer,
        "police_lead": police_lead,
        "health_lead": health_lead,
        "data_officer": data_officer,
        "practitioner": practitioner,
    }


# --- dataset: used by its own tests and by the data-return journey ----------------------------


@pytest.fixture
def catalogue(police, health):
    """CP-01 (monthly count), CP-02 (monthly percent), CP-03 (quarterly rate), CP-04 (annual
    days); all reported by the police, CP-01 by Noble's too."""
    items = {
        "CP-01": indicator("CP-01", owner_agency=police),
        "CP-02": indicator("CP-02", unit="percent", improvement="up", owner_agency=police),
        "CP-03": indicator("CP-03", unit="rate", frequency="quarterly", owner_agency=police),
        "CP-04": indicator("CP-04", unit="days", frequency="annual", owner_agency=police),
    }
    items["CP-01"].reporting_agencies.add(police, health)
    return items
