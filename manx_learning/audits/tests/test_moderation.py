"""Moderation keeps the original grades, records reasons, completes the programme, adds evidence
and recommendations; the retest is compared with the baseline."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from manx_learning.actions.models import SourceKind
from manx_learning.assurance import calendar, measures
from manx_learning.assurance.models import Evidence
from manx_learning.audits import services
from manx_learning.audits.models import GradeChange, ProgrammeStatus, SectionGrade
from manx_learning.audits.tests.factories import grade, grade_all
from manx_learning.vocabulary.models import EvidenceSource


@pytest.fixture
def audited(programme, police_lead, health_lead, police, health):
    """Three cases each: police mostly Requires improvement, health mostly Good."""
    for n in range(3):
        case = services.case_audit_add(
            programme=programme, agency=police, by=police_lead, case_reference=f"NG-2026-01{n}"
        )
        grade_all(case, police_lead, ["Requires improvement"])
        case = services.case_audit_add(
            programme=programme, agency=health, by=health_lead, case_reference=f"NG-2026-02{n}"
        )
        grade_all(case, health_lead, ["Good"])
    return programme


def _moderate(programme, by, **extra):
    return services.moderation_record(
        programme=programme,
        by=by,
        held_on=date(2026, 5, 14),
        attendees="Safeguarding leads of police and health; business unit",
        agencies=programme.agencies.all(),
        good_practice="Children were seen alone.",
        areas_for_development="Chronologies were missing.",
        **extra,
    )


def _complete(programme, by):
    services.programme_close_auditing(programme=programme, by=by)
    return _moderate(programme, by)


def test_moderation_keeps_the_original_and_needs_a_reason_for_a_change(
    audited, business_unit_officer, tool
):
    services.programme_close_auditing(programme=audited, by=business_unit_officer)
    case = audited.case_audits.get(case_reference="NG-2026-010")
    section = tool.sections.first()
    answers = {section.pk: services.Moderation(grade(tool, "Good"), "")}
    with pytest.raises(ValidationError, match="why the grade for Recognition was changed"):
        services.grades_moderate(case_audit=case, by=business_unit_officer, answers=answers)
    answers = {section.pk: services.Moderation(grade(tool, "Good"), "Strong multi-agency plan")}
    services.grades_moderate(case_audit=case, by=business_unit_officer, answers=answers)
    item = SectionGrade.objects.get(case_audit=case, section=section)
    assert (item.grade.label, item.moderated_grade.label) == ("Requires improvement", "Good")


def test_original_grades_are_fixed_once_moderation_starts(audited, business_unit_officer):
    services.programme_close_auditing(programme=audited, by=business_unit_officer)
    case = audited.case_audits.first()
    with pytest.raises(ValidationError, match="grades are being moderated"):
        grade_all(case, business_unit_officer, ["Good"])


def test_after_completion_a_moderated_grade_changes_only_with_a_reason(
    audited, business_unit_officer, tool
):
    _complete(audited, business_unit_officer)
    case = audited.case_audits.get(case_reference="NG-2026-020")
    section = tool.sections.last()
    change = {section.pk: services.Moderation(grade(tool, "Outstanding"), "")}
    with pytest.raises(ValidationError, match="reason for changing the moderated grade"):
        services.grades_moderate(case_audit=case, by=business_unit_officer, answers=change)
    change = {section.pk: services.Moderation(grade(tool, "Outstanding"), "Re-read the plan")}
    services.grades_moderate(case_audit=case, by=business_unit_officer, answers=change)
    history = GradeChange.objects.filter(section_grade__case_audit=case, which="moderated")
    assert history.get(to_label="Outstanding").reason == "Re-read the plan"


def test_completing_adds_the_audit_to_the_evidence_register(audited, business_unit_officer):
    _complete(audited, business_unit_officer)
    audited.refresh_from_db()
    assert audited.status == ProgrammeStatus.COMPLETED
    evidence = Evidence.objects.get()
    assert evidence.source == EvidenceSource.MULTI_AGENCY_AUDIT
    assert evidence.origin == audited and evidence.is_automatic
    assert "50% of moderated section grades were good or better" in evidence.summary
    assert str(audited.code) in evidence.link_url
    _moderate(audited, business_unit_officer)  # corrected: refreshed, not duplicated
    assert Evidence.objects.count() == 1


def test_recommendations_go_into_the_register(audited, business_unit_officer, police):
    _complete(audited, business_unit_officer)
    rec = services.programme_recommendation_add(
        programme=audited,
        by=business_unit_officer,
        text="Police chronologies should record every referral.",
        agencies=[police],
        smart_outcome="Chronologies complete",
        smart_measure="Retest audit",
        smart_owner="Police lead",
        smart_timescale="Six months",
    )
    assert rec.source_kind == SourceKind.AUDIT
    assert rec.audit_link.programme == audited


def test_the_retest_is_compared_with_the_baseline(
    audited, business_unit_officer, police_lead, health_lead, police, health
):
    _complete(audited, business_unit_officer)
    assert measures.comparison_for(audited).verdict == measures.Verdict.NOT_YET
    retest = services.programme_plan_retest(
        baseline=audited,
        by=business_unit_officer,
        audit_starts=date(2026, 11, 1),
        audit_ends=date(2026, 11, 30),
        moderation_on=date(2026, 12, 10),
    )
    assert retest.tool == audited.tool and retest.sample_size == 3
    assert set(retest.agencies.all()) == {police, health}
    assert retest.retest_on == date(2027, 6, 10)
    for n in range(3):
        for agency, lead in ((police, police_lead), (health, health_lead)):
            case = services.case_audit_add(
                programme=retest, agency=agency, by=lead, case_reference=f"RT-{agency.pk}-{n}"
            )
            grade_all(case, lead, ["Good"])
    services.programme_close_auditing(programme=retest, by=business_unit_officer)
    services.moderation_record(
        programme=retest,
        by=business_unit_officer,
        held_on=date(2026, 5, 20),
        attendees="Leads",
        agencies=retest.agencies.all(),
        good_practice="Chronologies in place.",
        areas_for_development="Keep going.",
    )
    comparison = measures.comparison_for(audited)
    assert comparison.verdict == measures.Verdict.IMPROVED
    assert comparison.baseline.score == 50.0 and comparison.retest.score == 100.0
    assert comparison.baseline.distribution["Requires improvement"] == 21
    assert "a change of +50.0" in comparison.explanation


def test_the_calendar_shows_windows_meetings_and_retests(programme, police_lead, health_lead):
    items = calendar.items_between(date(2026, 4, 1), date(2026, 12, 31))
    mine = [i for i in items if programme.title in i.title]
    assert [i.kind for i in mine] == ["audit", "audit", "retest"]
    assert mine[2].due == date(2026, 11, 14)
    assert set(mine[0].remind) == {police_lead, health_lead}
