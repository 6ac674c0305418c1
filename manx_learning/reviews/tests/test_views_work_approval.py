"""The Panel signs the report off, then the Board approves it and decides on publication."""

from datetime import date

from django.urls import reverse

from manx_learning.reviews import services
from manx_learning.reviews.models import Stage


def _url(name, review):
    return reverse(f"reviews:{name}", args=[review.code])


def test_the_panel_signs_off_then_the_board_approves_a_summary_with_reasons(
    client, approval, panel_chair, board_member
):
    client.force_login(panel_chair)
    page = client.get(_url("sign-off", approval)).content.decode()
    assert "Download the reviewer's final report (version 1)" in page
    assert "The school nurse persisted" in page
    response = client.post(_url("sign-off", approval), {"signed_on": "1/9/2026"})
    assert response.status_code == 302
    assert approval.approval.panel_signed_off_on == date(2026, 9, 1)

    client.force_login(board_member)
    response = client.post(
        _url("approve", approval), {"approved_on": "10/9/2026", "publication": "summary"}
    )
    assert "Enter the reasons for not publishing the report in full" in response.content.decode()
    approval.refresh_from_db()
    assert approval.stage == Stage.APPROVAL

    response = client.post(
        _url("approve", approval),
        {"approved_on": "10/9/2026", "publication": "summary", "reasons": "A trial is pending."},
    )
    assert response.status_code == 302
    approval.refresh_from_db()
    assert approval.stage == Stage.APPROVED
    assert approval.approval.publication == "summary"
    assert approval.approval.publication_reasons == "A trial is pending."


def test_the_board_cannot_approve_before_the_panel_signs_off(client, approval, board_member):
    client.force_login(board_member)
    page = client.get(_url("approve", approval)).content.decode()
    assert "The SCMR Panel has not signed the report off yet" in page
    response = client.post(
        _url("approve", approval), {"approved_on": "10/9/2026", "publication": "full"}
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The SCMR Panel must sign the report off before the Board approves it" in html
    approval.refresh_from_db()
    assert approval.stage == Stage.APPROVAL


def test_the_approval_needs_a_date_and_a_publication_decision(client, approval, board_member):
    client.force_login(board_member)
    html = client.post(_url("approve", approval), {"approved_on": ""}).content.decode()
    assert "Enter the date the Board approved the report" in html
    assert "Choose how the report will be published" in html


def test_signing_off_before_submission_is_explained(client, analysis, panel_chair):
    client.force_login(panel_chair)
    response = client.post(_url("sign-off", analysis), {"signed_on": "1/9/2026"})
    assert "This can only be done while the review is at: awaiting approval" in (
        response.content.decode()
    )


def test_only_panel_members_sign_off_and_only_board_members_approve(
    client, approval, panel_chair, board_member, reviewer, business_unit_officer
):
    for person in (board_member, reviewer, business_unit_officer):
        client.force_login(person)
        assert client.get(_url("sign-off", approval)).status_code == 403
    for person in (panel_chair, reviewer, business_unit_officer):
        client.force_login(person)
        assert client.get(_url("approve", approval)).status_code == 403


def test_the_review_page_shows_the_sign_off_and_the_publication_decision(
    client, approval, panel_chair, board_member, business_unit_officer
):
    detail = reverse("reviews:detail", args=[approval.code])
    client.force_login(business_unit_officer)
    html = client.get(detail).content.decode()
    assert "Sign-off and approval" in html
    assert "Not signed off yet" in html and "Not approved yet" in html

    services.panel_sign_off(review=approval, by=panel_chair, signed_on=date(2026, 9, 1))
    services.board_approve(
        review=approval,
        by=board_member,
        approved_on=date(2026, 9, 10),
        publication="summary",
        reasons="The family asked for the details to stay private.",
    )
    html = client.get(detail).content.decode()
    assert "1 September 2026, by Pat Panel" in html
    assert "10 September 2026, by Bo Board" in html
    assert "Publish a summary only" in html
    assert "The family asked for the details to stay private." in html
