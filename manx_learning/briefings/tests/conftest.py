"""A review with a register, findings and recommendations, and briefings made from it, for the
briefing tests; uploads go to a temporary folder."""

from datetime import date

import pytest

from manx_learning.actions.models import Recommendation
from manx_learning.briefings import services
from manx_learning.reviews.models import (
    Finding,
    RegisterIdentifier,
    RegisterPerson,
    Review,
    Subject,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def briefing_review(police_lead, police, health) -> Review:
    """A review whose concern and findings mention real names by mistake."""
    review = Review.objects.create(
        reference="SCMR-2026-01",
        title="Child A",
        kind="scmr",
        referring_agency=police,
        referred_by=police_lead,
        referrer_name="DI Lee Police",
        referral_source="Police rapid review",
        harm="seriously_harmed",
        abuse_neglect="suspected",
        concern="Jayden's repeated hospital visits were not shared with children's services.",
        referral_date=date(2026, 3, 2),
    )
    review.agencies.set([police, health])
    Subject.objects.create(review=review, pseudonym="Child A", age_band="5_9", category="child")
    RegisterPerson.objects.create(review=review, pseudonym="Child A", names=["Jayden Kinrade"])
    RegisterPerson.objects.create(review=review, pseudonym="Mother", names=["Leanne Kinrade"])
    RegisterIdentifier.objects.create(
        review=review, replacement="[school]", values=["Ballacottier Primary School"]
    )
    Finding.objects.create(
        review=review,
        kind="learning",
        title="Information was not shared",
        text="Leanne Kinrade told the GP about bruising but no referral was made.",
    )
    Finding.objects.create(
        review=review,
        kind="good_practice",
        title="The school nurse persisted",
        text="Staff at Ballacottier Primary School followed up every missed appointment.",
    )
    Recommendation.objects.create(
        source_kind="review",
        review=review,
        source_year=2026,
        number=1,
        text="Agencies should share concerns about repeated injuries within one working day.",
        smart_outcome="Concerns shared quickly",
        smart_measure="Audit of referrals",
        smart_owner="Manx Care",
        smart_timescale="6 months",
    )
    return review


@pytest.fixture
def briefing(briefing_review, business_unit_officer):
    return services.briefing_draft_from_review(briefing_review, business_unit_officer)


@pytest.fixture
def sent_briefing(briefing, business_unit_officer, police, health):
    """Sent to practitioners and agency leads of the police and health."""
    services.briefing_send(
        briefing=briefing,
        by=business_unit_officer,
        agencies=[police, health],
        roles=["practitioner", "agency_lead"],
    )
    return briefing
