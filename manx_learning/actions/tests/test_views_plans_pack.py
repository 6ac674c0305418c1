"""The SCMR Panel's meeting pack: on screen, as a PDF and as a Word document."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from manx_learning.actions import services
from manx_learning.actions.models import PanelMeeting
from manx_learning.actions.tests.factories import make_overdue
from manx_learning.core.models import AuditEvent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PACK = reverse("actions:pack")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _plan(action, description, days):
    return services.action_create(
        recommendation=action.recommendation,
        by=action.created_by,
        description=description,
        owner_agency=action.owner_agency,
        lead_name="DS Kay",
        due_date=timezone.localdate() + timedelta(days=days),
        expected_outcome="x",
        impact_kind="check",
        impact_measure="x",
    )


def _complete(action, by, days_ago=0):
    services.action_update(
        action=action,
        by=by,
        version=action.version,
        status="completed",
        note="Done",
        noted_on=timezone.localdate() - timedelta(days=days_ago),
    )
    action.refresh_from_db()
    return action


@pytest.fixture
def pack_actions(police_action, police_lead):
    """One action of each kind: completed with evidence, overdue, due next, and due later."""
    services.evidence_add(
        action=police_action,
        by=police_lead,
        kind="audit",
        description="Dip sample results",
        upload=SimpleUploadedFile("dip.pdf", PDF),
    )
    police_action.refresh_from_db()
    return {
        "completed": _complete(police_action, police_lead),
        "overdue": make_overdue(_plan(police_action, "Audit the missing-person log", 5), 12),
        "due_next": _plan(police_action, "Train the custody sergeants", 45),
        "later": _plan(police_action, "Review the protocol with children's services", 200),
    }


def _section(html, start, end=None):
    tail = html[html.index(start) :]
    return tail[: tail.index(end)] if end else tail


def test_the_pack_lists_completed_overdue_and_due_next(client, pack_actions, panel_chair):
    client.force_login(panel_chair)
    html = client.get(PACK).content.decode()
    assert html.count("<h1") == 1
    completed = _section(html, 'id="completed"', 'id="overdue"')
    overdue = _section(html, 'id="overdue"', 'id="due_next"')
    due_next = _section(html, 'id="due_next"')
    assert pack_actions["completed"].description in completed
    assert "Dip sample results" in completed
    assert "Audit the missing-person log" in overdue
    assert ">12<" in overdue  # days overdue
    assert "Train the custody sergeants" in due_next
    assert "Review the protocol" not in html
    for action in pack_actions.values():
        if action is not pack_actions["later"]:
            assert reverse("actions:action", args=[action.code]) in html


def test_the_pack_downloads_as_a_pdf_and_is_audited(client, pack_actions, board_member):
    client.force_login(board_member)
    response = client.get(PACK, {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        verb="panel.pack_exported", actor=board_member, detail__format="pdf"
    ).exists()


def test_the_pack_downloads_as_a_word_document_and_is_audited(
    client, pack_actions, business_unit_officer
):
    client.force_login(business_unit_officer)
    response = client.get(PACK, {"format": "docx"})
    assert response["Content-Disposition"].startswith("attachment")
    with zipfile.ZipFile(io.BytesIO(response.content)) as document:
        xml = document.read("word/document.xml").decode()
    assert "Audit the missing-person log" in xml
    assert "Dip sample results" in xml
    assert "<w:ins " not in xml and "<w:del " not in xml  # no tracked changes
    assert AuditEvent.objects.filter(verb="panel.pack_exported", detail__format="docx").exists()


def test_a_recorded_meeting_starts_the_next_pack_from_it(
    client, police_action, police_lead, panel_chair
):
    earlier = _complete(police_action, police_lead, days_ago=10)
    client.force_login(panel_chair)
    held = timezone.localdate() - timedelta(days=5)
    response = client.post(
        reverse("actions:meeting-add"),
        {"held_on": f"{held.day}/{held.month}/{held.year}", "note": ""},
    )
    assert response.url == PACK
    assert PanelMeeting.objects.get().held_on == held
    html = client.get(PACK).content.decode()
    assert earlier.description not in _section(html, 'id="completed"', 'id="overdue"')
    assert f"{held.day} {held:%B %Y}" in html


def test_a_meeting_needs_a_date(client, panel_chair):
    client.force_login(panel_chair)
    html = client.post(reverse("actions:meeting-add"), {}).content.decode()
    assert "Enter the date of the Panel meeting" in html


def test_agency_leads_cannot_see_the_pack(client, police_lead):
    client.force_login(police_lead)
    assert client.get(PACK).status_code == 403
    assert client.get(PACK, {"format": "pdf"}).status_code == 403
    assert client.get(reverse("actions:meeting-add")).status_code == 403
