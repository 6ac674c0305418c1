"""The pages: who sees what, and that each journey step works through the forms."""

from datetime import date

import pytest
from django.urls import reverse

from manx_learning.audits import services
from manx_learning.audits.models import CaseAudit, SectionGrade
from manx_learning.audits.tests.factories import grade, grade_all
from manx_learning.core.models import AuditEvent


def _url(name, *args):
    return reverse(f"audits:{name}", args=args)


def test_the_business_unit_builds_a_tool(client, business_unit_officer, tool):
    client.force_login(business_unit_officer)
    assert client.get(_url("tool-add")).status_code == 200
    response = client.post(
        _url("tool-add"),
        {
            "name": "Domestic abuse audit",
            "purpose": "Test DA practice",
            "scale": tool.scale.pk,
            "escalation_text": "Call the lead",
            "notify_agency_lead": "on",
            "notify_emails": "not an email",
        },
    )
    assert "is not an e-mail address" in response.content.decode()
    response = client.post(
        _url("tool-add"),
        {
            "name": "Domestic abuse audit",
            "purpose": "Test DA practice",
            "scale": tool.scale.pk,
            "escalation_text": "Call the lead",
        },
    )
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "Voice of the child or adult" in html and "Add a section" in html


def test_an_agency_lead_cannot_build_tools_or_plan_audits(client, police_lead, tool):
    client.force_login(police_lead)
    assert client.get(_url("tool-add")).status_code == 403
    assert client.get(_url("programme-add")).status_code == 403
    assert client.get(_url("tool-list")).status_code == 200


def test_the_business_unit_plans_a_programme_with_a_default_retest(
    client, business_unit_officer, tool, police, health
):
    client.force_login(business_unit_officer)
    response = client.post(
        _url("programme-add"),
        {
            "title": "Neglect audit",
            "tool": tool.pk,
            "kind": "multi",
            "agencies": [police.pk, health.pk],
            "sample_size": "3",
            "audit_starts": "1/4/2026",
            "audit_ends": "30/4/2026",
            "moderation_on": "14/5/2026",
        },
    )
    assert response.status_code == 302
    programme = services.AuditProgramme.objects.get()
    assert programme.retest_on == date(2026, 11, 14)


def test_a_lead_sees_only_their_agencys_cases(client, programme, police_case, health_lead):
    client.force_login(health_lead)
    html = client.get(_url("programme", programme.code)).content.decode()
    assert "NG-2026-001" not in html
    # Another agency's case audit: not theirs to see, so they are told nothing of it.
    assert client.get(_url("case", police_case.code)).status_code == 404
    assert client.post(_url("case", police_case.code), {"submit": "1"}).status_code == 404
    assert client.get(_url("case-moderate", police_case.code)).status_code == 404


def test_the_lead_grades_their_case_through_the_form_and_the_view_is_audited(
    client, programme, police_case, police_lead, tool
):
    client.force_login(police_lead)
    url = _url("case", police_case.code)
    html = client.get(url).content.decode()
    assert "Grade for Recognition" in html
    assert AuditEvent.objects.filter(verb="case_audit.viewed", object_id=str(police_case.code))
    response = client.post(url, {"submit": "1"})
    assert "Choose a grade for Recognition" in response.content.decode()
    data = {"submit": "1"}
    for section in tool.sections.all():
        data[f"section_{section.pk}_grade"] = grade(tool, "Good").pk
        data[f"section_{section.pk}_narrative"] = "<script>alert(1)</script> plan reviewed"
    assert client.post(url, data).status_code == 302
    html = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert SectionGrade.objects.filter(case_audit=police_case).count() == 7


def test_an_inadequate_grade_shows_the_escalation_banner(client, police_case, police_lead):
    grade_all(police_case, police_lead, ["Inadequate", "Good"])
    client.force_login(police_lead)
    html = client.get(_url("case", police_case.code)).content.decode()
    assert "Escalated" in html and "same working day" in html


def test_the_panel_reads_results_and_case_audits_but_cannot_moderate(
    client, programme, police_case, police_lead, panel_chair
):
    grade_all(police_case, police_lead, ["Good"])
    client.force_login(panel_chair)
    html = client.get(_url("results", programme.code)).content.decode()
    assert "Moderated grades by section" in html and "<svg" in html
    assert client.get(_url("case", police_case.code)).status_code == 200
    assert client.get(_url("case-moderate", police_case.code)).status_code == 403
    assert client.post(_url("close-auditing", programme.code)).status_code == 403


def test_the_results_csv_is_safe_in_excel(client, programme, police_case, police_lead, tool):
    sections = list(tool.sections.all())
    answers = {s.pk: services.Answer(grade(tool, "Good"), '=HYPERLINK("x")') for s in sections}
    services.case_audit_save(case_audit=police_case, by=police_lead, answers=answers, submit=True)
    client.force_login(police_lead)
    body = client.get(_url("results-csv", programme.code)).content.decode()
    assert "'=HYPERLINK" in body
    assert body.splitlines()[0].startswith("Agency,Case reference,Section")


def test_a_practitioner_cannot_see_audits(client, programme, police_case, practitioner):
    client.force_login(practitioner)
    assert client.get(_url("programme-list")).status_code == 403
    # No audit access, so one programme's or case's page tells them nothing of it.
    assert client.get(_url("programme", programme.code)).status_code == 404
    assert client.get(_url("case", police_case.code)).status_code == 404


@pytest.mark.parametrize("name", ["programme-list", "tool-list"])
def test_list_pages_have_one_heading(client, business_unit_officer, name, tool):
    client.force_login(business_unit_officer)
    html = client.get(_url(name)).content.decode()
    assert html.count("<h1") == 1


def test_unknown_case_is_404(client, business_unit_officer):
    client.force_login(business_unit_officer)
    assert client.get(_url("case", CaseAudit().code)).status_code == 404
