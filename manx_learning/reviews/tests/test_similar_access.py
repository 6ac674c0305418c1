"""Earlier recommendations shown while writing: a reviewer searches the whole register only on a
review they are writing, and matches from reviews they may not open name no review or child.
(An unassigned reviewer could read the whole register through /recommendations/similar/.)"""

from datetime import date

import pytest

from manx_learning.reviews import services
from manx_learning.reviews.tests.factories import commission

WORDING = "Share intelligence about exploitation with children's services."


@pytest.fixture
def second_review(police_lead, police, health, panel_chair, business_unit_officer, other_reviewer):
    """Another review, with `other_reviewer` assigned, at findings and recommendations."""
    review = services.review_refer(
        by=police_lead,
        title="Young person K",
        referral_date=date(2026, 3, 9),
        referrer_name="DS Kay",
        referral_source="Police",
        harm="seriously_harmed",
        abuse_neglect="suspected",
        concern="Exploitation concerns were not passed on.",
        agencies=[police, health],
        subjects=[{"pseudonym": "Young person K", "age_band": "10_15", "category": "young_person"}],
    )
    services.decision_record(
        review=review,
        by=panel_chair,
        outcome="scmr",
        rationale="Criteria met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    commission(review, business_unit_officer, other_reviewer)
    services.analysis_start(review=review, by=other_reviewer)
    return review


def test_an_unassigned_reviewer_reads_nothing_of_the_register_through_the_fragment(
    client, recommendation, other_reviewer
):
    client.force_login(other_reviewer)
    html = client.get("/recommendations/similar/", {"text": WORDING}).content.decode()
    assert "Share intelligence" not in html and "Child J" not in html


def test_a_reviewer_writing_sees_earlier_wording_without_the_other_reviews_child(
    client, recommendation, second_review, other_reviewer
):
    client.force_login(other_reviewer)
    response = client.post(
        f"/reviews/{second_review.code}/recommendations/add/", {"text": WORDING, "check": "1"}
    )
    html = response.content.decode()
    assert "Previously identified" in html and "Share intelligence about exploitation" in html
    assert "An earlier case review" in html
    assert "Child J" not in html and recommendation.review.reference not in html
    assert f"/recommendations/{recommendation.code}/" not in html


def test_the_business_unit_sees_the_earlier_review_named(
    client, recommendation, second_review, business_unit_officer
):
    client.force_login(business_unit_officer)
    response = client.post(
        f"/reviews/{second_review.code}/recommendations/add/", {"text": WORDING, "check": "1"}
    )
    assert "Child J" in response.content.decode()
