"""Every write about audit tools, programmes, case audits and moderation, with history rows and
audit events. Views call these; nothing here trusts that a view checked access."""

import calendar as month_calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from manx_learning.accounts.models import Agency, Role, User
from manx_learning.accounts.permissions import require
from manx_learning.actions.models import Recommendation, SourceKind
from manx_learning.actions.services import recommendation_create
from manx_learning.audits import access, defaults, evidence
from manx_learning.audits.models import (
    AuditProgramme,
    AuditTool,
    CaseAudit,
    CaseAuditStatus,
    Grade,
    GradeChange,
    GradingScale,
    ModerationRecord,
    ProgrammeKind,
    ProgrammeRecommendation,
    ProgrammeStatus,
    SectionGrade,
    ToolQuestion,
    ToolSection,
)
from manx_learning.audits.references import reference_problem
from manx_learning.core.services import audit_log
from manx_learning.core.tasks import send_email_on_commit

RETEST_MONTHS = 6


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Aug → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


# Scales and the default tool ------------------------------------------------------------------


def _scale_from(name: str, description: str, grades: list[tuple[str, bool, bool]]) -> GradingScale:
    scale, _ = GradingScale.objects.get_or_create(name=name, defaults={"description": description})
    if not scale.grades.exists():
        Grade.objects.bulk_create(
            Grade(scale=scale, label=label, rank=rank, is_good_or_better=good, is_inadequate=bad)
            for rank, (label, good, bad) in enumerate(grades, start=1)
        )
    return scale


@transaction.atomic
def defaults_seed() -> AuditTool:
    """The three standard scales and the default multi-agency tool. Safe to run again: nothing
    that exists is changed, so a board's edits survive."""
    scales = {name: _scale_from(name, text, grades) for name, text, grades in defaults.SCALES}
    tool = AuditTool.objects.filter(name=defaults.DEFAULT_TOOL_NAME).order_by("version").first()
    if tool is None:
        tool = AuditTool.objects.create(
            name=defaults.DEFAULT_TOOL_NAME,
            purpose=defaults.DEFAULT_TOOL_PURPOSE,
            scale=scales[defaults.DEFAULT_SCALE],
            escalation_text=defaults.DEFAULT_ESCALATION,
        )
        _add_default_sections(tool)
        audit_log(actor=None, verb="audit_tool.seeded", target=tool)
    return tool


def _add_default_sections(tool: AuditTool) -> None:
    for order, (title, guidance, questions) in enumerate(defaults.DEFAULT_SECTIONS, start=1):
        section = ToolSection.objects.create(tool=tool, title=title, guidance=guidance, order=order)
        ToolQuestion.objects.bulk_create(
            ToolQuestion(section=section, text=text, order=n)
            for n, text in enumerate(questions, start=1)
        )


@transaction.atomic
def scale_create(
    *,
    by: User,
    name: str,
    description: str,
    grades: list[str],
    good_or_better: int,
    inadequate: int,
) -> GradingScale:
    """A new scale from its grades, best first: the first `good_or_better` count towards the
    score, the last `inadequate` set off escalation."""
    require(access.can_manage(by))
    labels = [g.strip() for g in grades if g.strip()]
    errors = {}
    if GradingScale.objects.filter(name__iexact=name.strip()).exists():
        errors["name"] = "A grading scale with this name already exists"
    if len(labels) < 2:
        errors["grades"] = "Enter at least two grades, one a line, best first"
    elif len({g.casefold() for g in labels}) != len(labels):
        errors["grades"] = "Each grade must have a different name"
    elif not 1 <= good_or_better < len(labels):
        errors["good_or_better"] = "Count between 1 and one fewer than the number of grades"
    elif not 0 <= inadequate <= len(labels) - good_or_better:
        errors["inadequate"] = "The inadequate grades cannot include a good or better grade"
    if errors:
        raise ValidationError(errors)
    scale = GradingScale.objects.create(name=name.strip(), description=description.strip())
    last = len(labels) - inadequate
    Grade.objects.bulk_create(
        Grade(
            scale=scale,
            label=label,
            rank=rank,
            is_good_or_better=rank <= good_or_better,
            is_inadequate=rank > last,
        )
        for rank, label in enumerate(labels, start=1)
    )
    audit_log(actor=by, verb="grading_scale.created", target=scale, detail={"grades": labels})
    return scale


# Tools ----------------------------------------------------------------------------------------


def _emails(text: str) -> list[str]:
    found = [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]
    for email in found:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError(
                {"notify_emails": f"‘{email}’ is not an e-mail address: enter one a line"}
            ) from error
    return found


@transaction.atomic
def tool_create(
    *,
    by: User,
    name: str,
    purpose: str,
    scale: GradingScale,
    escalation_text: str,
    notify_agency_lead: bool = True,
    notify_business_unit: bool = True,
    notify_emails: str = "",
    default_sections: bool = True,
) -> AuditTool:
    require(access.can_manage(by), "Only the business unit builds audit tools.")
    if AuditTool.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError(
            {"name": "A tool with this name exists: copy it to a new version instead"}
        )
    tool = AuditTool(
        name=name.strip(),
        purpose=purpose.strip(),
        scale=scale,
        escalation_text=escalation_text.strip(),
        notify_agency_lead=notify_agency_lead,
        notify_business_unit=notify_business_unit,
        notify_emails="\n".join(_emails(notify_emails)),
        created_by=by,
    )
    tool.full_clean()
    tool.save()
    if default_sections:
        _add_default_sections(tool)
    audit_log(actor=by, verb="audit_tool.created", target=tool, detail={"scale": scale.name})
    return tool


def _require_unlocked(tool: AuditTool) -> None:
    if tool.is_locked:
        raise ValidationError(
            "This tool has been used by an audit programme, so its sections and questions are "
            "fixed. Copy it to a new version to change them"
        )


@transaction.atomic
def section_add(*, tool: AuditTool, by: User, title: str, guidance: str = "") -> ToolSection:
    require(access.can_manage(by))
    _require_unlocked(tool)
    if tool.sections.filter(title__iexact=title.strip()).exists():
        raise ValidationError({"title": "The tool already has a section with this title"})
    order = (tool.sections.aggregate(n=Max("order"))["n"] or 0) + 1
    section = ToolSection(tool=tool, title=title.strip(), guidance=guidance.strip(), order=order)
    section.full_clean()
    section.save()
    audit_log(actor=by, verb="audit_tool.section_added", target=tool, detail={"section": title})
    return section


@transaction.atomic
def question_add(*, section: ToolSection, by: User, text: str) -> ToolQuestion:
    require(access.can_manage(by))
    _require_unlocked(section.tool)
    if not text.strip():
        raise ValidationError({"text": "Enter the question"})
    order = (section.questions.aggregate(n=Max("order"))["n"] or 0) + 1
    question = ToolQuestion.objects.create(section=section, text=text.strip(), order=order)
    audit_log(
        actor=by,
        verb="audit_tool.question_added",
        target=section.tool,
        detail={"section": section.title, "question": question.text},
    )
    return question


@transaction.atomic
def section_remove(*, section: ToolSection, by: User) -> None:
    require(access.can_manage(by))
    _require_unlocked(section.tool)
    if section.tool.sections.count() == 1:
        raise ValidationError("A tool needs at least one section")
    audit_log(
        actor=by,
        verb="audit_tool.section_removed",
        target=section.tool,
        detail={"section": section.title},
    )
    section.delete()


@transaction.atomic
def tool_copy(*, tool: AuditTool, by: User) -> AuditTool:
    """A new, unlocked version with the same settings, sections and questions."""
    require(access.can_manage(by))
    latest = AuditTool.objects.filter(name=tool.name).aggregate(n=Max("version"))["n"]
    copy = AuditTool.objects.create(
        name=tool.name,
        version=latest + 1,
        previous=tool,
        purpose=tool.purpose,
        scale=tool.scale,
        escalation_text=tool.escalation_text,
        notify_agency_lead=tool.notify_agency_lead,
        notify_business_unit=tool.notify_business_unit,
        notify_emails=tool.notify_emails,
        created_by=by,
    )
    for section in tool.sections.prefetch_related("questions"):
        new = ToolSection.objects.create(
            tool=copy, title=section.title, guidance=section.guidance, order=section.order
        )
        ToolQuestion.objects.bulk_create(
            ToolQuestion(section=new, text=q.text, order=q.order) for q in section.questions.all()
        )
    audit_log(actor=by, verb="audit_tool.copied", target=copy, detail={"from": str(tool.code)})
    return copy


# Programmes -----------------------------------------------------------------------------------


def _check_programme(
    *,
    tool: AuditTool,
    kind: str,
    agencies: list[Agency],
    audit_starts: date,
    audit_ends: date,
    moderation_on: date,
    retest_on: date,
) -> None:
    errors: dict[str, str] = {}
    if not tool.sections.exists():
        errors["tool"] = "Choose a tool that has at least one section"
    if kind == ProgrammeKind.SINGLE and len(agencies) != 1:
        errors["agencies"] = "Choose exactly one agency for a single-agency audit"
    elif kind == ProgrammeKind.MULTI and len(agencies) < 2:
        errors["agencies"] = "Choose at least two agencies for a multi-agency audit"
    if audit_ends < audit_starts:
        errors["audit_ends"] = "The audit window must close on or after the day it opens"
    elif moderation_on < audit_ends:
        errors["moderation_on"] = "The moderation meeting must be on or after the window closes"
    elif retest_on <= moderation_on:
        errors["retest_on"] = "The retest date must be after the moderation meeting"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def programme_create(
    *,
    by: User,
    tool: AuditTool,
    title: str,
    kind: str,
    agencies: Iterable[Agency],
    sample_size: int,
    audit_starts: date,
    audit_ends: date,
    moderation_on: date,
    retest_on: date | None = None,
    theme: Any = None,
    priorities: Iterable[Any] = (),
    retest_of: AuditProgramme | None = None,
) -> AuditProgramme:
    """Schedule an audit. The retest date defaults to six months after the moderation meeting:
    every audit is planned with its retest, so the cycle closes."""
    require(access.can_manage(by), "Only the business unit plans audit programmes.")
    agencies = list(agencies)
    retest_on = retest_on or months_after(moderation_on, RETEST_MONTHS)
    _check_programme(
        tool=tool,
        kind=kind,
        agencies=agencies,
        audit_starts=audit_starts,
        audit_ends=audit_ends,
        moderation_on=moderation_on,
        retest_on=retest_on,
    )
    programme = AuditProgramme(
        tool=tool,
        title=title.strip(),
        kind=kind,
        sample_size=sample_size,
        audit_starts=audit_starts,
        audit_ends=audit_ends,
        moderation_on=moderation_on,
        retest_on=retest_on,
        theme=theme,
        retest_of=retest_of,
        created_by=by,
    )
    programme.full_clean()
    programme.save()
    programme.agencies.set(agencies)
    programme.priorities.set(list(priorities))
    audit_log(
        actor=by,
        verb="audit_programme.created",
        target=programme,
        detail={
            "tool": str(tool),
            "agencies": [a.agency_code for a in agencies],
            "retest_of": str(retest_of.code) if retest_of else None,
        },
    )
    return programme


@transaction.atomic
def programme_plan_retest(
    *,
    baseline: AuditProgramme,
    by: User,
    audit_starts: date,
    audit_ends: date,
    moderation_on: date,
    retest_on: date | None = None,
    title: str = "",
) -> AuditProgramme:
    """The retest uses the same tool, agencies and sample size, so its grades compare with the
    baseline's like for like."""
    if not baseline.is_completed:
        raise ValidationError("Complete the baseline audit's moderation before planning a retest")
    return programme_create(
        by=by,
        tool=baseline.tool,
        title=title.strip() or f"{baseline.title} – retest",
        kind=baseline.kind,
        agencies=baseline.agencies.all(),
        sample_size=baseline.sample_size,
        audit_starts=audit_starts,
        audit_ends=audit_ends,
        moderation_on=moderation_on,
        retest_on=retest_on,
        theme=baseline.theme,
        priorities=baseline.priorities.all(),
        retest_of=baseline,
    )


@transaction.atomic
def programme_close_auditing(*, programme: AuditProgramme, by: User) -> AuditProgramme:
    """Close the audit window and move to moderation: original grades are fixed from here."""
    require(access.can_manage(by))
    if not programme.is_open_for_auditing:
        raise ValidationError("The audit window is already closed")
    cases = programme.case_audits.all()
    if not cases.filter(status=CaseAuditStatus.SUBMITTED).exists():
        raise ValidationError("No case audit has been submitted yet")
    waiting = cases.filter(status=CaseAuditStatus.IN_PROGRESS)
    if waiting.exists():
        refs = ", ".join(str(c) for c in waiting.select_related("agency"))
        raise ValidationError(f"These case audits are not submitted yet: {refs}")
    programme.status = ProgrammeStatus.MODERATION
    programme.save(update_fields=["status", "updated_at"])
    audit_log(actor=by, verb="audit_programme.moderation_started", target=programme)
    return programme


# Case audits ----------------------------------------------------------------------------------


@transaction.atomic
def case_audit_add(
    *, programme: AuditProgramme, agency: Agency, by: User, case_reference: str
) -> CaseAudit:
    """Add a case to an agency's sample. The reference must be pseudonymous; the sample cannot
    grow beyond the programme's size for each agency."""
    probe = CaseAudit(programme=programme, agency=agency)
    require(access.can_grade(by, probe), "You can only audit your own agency's cases.")
    if not programme.is_open_for_auditing:
        raise ValidationError("The audit window has closed: cases can no longer be added")
    if not programme.agencies.filter(pk=agency.pk).exists():
        raise ValidationError({"agency": "This agency is not taking part in the audit"})
    reference = case_reference.strip().upper()
    problem = reference_problem(reference)
    if problem:
        raise ValidationError({"case_reference": problem})
    sample = programme.case_audits.filter(agency=agency)
    if sample.filter(case_reference=reference).exists():
        raise ValidationError({"case_reference": f"{reference} is already in the sample"})
    if sample.count() >= programme.sample_size:
        raise ValidationError(
            f"{agency.name}'s sample is {programme.sample_size} cases and all have been added"
        )
    case_audit = CaseAudit.objects.create(
        programme=programme, agency=agency, case_reference=reference, auditor=by
    )
    if programme.status == ProgrammeStatus.PLANNED:
        programme.status = ProgrammeStatus.AUDITING
        programme.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=by,
        verb="case_audit.added",
        target=case_audit,
        detail={"programme": str(programme.code), "agency": agency.agency_code},
    )
    return case_audit


@dataclass(frozen=True)
class Answer:
    grade: Grade | None
    narrative: str


def _record_change(
    section_grade: SectionGrade,
    *,
    which: str,
    before: Grade | None,
    after: Grade,
    by: User,
    reason: str = "",
) -> None:
    GradeChange.objects.create(
        section_grade=section_grade,
        which=which,
        from_label=before.label if before else "",
        to_label=after.label,
        reason=reason,
        by=by,
    )


@transaction.atomic
def case_audit_save(
    *, case_audit: CaseAudit, by: User, answers: dict[int, Answer], submit: bool = False
) -> CaseAudit:
    """Save an auditor's grades and narratives; submit when every section is graded.

    1. Check the person audits for this agency and the window is open.
    2. Check each answer: a grade needs a narrative, and the grade must be on the tool's scale.
    3. Write the grades, recording every change of grade in the grade's history.
    4. If any section is now Inadequate and the case was not already escalated, escalate.
    """
    require(access.can_grade(by, case_audit), "You can only audit your own agency's cases.")
    programme = case_audit.programme
    if not programme.is_open_for_auditing:
        raise ValidationError(
            "The audit window has closed and grades are being moderated: ask the business unit "
            "to record a moderated grade, with the reason"
        )
    sections = list(programme.tool.sections.all())
    errors = _answer_errors(sections, answers, programme.tool.scale_id, submit)
    if errors:
        raise ValidationError(errors)
    existing = {g.section_id: g for g in case_audit.grades.select_related("grade")}
    for section in sections:
        answer = answers.get(section.pk)
        if answer and answer.grade:
            _save_grade(case_audit, section, answer, existing.get(section.pk), by)
    if submit:
        case_audit.status = CaseAuditStatus.SUBMITTED
        case_audit.submitted_at = timezone.now()
    case_audit.auditor = case_audit.auditor or by
    case_audit.save()
    audit_log(
        actor=by,
        verb="case_audit.submitted" if submit else "case_audit.saved",
        target=case_audit,
        detail={"graded": case_audit.grades.count()},
    )
    _escalate_if_inadequate(case_audit, by)
    return case_audit


def _answer_errors(
    sections: list[ToolSection], answers: dict[int, Answer], scale_id: int, submit: bool
) -> dict[str, str]:
    errors = {}
    for section in sections:
        answer = answers.get(section.pk) or Answer(None, "")
        field = f"section_{section.pk}"
        if answer.grade and answer.grade.scale_id != scale_id:
            errors[f"{field}_grade"] = f"Choose a grade from the tool's scale for {section.title}"
        elif answer.grade and not answer.narrative.strip():
            errors[f"{field}_narrative"] = f"Enter the narrative for {section.title}"
        elif submit and not answer.grade:
            errors[f"{field}_grade"] = f"Choose a grade for {section.title}"
        elif answer.narrative.strip() and not answer.grade:
            errors[f"{field}_grade"] = f"Choose a grade for {section.title}, or clear its narrative"
    return errors


def _save_grade(
    case_audit: CaseAudit,
    section: ToolSection,
    answer: Answer,
    current: SectionGrade | None,
    by: User,
) -> None:
    # Only sections with a grade are saved (see the caller), so the answer's grade is set.
    assert answer.grade is not None
    if current is None:
        current = SectionGrade.objects.create(
            case_audit=case_audit,
            section=section,
            grade=answer.grade,
            narrative=answer.narrative.strip(),
        )
        _record_change(current, which=GradeChange.ORIGINAL, before=None, after=answer.grade, by=by)
        return
    before = current.grade
    current.grade, current.narrative = answer.grade, answer.narrative.strip()
    current.save()
    if before.pk != answer.grade.pk:
        _record_change(
            current, which=GradeChange.ORIGINAL, before=before, after=answer.grade, by=by
        )


def _escalation_recipients(case_audit: CaseAudit) -> list[str]:
    tool = case_audit.programme.tool
    people = User.objects.none()
    if tool.notify_agency_lead:
        people |= User.objects.filter(
            is_active=True, agency=case_audit.agency, role_grants__role=Role.AGENCY_LEAD
        )
    if tool.notify_business_unit:
        people |= User.objects.filter(is_active=True, role_grants__role=Role.BUSINESS_UNIT)
    emails = set(people.values_list("email", flat=True))
    emails.update(line for line in tool.notify_emails.splitlines() if line.strip())
    return sorted(emails)


def _escalate_if_inadequate(case_audit: CaseAudit, by: User) -> None:
    """The tool's escalation, once per case audit: flag it, tell the people the tool names, and
    write the audit event. A second Inadequate section on the same case does not re-send."""
    grades = case_audit.grades.select_related("section", "grade")
    inadequate = [g.section.title for g in grades if g.final_grade.is_inadequate]
    if not inadequate or case_audit.is_escalated:
        return
    claimed = CaseAudit.objects.filter(pk=case_audit.pk, escalated_at__isnull=True).update(
        escalated_at=timezone.now()
    )
    if not claimed:
        return
    case_audit.refresh_from_db()
    recipients = _escalation_recipients(case_audit)
    programme = case_audit.programme
    url = settings.SITE_URL + reverse("audits:case", kwargs={"code": case_audit.code})
    if recipients:
        send_email_on_commit(
            to=recipients,
            template="audits/email/escalation",
            context={
                "case_reference": case_audit.case_reference,
                "agency": case_audit.agency.name,
                "programme": programme.title,
                "sections": inadequate,
                "escalation": programme.tool.escalation_text,
                "url": url,
            },
        )
    audit_log(
        actor=by,
        verb="case_audit.escalated",
        target=case_audit,
        detail={"sections": inadequate, "notified": recipients},
    )


# Moderation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Moderation:
    grade: Grade
    note: str


@transaction.atomic
def grades_moderate(
    *, case_audit: CaseAudit, by: User, answers: dict[int, Moderation]
) -> list[SectionGrade]:
    """Record the moderated grade for a case's sections; the original is kept.

    A moderated grade that differs from the original needs a note saying why; once the
    programme is completed any change needs a reason. Every change joins the grade's history."""
    require(access.can_manage(by), "Only the business unit records moderated grades.")
    programme = case_audit.programme
    if not programme.is_past_auditing:
        raise ValidationError("Close the audit window before moderating grades")
    completed = programme.is_completed
    grades = list(case_audit.grades.select_related("section", "grade", "moderated_grade"))
    errors, changed = {}, []
    for item in grades:
        answer = answers.get(item.section_id)
        if answer is None or (answer.grade.pk == item.final_grade.pk and item.moderated_grade_id):
            continue
        field = f"section_{item.section_id}"
        if answer.grade.scale_id != programme.tool.scale_id:
            errors[f"{field}_grade"] = f"Choose a grade from the tool's scale for {item.section}"
        elif completed and not answer.note.strip():
            errors[f"{field}_note"] = (
                f"Enter the reason for changing the moderated grade for {item.section}"
            )
        elif answer.grade.pk != item.grade_id and not answer.note.strip():
            errors[f"{field}_note"] = f"Enter why the grade for {item.section} was changed"
        else:
            changed.append((item, answer))
    if errors:
        raise ValidationError(errors)
    for item, answer in changed:
        before = item.moderated_grade
        item.moderated_grade, item.moderation_note = answer.grade, answer.note.strip()
        item.save()
        _record_change(
            item,
            which=GradeChange.MODERATED,
            before=before,
            after=answer.grade,
            by=by,
            reason=answer.note.strip(),
        )
    if changed:
        audit_log(
            actor=by,
            verb="case_audit.moderated",
            target=case_audit,
            detail={str(i.section): a.grade.label for i, a in changed},
        )
        _escalate_if_inadequate(case_audit, by)
    return [item for item, _ in changed]


@transaction.atomic
def moderation_record(
    *,
    programme: AuditProgramme,
    by: User,
    held_on: date,
    attendees: str,
    agencies: Iterable[Agency],
    good_practice: str,
    areas_for_development: str,
) -> ModerationRecord:
    """Record the discussion and complete the programme.

    1. Grades the discussion did not change are confirmed: their moderated grade is the original.
    2. The programme is completed, and its result goes into the QA evidence register with a link
       back (refreshed, not duplicated, if the record is corrected later).
    """
    require(access.can_manage(by), "Only the business unit records moderation.")
    if not programme.is_in_moderation and not hasattr(programme, "moderation"):
        raise ValidationError("Close the audit window before recording the moderation")
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The date of the meeting must be today or in the past"})
    agencies = list(agencies)
    if not agencies:
        raise ValidationError({"agencies": "Choose the agencies that took part"})
    record, created = ModerationRecord.objects.update_or_create(
        programme=programme,
        defaults={
            "held_on": held_on,
            "attendees": attendees.strip(),
            "good_practice": good_practice.strip(),
            "areas_for_development": areas_for_development.strip(),
            "recorded_by": by,
        },
    )
    record.full_clean()
    record.agencies.set(agencies)
    for item in SectionGrade.objects.filter(
        case_audit__programme=programme, moderated_grade__isnull=True
    ):
        item.moderated_grade = item.grade
        item.save(update_fields=["moderated_grade", "updated_at"])
    programme.status, programme.completed_on = ProgrammeStatus.COMPLETED, held_on
    programme.save(update_fields=["status", "completed_on", "updated_at"])
    audit_log(
        actor=by,
        verb="audit_programme.moderated" if created else "audit_programme.moderation_corrected",
        target=programme,
        detail={"agencies": [a.agency_code for a in agencies]},
    )
    evidence.programme_evidence_record(programme=programme, by=by)
    return record


@transaction.atomic
def programme_recommendation_add(
    *,
    programme: AuditProgramme,
    by: User,
    text: str,
    agencies: Iterable[Agency] = (),
    to_board: bool = False,
    smart_outcome: str,
    smart_measure: str,
    smart_owner: str,
    smart_timescale: str,
) -> Recommendation:
    """A recommendation from the moderation, added to the Board's register with its source."""
    require(access.can_manage(by), "Only the business unit adds recommendations.")
    if not programme.is_past_auditing:
        raise ValidationError("Recommendations come from the moderation: close the window first")
    recommendation = recommendation_create(
        by=by,
        text=text,
        source_kind=SourceKind.AUDIT,
        source_title=f"Audit: {programme.title}"[:200],
        source_year=programme.moderation_on.year,
        agencies=list(agencies),
        to_board=to_board,
        themes=[programme.theme] if programme.theme else [],
        smart_outcome=smart_outcome,
        smart_measure=smart_measure,
        smart_owner=smart_owner,
        smart_timescale=smart_timescale,
    )
    ProgrammeRecommendation.objects.create(programme=programme, recommendation=recommendation)
    audit_log(
        actor=by,
        verb="audit_programme.recommendation_added",
        target=programme,
        detail={"recommendation": str(recommendation.code)},
    )
    return recommendation
