from datetime import timedelta

import pytest
from django.utils import timezone

from manx_learning.actions import services
from manx_learning.actions.models import Action, Recommendation


@pytest.fixture
def national(business_unit_officer, police, health) -> Recommendation:
    """A national review's recommendation the Board adopted, addressed to police and health."""
    return services.recommendation_create(
        by=business_unit_officer,
        text="Agencies should share information about children who go missing.",
        source_kind="national",
        source_title="National Panel review: missing children (2025)",
        source_year=2025,
        agencies=[police, health],
        smart_outcome="Missing episodes shared within a day",
        smart_measure="Quarterly audit",
        smart_owner="Agency leads",
        smart_timescale="By March 2027",
    )


@pytest.fixture
def police_action(national, police_lead, police) -> Action:
    return services.action_create(
        recommendation=national,
        by=police_lead,
        description="Add a missing-episode notification to the Niche workflow",
        owner_agency=police,
        lead_name="DI Lee",
        due_date=timezone.localdate() + timedelta(days=60),
        expected_outcome="Children's services told of every missing episode the next morning",
        impact_kind="retest",
        impact_measure="Dip sample of 20 missing episodes in six months",
    )
