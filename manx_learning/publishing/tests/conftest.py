"""A review taken to Board approval with a register and a final report (`factories.REPORT`),
and anonymiser runs on it, for the publishing tests; uploads go to a temporary folder."""

from datetime import date

import pytest

from manx_learning.accounts.models import Role
from manx_learning.accounts.tests.factories import make_person
from manx_learning.publishing import services
from manx_learning.publishing.tests.factories import REPORT, approve
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.models import Review
from manx_learning.reviews.tests.factories import commission


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def second_reviewer(board_unit):
    return make_person("second@example.im", board_unit, Role.REVIEWER, name="Sam Second")


@pytest.fixture
def gate_review(
    police_lead, police, health, business_unit_officer, panel_chair, reviewer, second_reviewer
) -> Review:
    """At approval: a register, a good-practice finding and the final report, two reviewers."""
    review = reviews_services.review_refer(
        by=police_lead,
        title="Child A",
        referral_date=date(2026, 3, 2),
        referrer_name="DI Lee Police",
        referral_source="Police rapid review",
        harm="seriously_harmed",
        abuse_neglect="suspected",
        concern="Information was not shared with children's services.",
        agencies=[police, health],
        subjects=[{"pseudonym": "Child A", "age_band": "5_9", "category": "child"}],
        parallel=[],
        incident_date=date(2026, 2, 14),
    )
    reviews_services.decision_record(
        review=review,
        by=panel_chair,
        outcome="scmr",
        rationale="Criteria met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    commission(review, business_unit_officer, reviewer)
    reviews_services.reviewer_assign(
        review=review, by=business_unit_officer, reviewer=second_reviewer
    )
    reviews_services.analysis_start(review=review, by=reviewer)
    add = {"review": review, "by": reviewer}
    reviews_services.register_person_add(**add, pseudonym="Child A", names=["Jayden Kinrade"])
    reviews_services.register_person_add(**add, pseudonym="Mother", names=["Leanne Kinrade"])
    reviews_services.register_identifier_add(
        **add, replacement="[address]", values=["14 Ballabrooie Drive, Douglas"]
    )
    reviews_services.register_identifier_add(
        **add, replacement="[school]", values=["Ballacottier Primary School"]
    )
    reviews_services.finding_add(
        **add,
        kind="good_practice",
        title="The school nurse persisted",
        text="She followed up every missed appointment.",
        themes=[],
        agencies=[health],
    )
    reviews_services.report_version_add(**add, kind="final", text=REPORT)
    reviews_services.review_submit_for_approval(**add, submitted_on=date(2026, 8, 28))
    review.refresh_from_db()
    return review


@pytest.fixture
def approved_review(gate_review, panel_chair, board_member) -> Review:
    """Signed off by the Panel and approved by the Board for publication in full: the stage at
    which it may be anonymised."""
    return approve(gate_review, panel_chair, board_member)


@pytest.fixture
def run(approved_review, reviewer):
    """The anonymiser run by `reviewer` on the final report (in this process: the worker's
    path is tested in test_gate_worker.py)."""
    version = services.latest_final_version(approved_review)
    return services.anonymisation_run(version=version, by=reviewer)


@pytest.fixture
def clean_run(approved_review, reviewer, second_reviewer):
    """Every detection decided and approved by a second person, on an approved review."""
    version = services.latest_final_version(approved_review)
    run = services.anonymisation_run(version=version, by=reviewer)
    for index in services.undecided_spans(run):
        services.span_decide(run, index, "accept", reviewer)
    return services.run_approve(run, second_reviewer)
