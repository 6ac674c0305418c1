"""A review taken to Board approval with a register and a final report (`factories.REPORT`),
and anonymiser runs on it, for the publishing tests; uploads go to a temporary folder."""

from datetime import date

import pytest

from manx_learning.accounts.models import Role
from manx_learning.accounts.tests.factories import make_person
from manx_learning.publishing import services
from manx_learning.publishing.tests.factories import REPORT, approve, review_in_analysis
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.models import Review


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
    review = review_in_analysis(
        referrer=police_lead,
        agencies=[police, health],
        panel_chair=panel_chair,
        officer=business_unit_officer,
        reviewer=reviewer,
        child="Child A",
        names=["Jayden Kinrade"],
        school="Ballacottier Primary School",
    )
    reviews_services.reviewer_assign(
        review=review, by=business_unit_officer, reviewer=second_reviewer
    )
    add = {"review": review, "by": reviewer}
    reviews_services.register_person_add(**add, pseudonym="Mother", names=["Leanne Kinrade"])
    reviews_services.register_identifier_add(
        **add, replacement="[address]", values=["14 Ballabrooie Drive, Douglas"]
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
