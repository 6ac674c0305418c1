"""The results CSV follows the rule of the pages it comes from: an agency lead's export holds only
their own agency's case audits; the business unit, Panel and Board get every agency's."""

import pytest
from django.urls import reverse

from manx_learning.audits import services
from manx_learning.audits.models import Grade


def _submit(case, by, narrative):
    tool = case.programme.tool
    good = Grade.objects.get(scale=tool.scale, label="Good")
    answers = {s.pk: services.Answer(good, narrative) for s in tool.sections.all()}
    return services.case_audit_save(case_audit=case, by=by, answers=answers, submit=True)


@pytest.fixture
def two_agencies_cases(programme, police, health, police_lead, health_lead):
    police_case = services.case_audit_add(
        programme=programme, agency=police, by=police_lead, case_reference="NG-POL-001"
    )
    health_case = services.case_audit_add(
        programme=programme, agency=health, by=health_lead, case_reference="NG-HLT-001"
    )
    _submit(police_case, police_lead, "Police narrative about Child J")
    _submit(health_case, health_lead, "Health narrative about Child K")
    return programme


def _csv(client, person, programme):
    client.force_login(person)
    response = client.get(reverse("audits:results-csv", args=[programme.code]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_agency_leads_export_holds_only_their_agencys_cases(
    client, two_agencies_cases, health_lead
):
    body = _csv(client, health_lead, two_agencies_cases)
    assert "NG-HLT-001" in body and "Health narrative" in body
    # It gave every agency's case references, grades, narratives and moderation notes.
    assert "NG-POL-001" not in body and "Police narrative" not in body


@pytest.mark.parametrize("persona", ["business_unit_officer", "panel_chair", "board_member"])
def test_the_board_side_exports_every_agencys_cases(client, request, two_agencies_cases, persona):
    body = _csv(client, request.getfixturevalue(persona), two_agencies_cases)
    assert "NG-HLT-001" in body and "NG-POL-001" in body
