from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from manx_learning.actions import services
from manx_learning.actions.models import ActionEvent, ActionStatus, Rag
from manx_learning.actions.tests.factories import make_overdue
from manx_learning.core.models import AuditEvent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_an_agency_lead_plans_an_action_for_their_agency(police_action, police):
    assert police_action.owner_agency == police
    assert police_action.status == ActionStatus.NOT_STARTED
    assert ActionEvent.objects.filter(action=police_action, kind="created").exists()
    assert AuditEvent.objects.filter(verb="action.created").exists()


def test_another_agencys_lead_cannot_plan_or_update_it(
    national, police_action, health_lead, police
):
    with pytest.raises(PermissionDenied):
        services.action_update(
            action=police_action,
            by=health_lead,
            version=police_action.version,
            status="in_progress",
            note="x",
        )
    with pytest.raises(PermissionDenied):
        services.action_create(
            recommendation=national,
            by=health_lead,
            description="x",
            owner_agency=police,
            lead_name="x",
            due_date=timezone.localdate(),
            expected_outcome="x",
            impact_kind="check",
            impact_measure="x",
        )


def test_a_tick_box_action_must_say_what_practice_will_change(national, police_lead, police):
    plan = dict(
        recommendation=national,
        by=police_lead,
        description="Staff reminded of the missing policy",
        owner_agency=police,
        lead_name="DI Lee",
        due_date=timezone.localdate() + timedelta(30),
        expected_outcome="Better sharing",
        impact_kind="check",
        impact_measure="Spot check",
    )
    with pytest.raises(ValidationError) as error:
        services.action_create(**plan)
    assert "practice_change" in error.value.message_dict
    action = services.action_create(
        **plan, practice_change="Officers complete the notification form before going off duty"
    )
    assert "Expected change in practice" in action.description


def test_rag_is_derived_from_the_due_date_and_status(police_action):
    today = timezone.localdate()
    assert police_action.rag(today) == Rag.ON_TRACK
    assert police_action.rag(today + timedelta(days=40)) == Rag.DUE_SOON
    assert make_overdue(police_action, 3).rag(today) == Rag.OVERDUE


def test_two_people_editing_the_same_action_cannot_overwrite_each_other(police_action, police_lead):
    seen = police_action.version
    services.action_update(
        action=police_action,
        by=police_lead,
        version=seen,
        status="in_progress",
        note="Workflow change drafted",
    )
    with pytest.raises(services.StaleEdit, match="Someone else changed this action"):
        services.action_update(
            action=police_action,
            by=police_lead,
            version=seen,
            status="not_started",
            note="An older view of the action",
        )
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.IN_PROGRESS


def test_only_the_panel_assures_and_only_with_evidence(
    police_action, police_lead, panel_chair, business_unit_officer
):
    services.action_update(
        action=police_action,
        by=police_lead,
        version=police_action.version,
        status="completed",
        note="Live since June",
    )
    police_action.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.action_assure(action=police_action, by=business_unit_officer, note="ok")
    with pytest.raises(ValidationError, match="evidence must be attached"):
        services.action_assure(action=police_action, by=panel_chair, note="ok")
    services.evidence_add(
        action=police_action,
        by=police_lead,
        kind="audit",
        description="Dip sample results",
        upload=_pdf(),
    )
    police_action.refresh_from_db()
    services.action_assure(action=police_action, by=panel_chair, note="Audit shows change")
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.ASSURED
    assert police_action.rag(timezone.localdate()) == Rag.DONE


def test_the_panel_can_send_a_completed_action_back_with_a_reason(
    police_action, police_lead, panel_chair
):
    services.action_update(
        action=police_action,
        by=police_lead,
        version=police_action.version,
        status="completed",
        note="Done",
    )
    police_action.refresh_from_db()
    with pytest.raises(ValidationError):
        services.action_send_back(action=police_action, by=panel_chair, reason=" ")
    services.action_send_back(action=police_action, by=panel_chair, reason="No evidence of impact")
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.IN_PROGRESS


def test_agency_leads_cannot_mark_their_own_action_assured(police_action, police_lead):
    with pytest.raises(ValidationError, match="Only the SCMR Panel"):
        services.action_update(
            action=police_action,
            by=police_lead,
            version=police_action.version,
            status="assured",
            note="x",
        )


def test_evidence_is_checked_by_content(police_action, police_lead):
    fake = SimpleUploadedFile(
        "evidence.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as error:
        services.evidence_add(
            action=police_action, by=police_lead, kind="document", description="x", upload=fake
        )
    assert "upload" in error.value.message_dict


def test_closing_as_not_achieved_needs_reasons(police_action, police_lead):
    with pytest.raises(ValidationError) as error:
        services.action_update(
            action=police_action,
            by=police_lead,
            version=police_action.version,
            status="not_achieved",
            note="",
        )
    assert "closed_reason" in error.value.message_dict
