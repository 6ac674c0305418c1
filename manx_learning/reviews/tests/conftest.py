"""Reviews at each stage for the reviews app's tests. The referral and the stages the actions
tests share (gathering, analysis, a recommendation) are fixtures in the root conftest.py."""

from datetime import date

import pytest

from manx_learning.accounts.models import Role
from manx_learning.accounts.tests.factories import make_person
from manx_learning.reviews import services
from manx_learning.reviews.models import Review, Subject


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


@pytest.fixture
def other_reviewer(board_unit):
    """A reviewer who is not assigned to the review."""
    return make_person("other.reviewer@example.im", board_unit, Role.REVIEWER, name="Ola Other")


@pytest.fixture
def approval(analysis, reviewer, health) -> Review:
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
