"""Reviews and briefings put evidence into the register themselves, with a link back."""

from datetime import date

import pytest
from django.urls import reverse

from manx_learning.assurance.models import Evidence
from manx_learning.assurance.services import evidence_for_origin
from manx_learning.briefings import services as briefing_services
from manx_learning.core.models import AuditEvent
from manx_learning.reviews import services as reviews
from manx_learning.vocabulary.models import EvidenceSource, Theme


@pytest.fixture
def approved_review(
    police_lead, police, health, business_unit_officer, panel_chair, reviewer, board_member
):
    review = reviews.review_refer(
        by=police_lead,
        title="Child Q",
        referral_date=date(2026, 3, 2),
        referrer_name="DI Lee",
        referral_source="Police",
        harm="seriously_harmed",
        abuse_neglect="suspected",
        concern="Neglect was not recognised.",
        agencies=[police, health],
        subjects=[{"pseudonym": "Child Q", "age_band": "10_15", "category": "young_person"}],
    )
    reviews.decision_record(
        review=review,
        by=panel_chair,
        outcome="scmr",
        rationale="Met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    reviews.terms_save(
        review=review,
        by=business_unit_officer,
        scope_start=date(2025, 1, 1),
        scope_end=date(2025, 12, 31),
        lines_of_enquiry="How?",
        methodology="systems",
        reviewer_independence="Off-island.",
        family_involvement="planned",
        family_involvement_detail="Met the family.",
        parallel_handling="None.",
    )
    reviews.reviewer_assign(review=review, by=business_unit_officer, reviewer=reviewer)
    reviews.review_commission(
        review=review, by=business_unit_officer, commissioned_on=date(2026, 4, 1)
    )
    reviews.analysis_start(review=review, by=reviewer)
    theme = Theme.objects.get_or_create(name="Neglect")[0]
    finding = reviews.finding_add(
        review=review,
        by=reviewer,
        kind="learning",
        title="Neglect seen as poverty",
        text="...",
        themes=[theme],
        agencies=[health],
    )
    reviews.finding_add(
        review=review,
        by=reviewer,
        kind="good_practice",
        title="Health visitor persisted",
        text="...",
        themes=[theme],
        agencies=[health],
    )
    reviews.recommendation_add(
        review=review,
        by=reviewer,
        text="Use the graded care profile.",
        to_board=False,
        agencies=[health],
        findings=[finding],
        themes=[theme],
        smart_outcome="o",
        smart_measure="m",
        smart_owner="w",
        smart_timescale="t",
    )
    reviews.report_version_add(review=review, by=reviewer, kind="final", text="Report.")
    reviews.review_submit_for_approval(review=review, by=reviewer, submitted_on=date(2026, 8, 28))
    reviews.panel_sign_off(review=review, by=panel_chair, signed_on=date(2026, 9, 1))
    reviews.board_approve(
        review=review, by=board_member, approved_on=date(2026, 9, 10), publication="full"
    )
    return review


def test_an_approved_review_becomes_local_review_evidence(approved_review):
    evidence = evidence_for_origin(approved_review)
    assert evidence.source == EvidenceSource.LOCAL_REVIEW and evidence.is_automatic
    assert "Learning: Neglect seen as poverty." in evidence.summary
    assert "Good practice: Health visitor persisted." in evidence.summary
    assert evidence.dated == date(2026, 9, 10)
    assert evidence.link_url == reverse("reviews:detail", args=[approved_review.code])
    assert [t.name for t in evidence.themes.all()] == ["Neglect"]
    assert evidence.agencies.count() == 2


@pytest.fixture
def sent_briefing(business_unit_officer, police, approved_review):
    briefing = briefing_services.briefing_draft_from_review(approved_review, business_unit_officer)
    briefing_services.briefing_send(
        briefing=briefing,
        by=business_unit_officer,
        agencies=[police],
        roles=["practitioner", "agency_lead"],
    )
    return briefing


def test_the_reach_page_records_reach_as_evidence(client, business_unit_officer, sent_briefing):
    client.force_login(business_unit_officer)
    page = client.get(reverse("briefings:briefing-reach", args=[sent_briefing.code]))
    assert "Record reach as QA evidence" in page.content.decode()
    response = client.post(reverse("assurance:briefing-reach-record", args=[sent_briefing.code]))
    evidence = evidence_for_origin(sent_briefing)
    assert response.url == reverse("assurance:evidence-detail", args=[evidence.code])
    assert evidence.source == EvidenceSource.LOCAL_REVIEW
    assert "Isle of Man Constabulary: reached 1, acknowledged 0 (0%)" in evidence.summary
    assert "0 of 1 agencies acted on it" in evidence.summary


def test_reach_evidence_refreshes_on_each_acknowledgement(
    client, business_unit_officer, practitioner, police_lead, sent_briefing
):
    briefing_services.briefing_acknowledge(
        briefing=sent_briefing, by=practitioner, answers=["a", "b", "c"]
    )
    assert evidence_for_origin(sent_briefing) is None  # nobody chose to record it yet
    client.force_login(business_unit_officer)
    client.post(reverse("assurance:briefing-reach-record", args=[sent_briefing.code]))
    briefing_services.change_return_save(briefing=sent_briefing, by=police_lead, changes="New tool")
    evidence = evidence_for_origin(sent_briefing)
    assert "acknowledged 1 (50%)" in evidence.summary
    assert "returned what it will change" in evidence.summary
    assert Evidence.objects.filter(title__startswith="Briefing reach").count() == 1
    assert AuditEvent.objects.filter(verb="evidence.refreshed").exists()


def test_only_the_business_unit_records_reach(client, board_member, sent_briefing):
    client.force_login(board_member)
    page = client.get(reverse("briefings:briefing-reach", args=[sent_briefing.code]))
    assert "Record reach as QA evidence" not in page.content.decode()
    url = reverse("assurance:briefing-reach-record", args=[sent_briefing.code])
    assert client.post(url).status_code == 403
