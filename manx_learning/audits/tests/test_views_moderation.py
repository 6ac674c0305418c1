"""Moderation pages, the retest button, exports and the agency lead's dashboard."""

from datetime import date

from django.urls import reverse

from manx_learning.audits import services
from manx_learning.audits.models import ProgrammeStatus, SectionGrade
from manx_learning.audits.tests.factories import grade, grade_all


def _url(name, *args):
    return reverse(f"audits:{name}", args=args)


def _moderated(programme, police_case, police_lead, bu):
    grade_all(police_case, police_lead, ["Requires improvement"])
    services.programme_close_auditing(programme=programme, by=bu)
    return programme


def test_the_business_unit_moderates_through_the_form(
    client, programme, police_case, police_lead, business_unit_officer, tool
):
    _moderated(programme, police_case, police_lead, business_unit_officer)
    client.force_login(business_unit_officer)
    url = _url("case-moderate", police_case.code)
    first = tool.sections.first()
    data = {
        f"section_{s.pk}_grade": grade(tool, "Requires improvement").pk for s in tool.sections.all()
    }
    data[f"section_{first.pk}_grade"] = grade(tool, "Good").pk
    html = client.post(url, data).content.decode()
    assert "Enter why the grade for Recognition was changed" in html
    data[f"section_{first.pk}_note"] = "Plan reviewed weekly"
    assert client.post(url, data).status_code == 302
    item = SectionGrade.objects.get(case_audit=police_case, section=first)
    assert (item.grade.label, item.moderated_grade.label) == ("Requires improvement", "Good")
    html = client.get(_url("case", police_case.code)).content.decode()
    assert "History of grades" in html and "Plan reviewed weekly" in html


def test_recording_the_moderation_completes_and_offers_the_retest(
    client, programme, police_case, police_lead, business_unit_officer, police, health
):
    _moderated(programme, police_case, police_lead, business_unit_officer)
    client.force_login(business_unit_officer)
    response = client.post(
        _url("moderation", programme.code),
        {
            "held_on": "14/5/2026",
            "attendees": "Leads",
            "agencies": [police.pk, health.pk],
            "good_practice": "Seen alone",
            "areas_for_development": "Chronologies",
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.COMPLETED
    html = client.get(_url("programme", programme.code)).content.decode()
    assert "Plan the retest" in html and "Recorded as multi-agency audit evidence" in html
    pdf = client.get(_url("moderation-pdf", programme.code))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    response = client.post(
        _url("plan-retest", programme.code),
        {
            "title": "Neglect retest",
            "audit_starts": "2/11/2026",
            "audit_ends": "13/11/2026",
            "moderation_on": "20/11/2026",
        },
    )
    assert response.status_code == 302
    retest = programme.retests.get()
    assert retest.retest_on == date(2027, 5, 20)


def test_a_locked_tool_offers_only_a_copy(client, programme, business_unit_officer):
    client.force_login(business_unit_officer)
    html = client.get(_url("tool", programme.tool.code)).content.decode()
    assert "Add a section" not in html and "Copy to a new version" in html
    response = client.post(_url("tool", programme.tool.code), {"section-title": "Supervision"})
    assert response.status_code == 403


def test_the_agency_lead_dashboard_lists_audits_waiting(client, programme, police_lead):
    client.force_login(police_lead)
    html = client.get(reverse("board:dashboard")).content.decode()
    assert "Audit: Neglect: multi-agency audit" in html
    assert "0 of 3 cases submitted" in html
