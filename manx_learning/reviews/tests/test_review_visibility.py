"""Who sees a review: by role, by agency and by assignment."""

import pytest

from manx_learning.accounts.models import Agency, Role
from manx_learning.accounts.tests.factories import make_person
from manx_learning.reviews import access, services
from manx_learning.reviews.selectors import reviews_visible_to


@pytest.fixture
def probation_lead(db):
    probation = Agency.objects.create(agency_code="PROB", name="Probation", kind="probation")
    return make_person("lead@probation.example.im", probation, Role.AGENCY_LEAD)


EXPECTED = {
    "business_unit_officer": True,
    "panel_chair": True,
    "board_member": False,  # board members see reviews once they reach approval
    "reviewer": False,  # until assigned
    "police_lead": True,  # referred it, and police are involved
    "health_lead": True,  # health is involved
    "data_officer": False,
    "practitioner": False,
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_sees_a_referral_only_when_it_should(personas, referral, persona):
    user = personas[persona]
    assert (referral in reviews_visible_to(user=user)) is EXPECTED[persona]
    assert access.can_view_review(user, referral) is EXPECTED[persona]


def test_an_agency_not_involved_sees_nothing(referral, probation_lead):
    assert not reviews_visible_to(user=probation_lead).exists()
    assert not access.can_view_review(probation_lead, referral)


def test_an_agency_asked_for_a_summary_can_then_see_it(
    referral, probation_lead, business_unit_officer
):
    services.requests_send(
        review=referral, by=business_unit_officer, kind="summary", agencies=[probation_lead.agency]
    )
    assert referral in reviews_visible_to(user=probation_lead)


def test_a_reviewer_sees_only_reviews_assigned_to_them(referral, reviewer, business_unit_officer):
    services.reviewer_assign(review=referral, by=business_unit_officer, reviewer=reviewer)
    assert list(reviews_visible_to(user=reviewer)) == [referral]
    assert access.can_view_register(reviewer, referral)


def test_only_the_business_unit_and_assigned_reviewers_see_the_register(personas, referral):
    allowed = {name for name, user in personas.items() if access.can_view_register(user, referral)}
    assert allowed == {"business_unit_officer"}


def test_a_practitioner_sees_their_own_referral(practitioner, police, health):
    from datetime import date

    review = services.review_refer(
        by=practitioner,
        title="Child Q",
        referral_date=date(2026, 1, 5),
        referrer_name="Pip",
        referral_source="Frontline",
        harm="seriously_harmed",
        abuse_neglect="suspected",
        concern="...",
        agencies=[police],
        subjects=[{"pseudonym": "Child Q", "age_band": "1_4", "category": "child"}],
    )
    assert list(reviews_visible_to(user=practitioner)) == [review]
