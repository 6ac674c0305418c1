"""One action's page: progress updates with optimistic locking, evidence, and the Panel's
assurance."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from manx_learning.actions import services
from manx_learning.actions.models import ActionStatus, Evidence, Rag
from manx_learning.core.models import AuditEvent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _url(name, *args):
    return reverse(f"actions:{name}", args=args)


def _today():
    day = timezone.localdate()
    return f"{day.day}/{day.month}/{day.year}"


def _pdf(name="dip-sample.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _evidence(action, by):
    return services.evidence_add(
        action=action, by=by, kind="audit", description="Dip sample results", upload=_pdf()
    )


def _complete(action, by):
    action.refresh_from_db()
    services.action_update(
        action=action, by=by, version=action.version, status="completed", note="Live since June"
    )
    action.refresh_from_db()
    return action


def _update(action, **changes):
    return {
        "status": "in_progress",
        "note": "Workflow change drafted",
        "noted_on": _today(),
        "closed_reason": "",
        "version": action.version,
        **changes,
    }


# Seeing the action ----------------------------------------------------------------------------


def test_the_action_page_shows_the_plan_and_is_audited(client, police_action, police_lead):
    client.force_login(police_lead)
    html = client.get(_url("action", police_action.code)).content.decode()
    assert html.count("<h1") == 1
    assert _url("recommendation", police_action.recommendation.code) in html
    assert "DI Lee" in html
    assert "Dip sample of 20 missing episodes in six months" in html
    assert "Action added" in html  # the timeline
    assert f'name="version" value="{police_action.version}"' in html
    assert AuditEvent.objects.filter(verb="action.viewed", object_id=str(police_action.code))


def test_the_update_offers_only_the_statuses_a_lead_may_set(client, police_action, police_lead):
    client.force_login(police_lead)
    html = client.get(_url("action", police_action.code)).content.decode()
    assert 'value="completed"' in html
    assert 'value="assured"' not in html


def test_the_health_lead_cannot_see_or_change_a_police_action(
    client, police_action, police_lead, health_lead
):
    evidence = _evidence(police_action, police_lead)
    police_action.refresh_from_db()
    client.force_login(health_lead)
    # Another agency's action, and its evidence: not theirs to see, so told nothing of them (404).
    assert client.get(_url("action", police_action.code)).status_code == 404
    assert (
        client.post(_url("action", police_action.code), _update(police_action)).status_code == 404
    )
    assert client.get(_url("evidence-add", police_action.code)).status_code == 404
    upload = {"kind": "document", "description": "x", "upload": _pdf()}
    assert client.post(_url("evidence-add", police_action.code), upload).status_code == 404
    assert client.get(_url("evidence-download", evidence.code)).status_code == 404
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.NOT_STARTED
    assert police_action.evidence.count() == 1


def test_the_board_sees_the_action_but_cannot_update_it(client, police_action, board_member):
    client.force_login(board_member)
    html = client.get(_url("action", police_action.code)).content.decode()
    assert "Update the action" not in html
    assert (
        client.post(_url("action", police_action.code), _update(police_action)).status_code == 403
    )


# Updating it ----------------------------------------------------------------------------------


def test_the_lead_records_progress_and_it_joins_the_timeline(client, police_action, police_lead):
    client.force_login(police_lead)
    response = client.post(_url("action", police_action.code), _update(police_action))
    assert response.url == _url("action", police_action.code)
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.IN_PROGRESS
    html = client.get(response.url).content.decode()
    assert "Workflow change drafted" in html
    assert "Status changed from Not started to In progress" in html


def test_closing_an_action_as_not_achieved_needs_reasons(client, police_action, police_lead):
    client.force_login(police_lead)
    response = client.post(
        _url("action", police_action.code), _update(police_action, status="not_achieved")
    )
    html = response.content.decode()
    assert "Enter the reasons for closing the action" in html
    assert "There is a problem" in html


def test_an_update_with_a_stale_version_shows_the_conflict_and_keeps_the_other_change(
    client, police_action, police_lead, business_unit_officer
):
    seen = police_action.version
    services.action_update(
        action=police_action,
        by=business_unit_officer,
        version=seen,
        status="in_progress",
        note="Changed by the business unit",
    )
    client.force_login(police_lead)
    response = client.post(
        _url("action", police_action.code),
        _update(police_action, version=seen, status="not_started", note="My older view"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this action" in html
    assert "There is a problem" in html
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.IN_PROGRESS
    assert f'name="version" value="{police_action.version}"' in html
    assert "Changed by the business unit" in html
    assert "My older view" in html  # what they typed is kept for them to check


# Evidence -------------------------------------------------------------------------------------


def test_the_evidence_form_sends_files(client, police_action, police_lead):
    client.force_login(police_lead)
    html = client.get(_url("evidence-add", police_action.code)).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "novalidate" in html


def test_evidence_upload_refuses_an_executable_named_pdf(client, police_action, police_lead):
    client.force_login(police_lead)
    fake = SimpleUploadedFile("results.pdf", b"MZ\x90\x00 an executable")
    response = client.post(
        _url("evidence-add", police_action.code),
        {"kind": "document", "description": "Results", "upload": fake},
    )
    html = response.content.decode()
    assert 'id="id_upload-error"' in html
    assert "The selected file must be a" in html
    assert not Evidence.objects.exists()


def test_evidence_upload_accepts_a_real_small_pdf_and_downloads_it(
    client, police_action, police_lead, panel_chair
):
    client.force_login(police_lead)
    response = client.post(
        _url("evidence-add", police_action.code),
        {"kind": "audit", "description": "Dip sample results", "upload": _pdf()},
    )
    assert response.url == _url("action", police_action.code)
    evidence = Evidence.objects.get()
    client.force_login(panel_chair)
    page = client.get(response.url).content.decode()
    assert _url("evidence-download", evidence.code) in page
    download = client.get(_url("evidence-download", evidence.code))
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="dip-sample.pdf"' in download["Content-Disposition"]
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(verb="action.evidence_downloaded", actor=panel_chair)


def test_evidence_needs_a_file_and_a_description(client, police_action, police_lead):
    client.force_login(police_lead)
    html = client.post(_url("evidence-add", police_action.code), {}).content.decode()
    assert "Choose a file" in html
    assert "Describe what the evidence shows" in html
    assert "Choose the kind of evidence" in html


# The Panel's assurance ------------------------------------------------------------------------


def test_a_panel_member_assures_a_completed_action_with_evidence(
    client, police_action, police_lead, panel_chair
):
    _evidence(police_action, police_lead)
    _complete(police_action, police_lead)
    client.force_login(panel_chair)
    page = client.get(_url("action", police_action.code)).content.decode()
    assert _url("assure", police_action.code) in page
    assert _url("send-back", police_action.code) in page
    response = client.post(
        _url("assure", police_action.code),
        {"assure-note": "Dip sample shows change", "assure-assured_on": _today()},
    )
    assert response.url == _url("action", police_action.code)
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.ASSURED
    assert police_action.rag(timezone.localdate()) == Rag.DONE
    register = client.get(_url("recommendation", police_action.recommendation.code))
    html = register.content.decode()
    assert "Assured" in html
    assert "govuk-tag--grey" in html and "Done" in html


def test_assurance_without_evidence_is_refused_readably(
    client, police_action, police_lead, panel_chair
):
    _complete(police_action, police_lead)
    client.force_login(panel_chair)
    response = client.post(
        _url("assure", police_action.code), {"assure-assured_on": _today()}, follow=True
    )
    assert "evidence must be attached" in response.content.decode()
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.COMPLETED


def test_send_back_needs_a_reason(client, police_action, police_lead, panel_chair):
    _complete(police_action, police_lead)
    client.force_login(panel_chair)
    url = _url("send-back", police_action.code)
    response = client.post(url, {"send-back-reason": ""}, follow=True)
    assert "Enter why the action is being sent back" in response.content.decode()
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.COMPLETED
    client.post(url, {"send-back-reason": "No evidence of impact yet"})
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.IN_PROGRESS
    page = client.get(_url("action", police_action.code)).content.decode()
    assert "No evidence of impact yet" in page


def test_only_the_panel_assures_or_sends_back(
    client, police_action, police_lead, business_unit_officer
):
    _complete(police_action, police_lead)
    for person in (police_lead, business_unit_officer):
        client.force_login(person)
        page = client.get(_url("action", police_action.code)).content.decode()
        assert _url("assure", police_action.code) not in page
        data = {"assure-assured_on": _today(), "send-back-reason": "x"}
        assert client.post(_url("assure", police_action.code), data).status_code == 403
        assert client.post(_url("send-back", police_action.code), data).status_code == 403


def test_evidence_upload_accepts_a_photo(client, police_action, police_lead, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 60)).save(buffer, format="JPEG")
    photo = SimpleUploadedFile("poster.jpg", buffer.getvalue(), content_type="image/jpeg")
    client.force_login(police_lead)
    client.post(
        _url("evidence-add", police_action.code),
        {"kind": "document", "description": "Poster on the custody suite wall", "upload": photo},
    )
    evidence = Evidence.objects.get()
    assert evidence.content_kind == "jpeg" and evidence.original_name == "poster.jpg"
