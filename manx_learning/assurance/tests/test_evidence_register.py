"""The evidence register: adding by hand, filters and export, and who may see what."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from manx_learning.assurance import services
from manx_learning.assurance.models import Evidence
from manx_learning.assurance.tests.factories import TODAY, add_evidence
from manx_learning.core.models import AuditEvent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form(police, neglect, **changes):
    data = {
        "title": "Observation of a core group",
        "source": "practice_observation",
        "dated": f"{TODAY():%d/%m/%Y}",
        "summary": "The chair used the neglect tool well.",
        "strength": "limited",
        "agencies": [police.pk],
        "priorities": [neglect.pk],
        "link_url": "",
    }
    return data | changes


def test_the_business_unit_adds_evidence_by_hand(client, business_unit_officer, police, neglect):
    client.force_login(business_unit_officer)
    response = client.post(reverse("assurance:evidence-add"), _form(police, neglect))
    evidence = Evidence.objects.get()
    assert response.url == reverse("assurance:evidence-detail", args=[evidence.code])
    assert not evidence.is_automatic and evidence.added_by == business_unit_officer
    assert list(evidence.agencies.all()) == [police]
    assert AuditEvent.objects.filter(verb="evidence.created").exists()


def test_it_names_the_missing_answers(client, business_unit_officer, police, neglect):
    client.force_login(business_unit_officer)
    data = _form(police, neglect, title="", summary="", source="")
    response = client.post(reverse("assurance:evidence-add"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter a title for the evidence" in text
    assert "Choose where the evidence comes from" in text
    assert not Evidence.objects.exists()


def test_it_refuses_a_future_date_and_unsafe_links(business_unit_officer, police):
    with pytest.raises(ValidationError) as future:
        add_evidence(business_unit_officer, title="x", dated=TODAY() + timedelta(days=1))
    assert "today or in the past" in str(future.value)
    with pytest.raises(ValidationError) as link:
        add_evidence(business_unit_officer, title="x", link_url="javascript:alert(1)")
    assert "https://" in str(link.value)


def test_agency_leads_cannot_add_evidence(client, police_lead, police, neglect):
    client.force_login(police_lead)
    assert client.post(reverse("assurance:evidence-add"), _form(police, neglect)).status_code == 403
    with pytest.raises(PermissionDenied):
        add_evidence(police_lead, title="x")


def test_an_agency_lead_sees_their_agencys_and_board_wide_evidence_only(
    client, police_lead, evidence_set
):
    client.force_login(police_lead)
    listed = client.get(reverse("assurance:evidence-list")).context["page"].object_list
    assert {e.title for e in listed} == {"Police dip sample", "Practitioner survey"}
    health = evidence_set["health"]
    # Another agency's evidence: not theirs to see, so they are told nothing of it.
    assert client.get(reverse("assurance:evidence-detail", args=[health.code])).status_code == 404
    board = evidence_set["board"]
    assert client.get(reverse("assurance:evidence-detail", args=[board.code])).status_code == 200


@pytest.mark.parametrize("persona", ["business_unit_officer", "panel_chair", "board_member"])
def test_the_board_roles_see_all_evidence(client, personas, evidence_set, persona):
    client.force_login(personas[persona])
    page = client.get(reverse("assurance:evidence-list")).context["page"]
    assert page.paginator.count == 3


@pytest.mark.parametrize("persona", ["practitioner", "reviewer", "data_officer"])
def test_others_cannot_open_the_register(client, personas, evidence_set, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("assurance:evidence-list")).status_code == 403
    police = evidence_set["police"]
    # They may see no evidence, so one item's page tells them nothing of it.
    assert client.get(reverse("assurance:evidence-detail", args=[police.code])).status_code == 404


def test_filters_narrow_the_register(client, business_unit_officer, evidence_set, police):
    add_evidence(business_unit_officer, title="Old audit", dated=TODAY() - timedelta(days=900))
    client.force_login(business_unit_officer)
    url = reverse("assurance:evidence-list")

    def titles(**query):
        return {e.title for e in client.get(url, query).context["page"].object_list}

    assert titles(agency=police.pk) == {"Police dip sample"}
    assert titles(q="visitor") == {"Health visitor audit"}
    assert titles(dated_to=f"{TODAY() - timedelta(days=800):%d/%m/%Y}") == {"Old audit"}
    assert titles(origin="automatic") == set()
    assert "Old audit" not in titles(
        origin="manual", strength="moderate", priority=evidence_set["police"].priorities.get().pk
    )


def test_the_csv_export_is_safe_in_excel(client, business_unit_officer):
    add_evidence(business_unit_officer, title='=HYPERLINK("http://evil")')
    client.force_login(business_unit_officer)
    response = client.get(reverse("assurance:evidence-list"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Date", "Title", "Source"]
    assert rows[1][1].startswith("'=")
    assert rows[1][4] == "Board-wide"
    assert AuditEvent.objects.filter(verb="evidence.exported").exists()


def test_attachments_are_checked_stored_and_downloads_audited(
    client, business_unit_officer, police_lead, health_lead, evidence_set, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    evidence = evidence_set["police"]
    client.force_login(business_unit_officer)
    url = reverse("assurance:attachment-add", args=[evidence.code])
    fake = SimpleUploadedFile("notes.pdf", b"MZ not a pdf at all \x00\x01")
    assert "must be a" in client.post(url, {"upload": fake}).content.decode()
    client.post(url, {"upload": SimpleUploadedFile("audit.pdf", PDF)})
    attachment = evidence.attachments.get()
    download = reverse("assurance:attachment-download", args=[attachment.code])

    client.force_login(police_lead)
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(verb="evidence.attachment_downloaded").count() == 1
    client.force_login(health_lead)
    assert client.get(download).status_code == 404  # police evidence: told nothing of it


def test_automatic_evidence_is_not_changed_by_hand(client, business_unit_officer, neglect):
    evidence = services.evidence_record_automatic(
        origin=neglect, source="performance_data", title="Signal", summary="s", dated=TODAY()
    )
    client.force_login(business_unit_officer)
    assert client.get(reverse("assurance:evidence-edit", args=[evidence.code])).status_code == 403
    with pytest.raises(ValidationError):
        services.evidence_update(evidence=evidence, by=business_unit_officer, title="x")


def test_editing_changes_the_tags(client, business_unit_officer, evidence_set, health, neglect):
    evidence = evidence_set["police"]
    client.force_login(business_unit_officer)
    data = _form(health, neglect, title="Police dip sample (revised)")
    client.post(reverse("assurance:evidence-edit", args=[evidence.code]), data)
    evidence.refresh_from_db()
    assert evidence.title == "Police dip sample (revised)"
    assert list(evidence.agencies.all()) == [health]


def test_the_register_shows_each_strength_as_its_grade_alone(client, business_unit_officer):
    add_evidence(business_unit_officer, title="Strong audit", strength="strong")
    add_evidence(business_unit_officer, title="Limited survey", strength="limited")
    client.force_login(business_unit_officer)
    html = client.get(reverse("assurance:evidence-list")).content.decode()
    assert ">Strong</td>" in html and ">Limited</td>" in html
    assert "Strong …" not in html and "Limited …" not in html
