"""Agencies audit their own sample, by pseudonymous reference, and an Inadequate grade escalates."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from manx_learning.audits import services
from manx_learning.audits.models import CaseAuditStatus, GradeChange, ProgrammeStatus
from manx_learning.audits.tests.factories import grade, grade_all
from manx_learning.core.models import AuditEvent


@pytest.mark.parametrize(
    "reference, problem",
    [
        ("Kermode-12", "name"),
        ("943 476 5919", "letters, numbers and hyphens"),
        ("9434765919", "NHS number"),
        ("12-05-2016", "date of birth"),
        ("QQ123456C", "National Insurance"),
        ("Sarah Quayle", "letters, numbers and hyphens"),
        ("CASE", "at least one number"),
    ],
)
def test_it_refuses_references_that_identify_someone(
    programme, police_lead, police, reference, problem
):
    with pytest.raises(ValidationError) as error:
        services.case_audit_add(
            programme=programme, agency=police, by=police_lead, case_reference=reference
        )
    assert problem in error.value.message_dict["case_reference"][0]


def test_the_first_case_starts_auditing(police_case, programme):
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.AUDITING
    assert police_case.case_reference == "NG-2026-001"


def test_an_agency_audits_only_its_own_sample(programme, health_lead, police):
    with pytest.raises(PermissionDenied):
        services.case_audit_add(
            programme=programme, agency=police, by=health_lead, case_reference="NG-2026-009"
        )


def test_the_sample_cannot_grow_beyond_its_size(programme, police_lead, police):
    for n in range(3):
        services.case_audit_add(
            programme=programme, agency=police, by=police_lead, case_reference=f"NG-2026-00{n}"
        )
    with pytest.raises(ValidationError, match="sample is 3 cases"):
        services.case_audit_add(
            programme=programme, agency=police, by=police_lead, case_reference="NG-2026-099"
        )


def test_another_agency_cannot_grade_the_case(police_case, health_lead):
    with pytest.raises(PermissionDenied):
        grade_all(police_case, health_lead, ["Good"])


def test_submitting_needs_every_section_graded_with_a_narrative(police_case, police_lead, tool):
    first = tool.sections.first()
    answers = {first.pk: services.Answer(grade(tool, "Good"), "")}
    with pytest.raises(ValidationError) as error:
        services.case_audit_save(
            case_audit=police_case, by=police_lead, answers=answers, submit=True
        )
    messages = error.value.message_dict
    assert messages[f"section_{first.pk}_narrative"] == ["Enter the narrative for Recognition"]
    assert "Choose a grade for Assessment" in str(messages)


def test_a_saved_case_can_be_finished_later_and_changes_are_kept(police_case, police_lead):
    grade_all(police_case, police_lead, ["Requires improvement"], submit=False)
    assert police_case.status == CaseAuditStatus.IN_PROGRESS
    grade_all(police_case, police_lead, ["Good"], submit=True)
    assert police_case.status == CaseAuditStatus.SUBMITTED
    changes = GradeChange.objects.filter(section_grade__case_audit=police_case)
    assert changes.filter(from_label="Requires improvement", to_label="Good").count() == 7


@pytest.mark.django_db(transaction=True)
def test_an_inadequate_grade_escalates_once_to_the_people_the_tool_names(
    police_case, police_lead, business_unit_officer, health_lead
):
    grade_all(police_case, police_lead, ["Inadequate", "Good"], submit=False)
    grade_all(police_case, police_lead, ["Inadequate", "Inadequate"], submit=True)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    police_case.refresh_from_db()
    assert police_case.is_escalated
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["bu@example.im", "lead@police.example.im"]
    assert "NG-2026-001" in message.subject
    assert "Recognition" in message.body and "same working day" in message.body
    assert AuditEvent.objects.filter(verb="case_audit.escalated").count() == 1
