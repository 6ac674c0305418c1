"""Rules the services enforce whatever page or command calls them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from manx_learning.reviews import services
from manx_learning.vocabulary.models import Theme


def test_theme_names_are_unique_whatever_the_case(business_unit_officer):
    Theme.objects.create(name="Online harm")
    with pytest.raises(ValidationError, match="already a theme called ‘Online harm’"):
        services.theme_create(name="online HARM", by=business_unit_officer)


def test_a_learning_event_cannot_be_in_the_future(gathering_review, reviewer, police):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.learning_event_add(
            review=gathering_review,
            by=reviewer,
            held_on=tomorrow,
            attendees="x",
            learning="y",
            agencies=[police],
        )
    assert "held_on" in error.value.message_dict


def test_a_learning_event_needs_the_review_to_be_under_way(referral, business_unit_officer, police):
    with pytest.raises(ValidationError, match="only be done while"):
        services.learning_event_add(
            review=referral,
            by=business_unit_officer,
            held_on=date(2026, 3, 1),
            attendees="x",
            learning="y",
            agencies=[police],
        )


def test_a_report_upload_is_checked_by_its_content(gathering_review, reviewer):
    fake = SimpleUploadedFile("report.pdf", b"plain text pretending to be a PDF")
    with pytest.raises(ValidationError) as error:
        services.report_version_add(
            review=gathering_review, by=reviewer, kind="draft", document=fake
        )
    assert "PDF" in str(error.value.message_dict["document"])


def test_the_no_good_practice_statement_cannot_be_blank(gathering_review, reviewer):
    services.analysis_start(review=gathering_review, by=reviewer)
    with pytest.raises(ValidationError) as error:
        services.good_practice_statement_save(review=gathering_review, by=reviewer, reason="  ")
    assert "reason" in error.value.message_dict


def test_sign_off_and_approval_dates_must_make_sense(
    gathering_review, reviewer, panel_chair, board_member, health
):
    review = gathering_review
    services.analysis_start(review=review, by=reviewer)
    services.finding_add(
        review=review,
        by=reviewer,
        kind="good_practice",
        title="t",
        text="x",
        themes=[],
        agencies=[health],
    )
    services.report_version_add(review=review, by=reviewer, kind="final", text="Report")
    services.review_submit_for_approval(review=review, by=reviewer, submitted_on=date(2026, 8, 28))
    with pytest.raises(ValidationError, match="before it was submitted"):
        services.panel_sign_off(review=review, by=panel_chair, signed_on=date(2026, 8, 1))
    with pytest.raises(ValidationError, match="today or in the past"):
        services.panel_sign_off(
            review=review, by=panel_chair, signed_on=timezone.localdate() + timedelta(days=3)
        )
    services.panel_sign_off(review=review, by=panel_chair, signed_on=date(2026, 9, 1))
    with pytest.raises(ValidationError, match="before the Panel signed off"):
        services.board_approve(
            review=review, by=board_member, approved_on=date(2026, 8, 30), publication="full"
        )


def test_the_terms_of_reference_set_the_agencies_in_scope(
    gathering_review, business_unit_officer, police, health
):
    from manx_learning.accounts.models import Agency

    probation = Agency.objects.create(agency_code="PROB", name="Probation", kind="probation")
    services.requests_send(
        review=gathering_review, by=business_unit_officer, kind="report", agencies=[health]
    )
    services.terms_save(review=gathering_review, by=business_unit_officer, agencies=[probation])
    # Health was asked for a report, so it stays in scope alongside the agency just chosen.
    assert set(gathering_review.agencies.all()) == {probation, health}


def test_nothing_more_is_submitted_to_a_closed_review(
    referral, business_unit_officer, panel_chair, police, police_lead
):
    from manx_learning.reviews.selectors import requests_for_agency

    [request] = services.requests_send(
        review=referral, by=business_unit_officer, kind="summary", agencies=[police]
    )
    services.decision_record(
        review=referral,
        by=panel_chair,
        outcome="no_review",
        rationale="Single agency.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
        alternative_learning="A learning event in the police.",
    )
    assert not requests_for_agency(user=police_lead).exists()
    with pytest.raises(ValidationError, match="has closed"):
        services.request_submit(request=request, by=police_lead, text="Late summary")
