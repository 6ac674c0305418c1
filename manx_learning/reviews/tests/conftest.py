from datetime import date

import pytest

from manx_learning.accounts.models import Agency
from manx_learning.reviews import services
from manx_learning.reviews.models import Review, Subject


@pytest.fixture
def referral(police_lead, police: Agency, health: Agency) -> Review:
    """A referral made by the police agency lead, involving police and health."""
    return services.review_refer(
        by=police_lead,
        title="Child J",
        referral_date=date(2026, 3, 2),
        referrer_name="DI Lee Police",
        referral_source="Police rapid review",
        harm="seriously_harmed",
        abuse_neglect="suspected",
        concern="Information about repeated ED attendances was not shared with children's services.",
        agencies=[police, health],
        subjects=[{"pseudonym": "Child J", "age_band": "10_15", "category": "young_person"}],
        parallel=[{"kind": "police_investigation", "detail": "Exploitation enquiry"}],
        incident_date=date(2026, 2, 14),
    )


@pytest.fixture
def subject(referral: Review) -> Subject:
    return referral.subjects.get()


@pytest.fixture
def gathering_review(referral: Review, business_unit_officer, panel_chair, reviewer) -> Review:
    """The referral decided as an SCMR, commissioned, with `reviewer` assigned."""
    services.decision_record(
        review=referral,
        by=panel_chair,
        outcome="scmr",
        rationale="Criteria met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    services.terms_save(
        review=referral,
        by=business_unit_officer,
        scope_start=date(2025, 1, 1),
        scope_end=date(2025, 12, 31),
        lines_of_enquiry="How was information shared?",
        methodology="systems",
        reviewer_independence="Off-island.",
        family_involvement="planned",
        family_involvement_detail="The reviewer will meet the family.",
        parallel_handling="Police consulted.",
    )
    services.reviewer_assign(review=referral, by=business_unit_officer, reviewer=reviewer)
    services.review_commission(
        review=referral, by=business_unit_officer, commissioned_on=date(2026, 4, 1)
    )
    referral.refresh_from_db()
    return referral
