"""A referral taken through every stage by the people who own each step."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from manx_learning.core.models import AuditEvent
from manx_learning.reviews import services
from manx_learning.reviews.models import Review, Stage, StageChange
from manx_learning.reviews.tests.factories import commission as _commission
from manx_learning.vocabulary.models import Theme


def test_a_referral_goes_from_screening_to_approval(
    referral,
    business_unit_officer,
    panel_chair,
    board_member,
    reviewer,
    police_lead,
    police,
    health,
):
    officer = business_unit_officer
    assert referral.reference == "REF-2026-001"
    assert referral.stage == Stage.REFERRAL

    requests = services.requests_send(
        review=referral, by=officer, kind="summary", agencies=[police, health]
    )
    referral.refresh_from_db()
    assert referral.stage == Stage.SCREENING
    police_request = next(r for r in requests if r.agency == police)
    services.request_submit(request=police_request, by=police_lead, text="Three contacts in 2025.")

    services.screening_record(
        review=referral,
        by=officer,
        serious_harm=True,
        abuse_or_neglect=True,
        interagency_concern=True,
        recommendation="scmr",
        rationale="All three criteria are met.",
    )
    services.decision_record(
        review=referral,
        by=panel_chair,
        outcome="scmr",
        rationale="Criteria met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    referral.refresh_from_db()
    assert (referral.stage, referral.kind, referral.mandate) == (
        Stage.COMMISSIONING,
        "scmr",
        "mandatory",
    )

    _commission(referral, officer, reviewer)
    referral.refresh_from_db()
    assert referral.stage == Stage.GATHERING
    assert referral.target_completion_date == date(2026, 10, 1)  # six months

    services.analysis_start(review=referral, by=reviewer)
    theme = Theme.objects.create(name="Reachable moments")
    good = services.finding_add(
        review=referral,
        by=reviewer,
        kind="good_practice",
        title="School nurse persisted",
        text="...",
        themes=[theme],
        agencies=[health],
    )
    services.recommendation_add(
        review=referral,
        by=reviewer,
        text="Share ED attendances with children's services.",
        to_board=False,
        agencies=[health],
        findings=[good],
        themes=[theme],
        smart_outcome="Every ED attendance of a child known to CSC is shared within 24 hours",
        smart_measure="Monthly audit of 20 attendances",
        smart_owner="Named nurse",
        smart_timescale="By March 2027",
    )
    services.report_version_add(
        review=referral, by=reviewer, kind="final", text="The final report."
    )
    services.review_submit_for_approval(
        review=referral, by=reviewer, submitted_on=date(2026, 8, 28)
    )
    services.panel_sign_off(review=referral, by=panel_chair, signed_on=date(2026, 9, 1))
    services.board_approve(
        review=referral,
        by=board_member,
        approved_on=date(2026, 9, 10),
        publication="full",
        # Health never sent its screening summary (requested above).
        outstanding_reasons="Health's summary was covered at the learning event.",
    )
    referral.refresh_from_db()
    assert referral.stage == Stage.APPROVED
    assert referral.approval_date == date(2026, 9, 10)
    stages = list(StageChange.objects.filter(review=referral).values_list("to_stage", flat=True))
    assert stages == [
        "referral",
        "screening",
        "decision",
        "commissioning",
        "gathering",
        "analysis",
        "approval",
        "approved",
    ]
    assert AuditEvent.objects.filter(verb="review.stage_changed").count() == 7


def test_a_decision_needs_a_rationale(referral, panel_chair):
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            review=referral,
            by=panel_chair,
            outcome="scmr",
            rationale=" ",
            decided_by="SCMR Panel",
            decided_on=date(2026, 3, 20),
        )
    assert "rationale" in error.value.message_dict


def test_no_review_still_records_how_learning_will_be_captured(referral, panel_chair):
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            review=referral,
            by=panel_chair,
            outcome="no_review",
            rationale="Single-agency issue.",
            decided_by="SCMR Panel",
            decided_on=date(2026, 3, 20),
        )
    assert "alternative_learning" in error.value.message_dict
    services.decision_record(
        review=referral,
        by=panel_chair,
        outcome="no_review",
        rationale="Single-agency issue.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
        alternative_learning="Health to run a learning event and share a 7-minute briefing.",
    )
    referral.refresh_from_db()
    assert referral.stage == Stage.NO_REVIEW


def test_only_the_panel_or_business_unit_decides(referral, police_lead):
    with pytest.raises(PermissionDenied):
        services.decision_record(
            review=referral,
            by=police_lead,
            outcome="scmr",
            rationale="x",
            decided_by="me",
            decided_on=date(2026, 3, 20),
        )


def test_it_will_not_commission_without_terms_of_reference(
    referral, business_unit_officer, panel_chair
):
    services.decision_record(
        review=referral,
        by=panel_chair,
        outcome="other_review",
        review_kind="learning_review",
        rationale="Rapid learning review is proportionate.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    with pytest.raises(ValidationError, match="the scope period, the key lines of enquiry"):
        services.review_commission(
            review=referral, by=business_unit_officer, commissioned_on=date(2026, 4, 1)
        )


def test_submission_needs_good_practice_or_a_statement_why_none(
    referral, business_unit_officer, panel_chair, reviewer, health
):
    services.decision_record(
        review=referral,
        by=panel_chair,
        outcome="scmr",
        rationale="Criteria met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    _commission(referral, business_unit_officer, reviewer)
    services.analysis_start(review=referral, by=reviewer)
    services.finding_add(
        review=referral,
        by=reviewer,
        kind="learning",
        title="Attendances not shared",
        text="...",
        themes=[],
        agencies=[health],
    )
    services.report_version_add(review=referral, by=reviewer, kind="final", text="Report")
    with pytest.raises(ValidationError, match="good-practice finding"):
        services.review_submit_for_approval(review=referral, by=reviewer)
    services.good_practice_statement_save(
        review=referral, by=reviewer, reason="Agencies' records showed no practice to build on."
    )
    services.review_submit_for_approval(review=referral, by=reviewer)
    referral.refresh_from_db()
    assert referral.stage == Stage.APPROVAL


def test_the_board_approves_only_after_panel_sign_off_and_with_reasons_for_not_publishing(
    referral, business_unit_officer, panel_chair, board_member, reviewer, health
):
    services.decision_record(
        review=referral,
        by=panel_chair,
        outcome="scmr",
        rationale="Criteria met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    _commission(referral, business_unit_officer, reviewer)
    services.analysis_start(review=referral, by=reviewer)
    services.finding_add(
        review=referral,
        by=reviewer,
        kind="good_practice",
        title="GP followed up",
        text="...",
        themes=[],
        agencies=[health],
    )
    services.report_version_add(review=referral, by=reviewer, kind="final", text="Report")
    services.review_submit_for_approval(
        review=referral, by=reviewer, submitted_on=date(2026, 8, 28)
    )
    approve = {"review": referral, "by": board_member, "approved_on": date(2026, 9, 10)}
    with pytest.raises(ValidationError, match="Panel must sign the report off"):
        services.board_approve(**approve, publication="full")
    services.panel_sign_off(review=referral, by=panel_chair, signed_on=date(2026, 9, 1))
    with pytest.raises(ValidationError) as error:
        services.board_approve(**approve, publication="summary")
    assert "reasons" in error.value.message_dict
    services.board_approve(**approve, publication="summary", reasons="A trial is pending.")
    assert Review.objects.get(pk=referral.pk).stage == Stage.APPROVED


def test_the_register_exports_in_the_anonymiser_format(
    referral, business_unit_officer, police_lead
):
    services.register_person_add(
        review=referral,
        by=business_unit_officer,
        pseudonym="Child J",
        names=["Jayden Kinrade", "Jay", " jay "],
    )
    services.register_identifier_add(
        review=referral,
        by=business_unit_officer,
        replacement="[school]",
        values=["Ballacottier Primary School"],
    )
    exported = services.register_export(review=referral, by=business_unit_officer)
    assert exported == {
        "case": "REF-2026-001",
        "people": [{"pseudonym": "Child J", "names": ["Jayden Kinrade", "Jay", "jay"]}],
        "identifiers": [{"replacement": "[school]", "values": ["Ballacottier Primary School"]}],
    }
    assert AuditEvent.objects.filter(verb="register.exported").exists()
    with pytest.raises(PermissionDenied):
        services.register_export(review=referral, by=police_lead)
