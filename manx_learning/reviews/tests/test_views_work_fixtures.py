"""Reviews moved to each stage through the services, shared by the work pages' tests
(`test_views_work_*.py` import the fixtures they need from here; each is named with
`name=` so that a test's argument does not shadow the imported function)."""

from datetime import date

import pytest

from manx_learning.accounts.models import Role
from manx_learning.accounts.tests.factories import make_person
from manx_learning.actions.models import Recommendation
from manx_learning.reviews import services
from manx_learning.reviews.models import Review
from manx_learning.reviews.tests.factories import commission as _commission


@pytest.fixture(name="other_reviewer")
def fixture_other_reviewer(board_unit):
    """A reviewer who is not assigned to the review."""
    return make_person("other.reviewer@example.im", board_unit, Role.REVIEWER, name="Ola Other")


@pytest.fixture(name="gathering")
def fixture_gathering(referral, business_unit_officer, panel_chair, reviewer) -> Review:
    """Commissioned, with `reviewer` assigned: gathering information."""
    services.decision_record(
        review=referral,
        by=panel_chair,
        outcome="scmr",
        rationale="Criteria met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    _commission(referral, business_unit_officer, reviewer)
    referral.refresh_from_db()
    return referral


@pytest.fixture(name="analysis")
def fixture_analysis(gathering, reviewer) -> Review:
    """At findings and recommendations."""
    services.analysis_start(review=gathering, by=reviewer)
    gathering.refresh_from_db()
    return gathering


@pytest.fixture(name="recommendation")
def fixture_recommendation(analysis, reviewer, police) -> Recommendation:
    """Recommendation 1, addressed to the police."""
    return services.recommendation_add(
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


@pytest.fixture(name="approval")
def fixture_approval(analysis, reviewer, health) -> Review:
    """Submitted for approval, with a good-practice finding and the final report."""
    services.finding_add(
        review=analysis,
        by=reviewer,
        kind="good_practice",
        title="The school nurse persisted",
        text="She followed up every missed appointment.",
        themes=[],
        agencies=[health],
    )
    services.report_version_add(review=analysis, by=reviewer, kind="final", text="Final report.")
    services.review_submit_for_approval(
        review=analysis, by=reviewer, submitted_on=date(2026, 8, 28)
    )
    analysis.refresh_from_db()
    return analysis
