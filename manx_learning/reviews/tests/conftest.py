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
