"""An assessment gathers evidence, records a judgement, and writes an action plan whose actions
land in the actions register, measured by the assessment's retest."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from manx_learning.actions.models import Action, SourceKind
from manx_learning.assurance import services
from manx_learning.assurance.models import Assessment, AssessmentStatus
from manx_learning.assurance.tests.factories import TODAY, add_evidence


def test_starting_an_assessment_gathers_the_evidence_tagged_in_its_period(
    client, business_unit_officer, neglect, evidence_set
):
    add_evidence(
        business_unit_officer,
        title="Too old",
        priorities=[neglect],
        dated=TODAY() - timedelta(days=800),
    )
    add_evidence(business_unit_officer, title="Untagged")
    client.force_login(business_unit_officer)
    response = client.post(
        reverse("assurance:assessment-add"),
        {
            "title": "Neglect 2026",
            "priority": neglect.pk,
            "theme": "",
            "period_start": f"{TODAY() - timedelta(days=365):%d/%m/%Y}",
            "period_end": f"{TODAY():%d/%m/%Y}",
        },
    )
    assessment = Assessment.objects.get()
    assert response.url == reverse("assurance:assessment-detail", args=[assessment.code])
    assert {e.title for e in assessment.evidence.all()} == {
        "Police dip sample",
        "Health visitor audit",
        "Practitioner survey",
    }


def test_an_assessment_needs_a_priority_or_theme(business_unit_officer):
    with pytest.raises(ValidationError) as error:
        services.assessment_create(
            by=business_unit_officer,
            title="x",
            priority=None,
            theme=None,
            period_start=TODAY(),
            period_end=TODAY(),
        )
    assert "priority or the theme" in str(error.value)


def test_a_judgement_needs_evidence_reasons_and_a_later_retest(business_unit_officer, theme):
    empty = services.assessment_create(
        by=business_unit_officer,
        title="Theme only",
        theme=theme,
        priority=None,
        period_start=TODAY() - timedelta(days=30),
        period_end=TODAY(),
    )
    with pytest.raises(ValidationError) as error:
        services.assessment_judge(
            assessment=empty,
            by=business_unit_officer,
            grade="good",
            rationale="",
            strengths="s",
            areas_for_improvement="a",
            judged_on=TODAY(),
            retest_due=TODAY(),
        )
    problems = error.value.message_dict
    assert "Gather at least one piece of evidence" in problems["grade"][0]
    assert problems["rationale"] == ["Enter why you made this judgement"]
    assert "after the date of the judgement" in problems["retest_due"][0]


def test_the_judgement_page_records_grade_and_retest_date(
    client, business_unit_officer, assessment
):
    client.force_login(business_unit_officer)
    retest = TODAY() + timedelta(days=200)
    client.post(
        reverse("assurance:assessment-judge", args=[assessment.code]),
        {
            "grade": "inadequate",
            "rationale": "Late recognition.",
            "strengths": "Escalation.",
            "areas_for_improvement": "Screening.",
            "judged_on": f"{TODAY():%d/%m/%Y}",
            "retest_due": f"{retest:%d/%m/%Y}",
        },
    )
    assessment.refresh_from_db()
    assert (assessment.grade, assessment.retest_due, assessment.status) == (
        "inadequate",
        retest,
        AssessmentStatus.JUDGED,
    )


def test_the_action_plan_lands_in_the_actions_register(
    client, business_unit_officer, judged, police
):
    client.force_login(business_unit_officer)
    due = TODAY() + timedelta(days=90)
    response = client.post(
        reverse("assurance:assessment-action-add", args=[judged.code]),
        {
            "description": "Train core group chairs in the graded care profile",
            "owner_agency": police.pk,
            "lead_name": "DI Kermode",
            "due_date": f"{due:%d/%m/%Y}",
            "expected_outcome": "Neglect recognised at the first core group",
            "impact_measure": "",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    judged.refresh_from_db()
    assert action.impact_assessment == judged
    assert action.owner_agency == police and action.due_date == due
    assert action.lead_name == "DI Kermode" and action.impact_kind == "retest"
    assert action.recommendation == judged.recommendation
    assert judged.recommendation.source_kind == SourceKind.ASSESSMENT
    assert judged.recommendation.to_board
    register = client.get(reverse("actions:register")).content.decode()
    assert "QA assessment: Neglect: recognition and early help" in register


def test_an_action_must_be_due_by_the_retest(business_unit_officer, judged, police):
    with pytest.raises(ValidationError) as error:
        services.plan_action_add(
            assessment=judged,
            by=business_unit_officer,
            description="Audit again",
            owner_agency=police,
            lead_name="Lee",
            due_date=judged.retest_due + timedelta(days=1),
            expected_outcome="o",
        )
    assert "by the retest date" in error.value.message_dict["due_date"][0]


def test_there_is_no_action_plan_before_the_judgement(business_unit_officer, assessment, police):
    with pytest.raises(ValidationError):
        services.plan_action_add(
            assessment=assessment,
            by=business_unit_officer,
            description="d",
            owner_agency=police,
            lead_name="l",
            due_date=TODAY(),
            expected_outcome="o",
        )


def test_agency_leads_read_assessments_but_cannot_change_them(client, police_lead, judged):
    client.force_login(police_lead)
    detail = client.get(reverse("assurance:assessment-detail", args=[judged.code]))
    assert detail.status_code == 200
    # The health-tagged item is not listed for the police lead, but its existence is counted.
    assert {e.title for e in detail.context["evidence"]} == {
        "Police dip sample",
        "Practitioner survey",
    }
    assert detail.context["hidden_evidence"] == 1
    for name in ("assessment-judge", "assessment-evidence", "assessment-action-add", "measure-add"):
        assert client.get(reverse(f"assurance:{name}", args=[judged.code])).status_code == 403


def test_practitioners_cannot_see_assessments(client, practitioner, judged):
    client.force_login(practitioner)
    # No QA access, so not theirs to see: told nothing of it.
    assert client.get(reverse("assurance:assessment-detail", args=[judged.code])).status_code == 404
