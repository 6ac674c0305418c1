"""Fixtures for every test, and those the tests of more than one app share: one persona per
role with agency leads of two agencies, a referral and its next stages, the dataset's catalogue.

A fixture only one app's tests use lives in that app's tests/conftest.py; plain helpers and
constants (make_person, PASSWORD...) live in a tests/factories.py, imported from there, never
from a conftest (tests/test_test_layout.py keeps it so). Passwords are set directly, with the
fast hasher (the validators are tested separately), so tests stay fast."""

from datetime import date

import pytest

from manx_learning.accounts.models import Agency, AgencyKind, Role, User
from manx_learning.accounts.tests.factories import make_person
from manx_learning.actions.models import Recommendation
from manx_learning.dataset.tests.factories import indicator
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.models import Review
from manx_learning.reviews.tests.factories import commission


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }


# --- accounts: agencies and one persona per role ------------------------------------------


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


# --- reviews: a referral and the stages after it, used by the reviews and actions tests ---


@pytest.fixture
def referral(police_lead, police: Agency, health: Agency) -> Review:
    """A referral made by the police agency lead, involving police and health."""
    return reviews_services.review_refer(
        by=police_lead,
        title="Child J",
        referral_date=date(2026, 3, 2),
        referrer_name="DI Lee Police",
        referral_source="Police rapid review",
        harm="seriously_harmed",
        abuse_neglect="suspected",
        concern=(
            "Information about repeated ED attendances was not shared with children's services."
        ),
        agencies=[police, health],
        subjects=[{"pseudonym": "Child J", "age_band": "10_15", "category": "young_person"}],
        parallel=[{"kind": "police_investigation", "detail": "Exploitation enquiry"}],
        incident_date=date(2026, 2, 14),
    )


@pytest.fixture
def gathering(referral, business_unit_officer, panel_chair, reviewer) -> Review:
    """Commissioned, with `reviewer` assigned: gathering information."""
    reviews_services.decision_record(
        review=referral,
        by=panel_chair,
        outcome="scmr",
        rationale="Criteria met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    commission(referral, business_unit_officer, reviewer)
    referral.refresh_from_db()
    return referral


@pytest.fixture
def analysis(gathering, reviewer) -> Review:
    """At findings and recommendations."""
    reviews_services.analysis_start(review=gathering, by=reviewer)
    gathering.refresh_from_db()
    return gathering


@pytest.fixture
def recommendation(analysis, reviewer, police) -> Recommendation:
    """Recommendation 1, addressed to the police."""
    return reviews_services.recommendation_add(
        review=analysis,
        by=reviewer,
        text="Share intelligence about exploitation with children's services.",
        to_board=False,
        agencies=[police],
        findings=[],
        themes=[],
        smart_outcome="Every exploitation referral reaches children's services within a day",
        smart_measure="Quarterly audit of 10 referrals",
        smart_owner="Head of public protection",
        smart_timescale="By June 2027",
    )


# --- dataset: used by its own tests and by the data-return journey ------------------------


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
