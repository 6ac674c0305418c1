"""Approving with agency requests still outstanding: the Board is warned and says why; the
requests stay on the agencies' dashboards until answered or withdrawn by the business unit."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from manx_learning.core.models import AuditEvent
from manx_learning.reviews import services
from manx_learning.reviews.models import Stage

APPROVE = {"approved_on": date(2026, 9, 10), "publication": "full"}


@pytest.fixture
def requested(analysis, business_unit_officer, police, health):
    """A police report and a health chronology asked for, and never sent."""
    services.requests_send(
        review=analysis, by=business_unit_officer, kind="report", agencies=[police]
    )
    services.requests_send(
        review=analysis, by=business_unit_officer, kind="chronology", agencies=[health]
    )


@pytest.fixture
def awaiting_board(requested, approval, panel_chair):
    """At approval (the reviews conftest's `approval`), signed off, the requests outstanding."""
    services.panel_sign_off(review=approval, by=panel_chair, signed_on=date(2026, 9, 1))
    approval.refresh_from_db()
    return approval


def test_approval_names_what_is_outstanding_and_needs_a_reason(awaiting_board, board_member):
    with pytest.raises(ValidationError) as refused:
        services.board_approve(review=awaiting_board, by=board_member, **APPROVE)
    message = " ".join(refused.value.message_dict["outstanding_reasons"])
    assert "2 agency request(s) are still outstanding" in message
    assert "Isle of Man Constabulary: " in message and "chronology" in message
    awaiting_board.refresh_from_db()
    assert awaiting_board.stage == Stage.APPROVAL  # nothing half-done

    services.board_approve(
        review=awaiting_board,
        by=board_member,
        outstanding_reasons="Covered at the event.",
        **APPROVE,
    )
    event = AuditEvent.objects.get(verb="review.approved")
    assert len(event.detail["outstanding"]) == 2
    assert event.detail["outstanding_reasons"] == "Covered at the event."


def test_the_approve_page_warns_and_lists_them(client, awaiting_board, board_member):
    client.force_login(board_member)
    html = client.get(f"/reviews/{awaiting_board.code}/approve/").content.decode()
    assert "2 agency requests are still outstanding" in html
    assert 'id="outstanding-requests"' in html and "Why the Board approves without" in html


def test_after_approval_they_stay_on_the_agency_dashboard_until_sent_or_withdrawn(
    client, awaiting_board, board_member, police_lead, health_lead, business_unit_officer
):
    services.board_approve(
        review=awaiting_board, by=board_member, outstanding_reasons="Covered.", **APPROVE
    )
    police_request = awaiting_board.requests.get(agency=police_lead.agency)
    health_request = awaiting_board.requests.get(agency=health_lead.agency)
    client.force_login(police_lead)
    link = f"/reviews/{awaiting_board.code}/requests/{police_request.code}/"
    assert link in client.get("/dashboard/").content.decode()
    page = client.get(link).content.decode()
    assert "The Board approved the review without this" in page
    services.request_submit(request=police_request, by=police_lead, text="Late, for the record.")
    assert link not in client.get("/dashboard/").content.decode()

    client.force_login(business_unit_officer)
    health_link = f"/reviews/{awaiting_board.code}/requests/{health_request.code}/"
    refused = client.post(health_link, {"withdraw": "1", "withdrawn_reason": ""})
    assert "Enter why the request is withdrawn" in refused.content.decode()
    client.post(health_link, {"withdraw": "1", "withdrawn_reason": "No contact in the period."})
    health_request.refresh_from_db()
    assert health_request.is_withdrawn and health_request.withdrawn_by == business_unit_officer
    assert AuditEvent.objects.filter(verb="review.request_withdrawn").count() == 1
    client.force_login(health_lead)
    assert health_link not in client.get("/dashboard/").content.decode()
    with pytest.raises(ValidationError, match="withdrew this request"):
        services.request_submit(request=health_request, by=health_lead, text="Too late.")


def test_only_the_business_unit_withdraws(awaiting_board, police_lead):
    from django.core.exceptions import PermissionDenied

    request = awaiting_board.requests.get(agency=police_lead.agency)
    with pytest.raises(PermissionDenied):
        services.request_withdraw(request=request, by=police_lead, reason="x")
