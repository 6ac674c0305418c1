"""Every write about a review: stage rules, clocks, timeline rows and audit events."""

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import dateformat, timezone

from manx_learning.accounts.models import Agency, User
from manx_learning.accounts.permissions import is_business_unit, is_reviewer, require
from manx_learning.actions import services as actions_services
from manx_learning.actions.models import Recommendation, RecommendationResponse
from manx_learning.core.concurrency import changed_fields, ensure_unchanged, snapshot
from manx_learning.core.jobs import job_start
from manx_learning.core.models import Job
from manx_learning.core.services import audit_log
from manx_learning.core.unset import UNSET, Unset, only_given
from manx_learning.core.uploads import validate_upload
from manx_learning.lib import chronology
from manx_learning.lib.anonymiser import (
    DocumentError,
    DocumentLimits,
    DocumentTooLarge,
    check_limits,
)
from manx_learning.lib.workdays import due_date
from manx_learning.reviews import access, evidence
from manx_learning.reviews.models import (
    AgencyRequest,
    Approval,
    ChronologyEntry,
    Clock,
    Decision,
    FamilyContact,
    Finding,
    FindingKind,
    LearningEvent,
    Outcome,
    ParallelProcess,
    PublicationChoice,
    RegisterIdentifier,
    RegisterPerson,
    ReportVersion,
    RequestKind,
    RetainedRecord,
    RetentionHold,
    Review,
    ReviewerAssignment,
    ReviewKind,
    Screening,
    Stage,
    StageChange,
    Subject,
    Timescale,
)
from manx_learning.vocabulary.models import Theme

# What someone the access rules say no to is told.
DENIED = "You cannot do this on this review."

# Defaults until the business unit changes them (Timescale rows override these).
DEFAULT_TIMESCALES: dict[str, tuple[int, str]] = {
    Clock.DECISION: (15, "working_days"),
    Clock.SUMMARIES: (10, "working_days"),
    Clock.AGENCY_REPORTS: (20, "working_days"),
    Clock.COMPLETION: (6, "months"),
    Clock.RESPONSES: (20, "working_days"),
}

NATIONAL_THEMES = [
    "Information sharing",
    "Professional curiosity",
    "Voice of the child",
    "Voice of the adult",
    "Risk assessment",
    "Domestic abuse",
    "Neglect",
    "Self-neglect",
    "Exploitation",
    "Mental capacity",
    "Mental health",
    "Substance misuse",
    "Transitions",
    "Escalation",
    "Supervision",
    "Whole-family working (Think Family)",
    "Adverse childhood experiences",
    "Housing",
    "Multi-agency working",
    "Disguised compliance",
    "Young carers",
    "Early help",
]


def _move(review: Review, to: str, *, by: User, note: str = "") -> None:
    """Change stage, writing the timeline row and the audit event together."""
    before = review.stage
    review.stage = to
    review.save(update_fields=["stage", "updated_at"])
    StageChange.objects.create(
        review=review, from_stage=before, to_stage=to, changed_by=by, note=note[:300]
    )
    audit_log(
        actor=by, verb="review.stage_changed", target=review, detail={"from": before, "to": to}
    )


def _require_not_future(day: date, field_name: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field_name: f"{what} must be today or in the past"})


def _require_stage(review: Review, *stages: str) -> None:
    if review.stage not in stages:
        names = ", ".join(Stage(s).label.lower() for s in stages)
        raise ValidationError(
            f"This can only be done while the review is at: {names}. "
            f"It is at: {review.get_stage_display().lower()}."
        )


# Clocks ---------------------------------------------------------------------------------------


def timescale(clock: str) -> tuple[int, str]:
    row = Timescale.objects.filter(clock=clock).first()
    return (row.amount, row.unit) if row else DEFAULT_TIMESCALES[clock]


def clock_due(clock: str, start: date) -> date:
    amount, unit = timescale(clock)
    return due_date(start, amount, unit)


@transaction.atomic
def timescale_set(*, clock: str, amount: int, unit: str, by: User) -> Timescale:
    require(access.can_manage_review(by), "Only the business unit can change timescales.")
    row = Timescale.objects.filter(clock=clock).first() or Timescale(clock=clock)
    row.amount, row.unit = amount, unit
    row.full_clean()
    row.save()
    audit_log(
        actor=by, verb="timescale.changed", detail={"clock": clock, "amount": amount, "unit": unit}
    )
    return row


@dataclass(frozen=True)
class Deadline:
    label: str
    due: date
    done: bool
    overdue: bool


def review_deadlines(review: Review, today: date) -> list[Deadline]:
    """What is due on this review, and what is overdue."""
    items: list[Deadline] = []

    def add(label: str, due: date, done: bool) -> None:
        items.append(Deadline(label, due, done, not done and due < today))

    decided = hasattr(review, "decision")
    add("Panel decision", clock_due(Clock.DECISION, review.referral_date), decided)
    for request in review.requests.select_related("agency"):
        add(
            f"{request.get_kind_display()}: {request.agency.name}",
            request.due_date,
            request.is_submitted,
        )
    if review.commissioned_date:
        target = review.target_completion_date or clock_due(
            Clock.COMPLETION, review.commissioned_date
        )
        add("Review completed", target, review.stage in {Stage.APPROVAL, Stage.APPROVED})
    answered = {
        (r.recommendation_id, r.agency_id)
        for r in RecommendationResponse.objects.filter(recommendation__review=review)
    }
    for recommendation in review.recommendations.prefetch_related("agencies"):
        if not recommendation.responses_due:
            continue
        for agency in recommendation.agencies.all():
            add(
                f"Response to R{recommendation.number}: {agency.name}",
                recommendation.responses_due,
                (recommendation.pk, agency.pk) in answered,
            )
    return sorted(items, key=lambda d: (d.done, not d.overdue, d.due))


# Referral -------------------------------------------------------------------------------------


def _next_reference(year: int) -> str:
    prefix = f"REF-{year}-"
    existing = Review.objects.filter(reference__startswith=prefix).values_list(
        "reference", flat=True
    )
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in existing if ref.rsplit("-", 1)[1].isdigit()]
    return f"{prefix}{(max(numbers) + 1 if numbers else 1):03d}"


@transaction.atomic
def review_refer(
    *,
    by: User,
    title: str,
    referral_date: date,
    referrer_name: str,
    referral_source: str,
    harm: str,
    abuse_neglect: str,
    concern: str,
    agencies: list[Agency],
    subjects: list[dict[str, str]],
    parallel: list[dict[str, str]] | None = None,
    family_wishes: str = "",
    incident_date: date | None = None,
    referring_agency: Agency | None = None,
) -> Review:
    """Record a referral. Anyone with a staff role can refer."""
    require(access.can_refer(by), "Only staff can refer a case.")
    if not subjects:
        raise ValidationError({"subjects": "Add at least one subject, by pseudonym"})
    if incident_date and incident_date > referral_date:
        raise ValidationError(
            {"incident_date": "The incident date must be on or before the referral date"}
        )
    review = Review(
        reference=_next_reference(referral_date.year),
        title=title.strip(),
        referring_agency=referring_agency or by.agency,
        referred_by=by,
        referrer_name=referrer_name.strip(),
        referral_source=referral_source.strip(),
        harm=harm,
        abuse_neglect=abuse_neglect,
        concern=concern.strip(),
        family_wishes=family_wishes.strip(),
        referral_date=referral_date,
        incident_date=incident_date,
    )
    review.full_clean()
    review.save()
    review.agencies.set(agencies)
    for subject in subjects:
        item = Subject(review=review, **subject)
        item.full_clean()
        item.save()
    for process in parallel or []:
        ParallelProcess.objects.create(review=review, **process)
    StageChange.objects.create(
        review=review, to_stage=Stage.REFERRAL, changed_by=by, note="Referred"
    )
    audit_log(
        actor=by,
        verb="review.referred",
        target=review,
        detail={"reference": review.reference, "agencies": [a.agency_code for a in agencies]},
    )
    return review


@transaction.atomic
def subject_add(
    *, review: Review, by: User, pseudonym: str, age_band: str, category: str
) -> Subject:
    require(access.can_manage_review(by, review), DENIED)
    subject = Subject(
        review=review, pseudonym=pseudonym.strip(), age_band=age_band, category=category
    )
    subject.full_clean()
    subject.save()
    audit_log(
        actor=by,
        verb="review.subject_added",
        target=review,
        detail={"pseudonym": subject.pseudonym},
    )
    return subject


@transaction.atomic
def parallel_process_add(
    *, review: Review, by: User, kind: str, detail: str = ""
) -> ParallelProcess:
    require(access.can_manage_review(by, review), DENIED)
    process = ParallelProcess(review=review, kind=kind, detail=detail.strip())
    process.full_clean()
    process.save()
    audit_log(actor=by, verb="review.parallel_process_added", target=review, detail={"kind": kind})
    return process


# Requests to agencies -------------------------------------------------------------------------


@transaction.atomic
def requests_send(
    *, review: Review, by: User, kind: str, agencies: list[Agency], due: date | None = None
) -> list[AgencyRequest]:
    """Ask agencies for summaries (screening) or reports and chronologies (gathering)."""
    require(access.can_manage_review(by, review), DENIED)
    if not agencies:
        raise ValidationError({"agencies": "Choose at least one agency"})
    today = timezone.localdate()
    if kind == RequestKind.SUMMARY:
        _require_stage(review, Stage.REFERRAL, Stage.SCREENING)
        due = due or clock_due(Clock.SUMMARIES, today)
    else:
        _require_stage(review, Stage.GATHERING, Stage.ANALYSIS)
        due = due or clock_due(Clock.AGENCY_REPORTS, today)
    if due < today:
        raise ValidationError({"due": "The due date must be today or in the future"})
    created = []
    for agency in agencies:
        request, made = AgencyRequest.objects.get_or_create(
            review=review, agency=agency, kind=kind, defaults={"due_date": due, "requested_by": by}
        )
        if made:
            created.append(request)
    review.agencies.add(*agencies)
    audit_log(
        actor=by,
        verb="review.requests_sent",
        target=review,
        detail={
            "kind": kind,
            "agencies": [a.agency_code for a in agencies],
            "due": due.isoformat(),
        },
    )
    if kind == RequestKind.SUMMARY and review.stage == Stage.REFERRAL:
        _move(review, Stage.SCREENING, by=by, note="Agency summaries requested")
    return created


@transaction.atomic
def request_submit(
    *, request: AgencyRequest, by: User, text: str, document: Any = None
) -> AgencyRequest:
    require(access.can_submit_request(by, request), "Only this agency's lead can submit this.")
    if request.is_submitted:
        raise ValidationError("This has already been submitted")
    if request.is_withdrawn:
        raise ValidationError("The business unit withdrew this request, so it needs no answer")
    # An approved review still takes what it asked for and did not get, for the record.
    if request.review.stage == Stage.NO_REVIEW:
        raise ValidationError("The review has closed, so nothing more can be submitted to it")
    if not text.strip() and not document:
        raise ValidationError({"text": "Enter your agency's submission or attach a document"})
    if document:
        allowed = {"pdf", "docx"} | (
            {"csv", "xlsx"} if request.kind == RequestKind.CHRONOLOGY else set()
        )
        try:
            validate_upload(document, allowed=allowed)
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from error
    request.text = text.strip()
    if document:
        request.document = document
    request.submitted_at = timezone.now()
    request.submitted_by = by
    request.save()
    audit_log(
        actor=by,
        verb="review.request_submitted",
        target=request.review,
        detail={"kind": request.kind, "agency": request.agency.agency_code},
    )
    return request


# Screening and decision -----------------------------------------------------------------------


@transaction.atomic
def screening_record(
    *,
    review: Review,
    by: User,
    serious_harm: bool,
    abuse_or_neglect: bool,
    interagency_concern: bool,
    recommendation: str,
    rationale: str,
) -> Screening:
    require(access.can_manage_review(by, review), DENIED)
    _require_stage(review, Stage.REFERRAL, Stage.SCREENING)
    if not rationale.strip():
        raise ValidationError({"rationale": "Enter the reasons for the recommendation"})
    screening, _ = Screening.objects.update_or_create(
        review=review,
        defaults={
            "serious_harm": serious_harm,
            "abuse_or_neglect": abuse_or_neglect,
            "interagency_concern": interagency_concern,
            "recommendation": recommendation,
            "rationale": rationale.strip(),
            "recorded_by": by,
        },
    )
    audit_log(
        actor=by,
        verb="review.screened",
        target=review,
        detail={"criteria_met": screening.criteria_met, "recommendation": recommendation},
    )
    _move(review, Stage.DECISION, by=by, note="Screening recorded; for Panel decision")
    return screening


@transaction.atomic
def decision_record(
    *,
    review: Review,
    by: User,
    outcome: str,
    rationale: str,
    decided_by: str,
    decided_on: date,
    review_kind: str = "",
    alternative_learning: str = "",
) -> Decision:
    """The Panel's decision. No decision without rationale; "no review" still says how the
    learning will be captured."""
    require(access.can_decide(by), "Only the SCMR Panel can record a decision.")
    _require_stage(review, Stage.DECISION, Stage.SCREENING, Stage.REFERRAL)
    errors: dict[str, str] = {}
    if not rationale.strip():
        errors["rationale"] = "Enter the rationale for the decision"
    if outcome == Outcome.NO_REVIEW and not alternative_learning.strip():
        errors["alternative_learning"] = "Enter how the learning will be captured without a review"
    if outcome == Outcome.OTHER_REVIEW and review_kind not in {
        ReviewKind.THEMATIC,
        ReviewKind.LEARNING_REVIEW,
        ReviewKind.LEARNING_REPORT,
    }:
        errors["review_kind"] = "Choose the kind of review"
    if decided_on > timezone.localdate():
        errors["decided_on"] = "The decision date must be today or in the past"
    if decided_on < review.referral_date:
        errors["decided_on"] = "The decision date must be on or after the referral date"
    if errors:
        raise ValidationError(errors)
    kind = ReviewKind.SCMR if outcome == Outcome.SCMR else review_kind
    decision = Decision.objects.create(
        review=review,
        outcome=outcome,
        review_kind=kind if outcome != Outcome.NO_REVIEW else "",
        rationale=rationale.strip(),
        alternative_learning=alternative_learning.strip(),
        decided_by=decided_by.strip() or "SCMR Panel",
        decided_on=decided_on,
        recorded_by=by,
    )
    review.decision_date = decided_on
    if outcome == Outcome.NO_REVIEW:
        review.save(update_fields=["decision_date", "updated_at"])
        _move(review, Stage.NO_REVIEW, by=by, note="No review; learning captured another way")
    else:
        review.kind = kind
        review.mandate = _mandate_for(review, kind)
        review.save(update_fields=["decision_date", "kind", "mandate", "updated_at"])
        _move(
            review, Stage.COMMISSIONING, by=by, note=f"Decision: {decision.get_outcome_display()}"
        )
    audit_log(
        actor=by, verb="review.decided", target=review, detail={"outcome": outcome, "kind": kind}
    )
    return decision


def _mandate_for(review: Review, kind: str) -> str:
    if kind == ReviewKind.THEMATIC:
        return "thematic"
    screening = getattr(review, "screening", None)
    return (
        "mandatory"
        if kind == ReviewKind.SCMR and screening and screening.criteria_met
        else "discretionary"
    )


# Commissioning --------------------------------------------------------------------------------

TERMS_FIELDS = (
    "scope_start",
    "scope_end",
    "lines_of_enquiry",
    "methodology",
    "methodology_detail",
    "reviewer_independence",
    "family_involvement",
    "family_involvement_detail",
    "parallel_handling",
    "target_completion_date",
)
# What the terms of reference form changes: checked for edit conflicts, and shown before and
# after in the trail.
TERMS_EDITABLE_FIELDS = (*TERMS_FIELDS, "panel_members", "agencies")


@transaction.atomic
def terms_save(
    *,
    review: Review,
    by: User,
    panel_members: list[Any] | None = None,
    agencies: list[Agency] | None = None,
    scope_start: date | Unset | None = UNSET,
    scope_end: date | Unset | None = UNSET,
    lines_of_enquiry: str | Unset = UNSET,
    methodology: str | Unset = UNSET,
    methodology_detail: str | Unset = UNSET,
    reviewer_independence: str | Unset = UNSET,
    family_involvement: str | Unset = UNSET,
    family_involvement_detail: str | Unset = UNSET,
    parallel_handling: str | Unset = UNSET,
    target_completion_date: date | Unset | None = UNSET,
    seen: str | None = None,
) -> Review:
    """Save the terms of reference; only the fields given change (a re-save of agencies alone
    leaves the rest as they were). `seen` is the form's edit token: if someone else changed the
    terms since, nothing is saved and EditConflict says what they changed."""
    given = {
        "scope_start": scope_start,
        "scope_end": scope_end,
        "lines_of_enquiry": lines_of_enquiry,
        "methodology": methodology,
        "methodology_detail": methodology_detail,
        "reviewer_independence": reviewer_independence,
        "family_involvement": family_involvement,
        "family_involvement_detail": family_involvement_detail,
        "parallel_handling": parallel_handling,
        "target_completion_date": target_completion_date,
    }
    terms = only_given(given)
    require(access.can_manage_review(by, review), DENIED)
    _require_stage(review, Stage.COMMISSIONING, Stage.GATHERING)
    ensure_unchanged(review, seen, TERMS_EDITABLE_FIELDS)
    before = snapshot(review, TERMS_EDITABLE_FIELDS)
    if isinstance(scope_start, date) and isinstance(scope_end, date) and scope_start > scope_end:
        raise ValidationError({"scope_end": "The end of the scope period must be after its start"})
    for name, value in terms.items():
        setattr(review, name, value.strip() if isinstance(value, str) else value)
    review.full_clean()
    review.save()
    if panel_members is not None:
        review.panel_members.set(panel_members)
    if agencies:
        # Agencies already asked for something stay in scope: their submissions are part of it.
        asked = Agency.objects.filter(review_requests__review=review)
        review.agencies.set({*agencies, *asked})
    changed = changed_fields(before, snapshot(review, TERMS_EDITABLE_FIELDS))
    audit_log(
        actor=by,
        verb="review.terms_saved",
        target=review,
        detail={"fields": sorted(terms), "changed": changed},
    )
    return review


@transaction.atomic
def reviewer_assign(
    *, review: Review, by: User, reviewer: Any, is_independent: bool = True, note: str = ""
) -> ReviewerAssignment:
    require(access.can_manage_review(by, review), DENIED)
    if not is_reviewer(reviewer):
        raise ValidationError({"reviewer": "Choose someone with the reviewer role"})
    assignment, _ = ReviewerAssignment.objects.update_or_create(
        review=review,
        reviewer=reviewer,
        defaults={"is_independent": is_independent, "independence_note": note.strip()},
    )
    audit_log(
        actor=by,
        verb="review.reviewer_assigned",
        target=review,
        detail={"reviewer": reviewer.email},
    )
    return assignment


def commissioning_gaps(review: Review) -> list[str]:
    """What is still missing before the review can be commissioned."""
    gaps = []
    if not (review.scope_start and review.scope_end):
        gaps.append("the scope period")
    if not review.lines_of_enquiry.strip():
        gaps.append("the key lines of enquiry")
    if not review.methodology:
        gaps.append("the methodology")
    if review.methodology == "other" and not review.methodology_detail.strip():
        gaps.append("a description of the other methodology")
    if not review.assignments.exists():
        gaps.append("a reviewer")
    if not review.reviewer_independence.strip():
        gaps.append("the reviewer's independence")
    if not review.family_involvement:
        gaps.append("how the person or family will be involved")
    elif (
        review.family_involvement in {"declined", "not_involved"}
        and not review.family_involvement_detail.strip()
    ):
        gaps.append("why the person or family is not involved")
    if review.parallel_processes.exists() and not review.parallel_handling.strip():
        gaps.append("how the parallel processes are handled")
    if not review.agencies.exists():
        gaps.append("the agencies in scope")
    return gaps


@transaction.atomic
def review_commission(*, review: Review, by: User, commissioned_on: date) -> Review:
    require(access.can_manage_review(by, review), DENIED)
    _require_stage(review, Stage.COMMISSIONING)
    gaps = commissioning_gaps(review)
    if gaps:
        raise ValidationError("Before commissioning, add " + ", ".join(gaps))
    review.commissioned_date = commissioned_on
    if not review.target_completion_date:
        review.target_completion_date = clock_due(Clock.COMPLETION, commissioned_on)
    review.save(update_fields=["commissioned_date", "target_completion_date", "updated_at"])
    _move(review, Stage.GATHERING, by=by, note="Commissioned")
    return review


# Gathering ------------------------------------------------------------------------------------


@transaction.atomic
def learning_event_add(
    *,
    review: Review,
    by: User,
    held_on: date,
    attendees: str,
    learning: str,
    agencies: list[Agency],
) -> LearningEvent:
    require(access.can_work_on_review(by, review), DENIED)
    _require_stage(review, Stage.GATHERING, Stage.ANALYSIS)
    _require_not_future(held_on, "held_on", "The date of the learning event")
    event = LearningEvent(
        review=review, held_on=held_on, attendees=attendees.strip(), learning=learning.strip()
    )
    event.full_clean()
    event.save()
    event.agencies.set(agencies)
    audit_log(
        actor=by,
        verb="review.learning_event_added",
        target=review,
        detail={"held_on": held_on.isoformat()},
    )
    return event


@transaction.atomic
def family_contact_add(
    *, review: Review, by: User, contact_on: date, who: str, method: str, summary: str
) -> FamilyContact:
    require(access.can_work_on_review(by, review), DENIED)
    _require_stage(review, Stage.COMMISSIONING, Stage.GATHERING, Stage.ANALYSIS)
    _require_not_future(contact_on, "contact_on", "The date of the contact")
    contact = FamilyContact(
        review=review,
        contact_on=contact_on,
        who=who.strip(),
        method=method.strip(),
        summary=summary.strip(),
    )
    contact.full_clean()
    contact.save()
    audit_log(
        actor=by,
        verb="review.family_contact_added",
        target=review,
        detail={"on": contact_on.isoformat()},
    )
    return contact


@transaction.atomic
def analysis_start(*, review: Review, by: User) -> Review:
    require(access.can_work_on_review(by, review), DENIED)
    _require_stage(review, Stage.GATHERING)
    _move(review, Stage.ANALYSIS, by=by, note="Information gathered; findings and recommendations")
    return review


# Findings and recommendations -----------------------------------------------------------------


@transaction.atomic
def finding_add(
    *,
    review: Review,
    by: User,
    kind: str,
    title: str,
    text: str,
    themes: list[Theme],
    agencies: list[Agency],
    chronology_entries: list[Any] | None = None,
) -> Finding:
    require(access.can_work_on_review(by, review), DENIED)
    _require_stage(review, Stage.GATHERING, Stage.ANALYSIS)
    finding = Finding(review=review, kind=kind, title=title.strip(), text=text.strip())
    finding.full_clean()
    finding.save()
    finding.themes.set(themes)
    finding.agencies.set(agencies)
    entries = [e for e in (chronology_entries or []) if e.review_id == review.pk]
    finding.chronology_entries.set(entries)
    audit_log(
        actor=by,
        verb="review.finding_added",
        target=review,
        detail={"kind": kind, "title": finding.title},
    )
    return finding


@transaction.atomic
def recommendation_add(
    *,
    review: Review,
    by: User,
    text: str,
    to_board: bool,
    agencies: list[Agency],
    findings: list[Finding],
    themes: list[Theme],
    smart_outcome: str,
    smart_measure: str,
    smart_owner: str,
    smart_timescale: str,
) -> Recommendation:
    """A review's recommendation, with the author's SMART check, added to the Board's register.
    Agencies it is addressed to owe a formal response by the responses clock."""
    require(access.can_work_on_review(by, review), DENIED)
    _require_stage(review, Stage.ANALYSIS, Stage.APPROVAL)
    recommendation = actions_services.recommendation_create(
        by=by,
        review=review,
        source_kind="review",
        source_year=review.referral_date.year,
        text=text,
        to_board=to_board,
        agencies=agencies,
        findings=[f for f in findings if f.review_id == review.pk],
        themes=themes,
        smart_outcome=smart_outcome,
        smart_measure=smart_measure,
        smart_owner=smart_owner,
        smart_timescale=smart_timescale,
        responses_due=clock_due(Clock.RESPONSES, timezone.localdate()),
    )
    audit_log(
        actor=by,
        verb="review.recommendation_added",
        target=review,
        detail={"number": recommendation.number, "to_board": to_board},
    )
    return recommendation


def recommendation_respond(
    *, recommendation: Recommendation, agency: Agency, by: User, response: str, reasons: str
) -> RecommendationResponse:
    """An addressed agency's formal response to a review's recommendation."""
    require(access.can_respond_for(by, agency.pk), "Only this agency's lead can respond.")
    if recommendation.review is not None:
        _require_stage(recommendation.review, Stage.ANALYSIS, Stage.APPROVAL, Stage.APPROVED)
    return actions_services.recommendation_respond(
        recommendation=recommendation, agency=agency, by=by, response=response, reasons=reasons
    )


@transaction.atomic
def good_practice_statement_save(*, review: Review, by: User, reason: str) -> Review:
    require(access.can_work_on_review(by, review), DENIED)
    _require_stage(review, Stage.ANALYSIS)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why no good practice was found"})
    review.no_good_practice_reason = reason.strip()
    review.save(update_fields=["no_good_practice_reason", "updated_at"])
    audit_log(actor=by, verb="review.no_good_practice_reason_saved", target=review)
    return review


# Report and approval --------------------------------------------------------------------------


REPORT_KINDS = (
    "The selected file must be a Word document (.docx), a PDF, or a Markdown or text file"
)


def report_document_kind(document: Any) -> str:
    """ "docx", "pdf", "md" or "txt", from the file's content (and, for text, its name), or a
    ValidationError. Text named as something else ("report.pdf") is a mistake, not a report;
    Markdown and plain text read alike (docs/anonymiser.md, "Structured text")."""
    try:
        kind = validate_upload(document, allowed={"pdf", "docx", "txt"})
    except ValidationError as error:
        if "must be a" in " ".join(error.messages):  # in the words people use for the kinds
            raise ValidationError(REPORT_KINDS) from error
        raise
    if kind != "txt":
        return kind
    suffix = PurePath(getattr(document, "name", "") or "").suffix.casefold()
    if suffix not in {".md", ".markdown", ".txt"}:
        raise ValidationError(REPORT_KINDS)
    return "txt" if suffix == ".txt" else "md"


def refuse_oversized_document(document: Any, kind: str, limits: DocumentLimits) -> None:
    """Refuse, before it is stored, a report the anonymiser would refuse for its size, with the
    same message (the limit, its setting and the document's size). Unreadable documents are
    left to the anonymisation run, which says what is wrong with them."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"report.{kind}")
        document.seek(0)
        with path.open("wb") as copy:
            for chunk in document.chunks():
                copy.write(chunk)
        document.seek(0)
        try:
            check_limits(path, limits)
        except DocumentTooLarge as error:
            name = getattr(document, "name", "") or "The report"
            message = str(error).replace(path.name, name, 1)
            raise ValidationError({"document": message}) from error
        except DocumentError:
            return  # unreadable: the anonymisation run says why, as it always has


@transaction.atomic
def report_version_add(
    *, review: Review, by: User, kind: str, text: str = "", document: Any = None, note: str = ""
) -> ReportVersion:
    require(access.can_work_on_review(by, review), DENIED)
    _require_stage(review, Stage.GATHERING, Stage.ANALYSIS, Stage.APPROVAL)
    if not text.strip() and not document:
        raise ValidationError({"document": "Upload the report or write it in the box"})
    limits = DocumentLimits.from_settings(settings)
    if len(text.strip()) > limits.document_text_max_chars:
        raise ValidationError(
            {
                "text": f"The report has {len(text.strip()):,} characters of text; the limit is "
                f"{limits.document_text_max_chars:,} (DOCUMENT_TEXT_MAX_CHARS)."
            }
        )
    if document:
        try:
            file_kind = report_document_kind(document)
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from error
        refuse_oversized_document(document, file_kind, limits)
        # Stored under the extension its content proves, whatever name the browser sent.
        stem = PurePath(document.name or "").stem[:100] or "report"
        document.name = f"{stem}.{file_kind}"
    number = (review.report_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion(
        review=review,
        number=number,
        kind=kind,
        text=text.strip(),
        note=note.strip(),
        added_by=by,
        original_name=getattr(document, "name", "")[:255] if document else "",
    )
    if document:
        version.document = document
    version.full_clean()
    version.save()
    audit_log(
        actor=by,
        verb="review.report_version_added",
        target=review,
        detail={"number": number, "kind": kind},
    )
    return version


def approval_gaps(review: Review) -> list[str]:
    gaps = []
    findings = list(review.findings.values_list("kind", flat=True))
    if not findings:
        gaps.append("at least one finding")
    if FindingKind.GOOD_PRACTICE not in findings and not review.no_good_practice_reason.strip():
        gaps.append(
            "at least one good-practice finding, or a statement of why none was found "
            "(reviews are about learning, not blame)"
        )
    if not review.report_versions.filter(kind="final").exists():
        gaps.append("the reviewer's final report")
    return gaps


@transaction.atomic
def review_submit_for_approval(
    *, review: Review, by: User, submitted_on: date | None = None
) -> Review:
    """Submit the completed review; `submitted_on` (default today) becomes the completion date."""
    require(access.can_work_on_review(by, review), DENIED)
    _require_stage(review, Stage.ANALYSIS)
    gaps = approval_gaps(review)
    if gaps:
        raise ValidationError("Before submitting for approval, add " + "; ".join(gaps))
    submitted_on = submitted_on or timezone.localdate()
    _require_not_future(submitted_on, "submitted_on", "The date of submission")
    review.completion_date = submitted_on
    review.save(update_fields=["completion_date", "updated_at"])
    Approval.objects.get_or_create(review=review)
    _move(review, Stage.APPROVAL, by=by, note="Submitted for approval")
    return review


@transaction.atomic
def panel_sign_off(*, review: Review, by: User, signed_on: date) -> Approval:
    require(access.can_sign_off(by), "Only a Panel member can sign off the report.")
    _require_stage(review, Stage.APPROVAL)
    _require_not_future(signed_on, "signed_on", "The date of sign-off")
    if review.completion_date and signed_on < review.completion_date:
        raise ValidationError(
            {"signed_on": "The report cannot be signed off before it was submitted"}
        )
    approval, _ = Approval.objects.get_or_create(review=review)
    approval.panel_signed_off_by, approval.panel_signed_off_on = by, signed_on
    approval.save()
    audit_log(actor=by, verb="review.panel_signed_off", target=review)
    return approval


@transaction.atomic
def outstanding_requests(review: Review) -> list[AgencyRequest]:
    """What agencies were asked for and have not sent, and the business unit has not withdrawn."""
    return list(
        review.requests.filter(submitted_at__isnull=True, withdrawn_at__isnull=True)
        .select_related("agency")
        .order_by("agency__name", "kind")
    )


def _outstanding_text(requests: list[AgencyRequest]) -> str:
    return "; ".join(f"{r.agency.name}: {r.get_kind_display().lower()}" for r in requests)


@transaction.atomic
def request_withdraw(*, request: AgencyRequest, by: User, reason: str) -> AgencyRequest:
    """The business unit withdraws a request the review no longer needs answered."""
    require(is_business_unit(by), "Only the business unit can withdraw a request.")
    if request.is_submitted:
        raise ValidationError("This has been submitted, so it cannot be withdrawn")
    if request.is_withdrawn:
        raise ValidationError("This request has already been withdrawn")
    if not reason.strip():
        raise ValidationError({"withdrawn_reason": "Enter why the request is withdrawn"})
    request.withdrawn_at, request.withdrawn_by = timezone.now(), by
    request.withdrawn_reason = reason.strip()
    request.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "updated_at"])
    detail = {"agency": request.agency.agency_code, "kind": request.kind, "reason": reason.strip()}
    audit_log(actor=by, verb="review.request_withdrawn", target=request.review, detail=detail)
    return request


def board_approve(
    *,
    review: Review,
    by: User,
    approved_on: date,
    publication: str,
    reasons: str = "",
    outstanding_reasons: str = "",
) -> Approval:
    """Board approval with the publication decision; not publishing in full needs reasons, and
    approving while agency requests are outstanding needs the reason for going ahead without
    them (they stay on the agencies' dashboards until answered or withdrawn)."""
    require(access.can_approve(by), "Only a Board member can approve the report.")
    _require_stage(review, Stage.APPROVAL)
    approval, _ = Approval.objects.get_or_create(review=review)
    if not approval.panel_signed_off_on:
        raise ValidationError(
            "The SCMR Panel must sign the report off before the Board approves it"
        )
    _require_not_future(approved_on, "approved_on", "The date of approval")
    if approved_on < approval.panel_signed_off_on:
        raise ValidationError(
            {"approved_on": "The Board cannot approve before the Panel signed off"}
        )
    if publication != PublicationChoice.FULL and not reasons.strip():
        raise ValidationError(
            {"reasons": "Enter the reasons for not publishing the report in full"}
        )
    outstanding = outstanding_requests(review)
    if outstanding and not outstanding_reasons.strip():
        raise ValidationError(
            {
                "outstanding_reasons": f"{len(outstanding)} agency request(s) are still "
                f"outstanding ({_outstanding_text(outstanding)}): enter why the Board approves "
                "without them, or ask the business unit to withdraw them first"
            }
        )
    approval.board_approved_by, approval.board_approved_on = by, approved_on
    approval.publication, approval.publication_reasons = publication, reasons.strip()
    approval.outstanding_reasons = outstanding_reasons.strip() if outstanding else ""
    approval.save()
    review.approval_date = approved_on
    review.save(update_fields=["approval_date", "updated_at"])
    detail: dict[str, Any] = {"publication": publication}
    if outstanding:
        detail["outstanding"] = [f"{r.agency.agency_code}:{r.kind}" for r in outstanding]
        detail["outstanding_reasons"] = approval.outstanding_reasons
    audit_log(actor=by, verb="review.approved", target=review, detail=detail)
    _move(review, Stage.APPROVED, by=by, note=f"Approved: {approval.get_publication_display()}")
    # The approved findings become "learning from local reviews" evidence in the QA register.
    evidence.review_findings_record(review=review, actor=by)
    return approval


# The identifier register ----------------------------------------------------------------------


def _clean_values(values: list[str], field_name: str) -> list[str]:
    cleaned = []
    for value in values:
        value = " ".join(value.split())
        if "\x00" in value:
            # The form refuses NUL; a caller that bypasses it must not reach PostgreSQL with it.
            raise ValidationError({field_name: "Remove the NUL character (binary data, not text)"})
        if value and value not in cleaned:
            cleaned.append(value)
    return cleaned


@transaction.atomic
def register_person_add(
    *, review: Review, by: User, pseudonym: str, names: list[str]
) -> RegisterPerson:
    require(access.can_view_register(by, review), DENIED)
    names = _clean_values(names, "names")
    _clean_values([pseudonym], "pseudonym")
    if not names:
        raise ValidationError({"names": "Enter at least one name"})
    person = RegisterPerson(review=review, pseudonym=pseudonym.strip(), names=names)
    person.full_clean()
    person.save()
    audit_log(
        actor=by,
        verb="register.person_added",
        target=review,
        detail={"pseudonym": person.pseudonym},
    )
    return person


@transaction.atomic
def register_identifier_add(
    *, review: Review, by: User, replacement: str, values: list[str]
) -> RegisterIdentifier:
    require(access.can_view_register(by, review), DENIED)
    values = _clean_values(values, "values")
    if not values:
        raise ValidationError({"values": "Enter at least one value"})
    item = RegisterIdentifier(review=review, replacement=replacement, values=values)
    item.full_clean()
    item.save()
    audit_log(
        actor=by,
        verb="register.identifier_added",
        target=review,
        detail={"replacement": replacement},
    )
    return item


def register_export(*, review: Review, by: User) -> dict[str, Any]:
    """The register in the anonymiser's REGISTER.json format. Every export is audited."""
    require(access.can_view_register(by, review), DENIED)
    audit_log(actor=by, verb="register.exported", target=review)
    return {
        "case": review.reference,
        "people": [
            {"pseudonym": p.pseudonym, "names": p.names} for p in review.register_people.all()
        ],
        "identifiers": [
            {"replacement": i.replacement, "values": i.values}
            for i in review.register_identifiers.all()
        ],
    }


# Themes ---------------------------------------------------------------------------------------


def _require_unique_theme_name(name: str, exclude: int | None = None) -> None:
    same_name = Theme.objects.filter(name__iexact=name.strip())
    clash = (same_name.exclude(pk=exclude) if exclude is not None else same_name).first()
    if clash:
        raise ValidationError(
            {"name": f"There is already a theme called ‘{clash.name}’. Choose another name"}
        )


@transaction.atomic
def theme_create(*, name: str, description: str = "", by: User) -> Theme:
    require(access.can_manage_review(by), "Only the business unit maintains the themes.")
    _require_unique_theme_name(name)
    theme = Theme(name=name.strip(), description=description.strip())
    theme.full_clean()
    theme.save()
    audit_log(actor=by, verb="theme.created", target=theme)
    return theme


# What the theme edit form changes: checked for edit conflicts, and shown before and after in
# the trail.
THEME_FIELDS = ("name", "description", "is_active")


@transaction.atomic
def theme_update(
    *,
    theme: Theme,
    by: User,
    name: str,
    description: str,
    is_active: bool,
    seen: str | None = None,
) -> Theme:
    """Rename, describe, retire or reinstate a theme. `seen` is the edit form's token: if someone
    else changed the theme since, nothing is saved and EditConflict says what they changed."""
    require(access.can_manage_review(by), "Only the business unit maintains the themes.")
    ensure_unchanged(theme, seen, THEME_FIELDS)
    before = snapshot(theme, THEME_FIELDS)
    _require_unique_theme_name(name, exclude=theme.pk)
    theme.name, theme.description, theme.is_active = name.strip(), description.strip(), is_active
    theme.full_clean()
    theme.save()
    changed = changed_fields(before, snapshot(theme, THEME_FIELDS))
    audit_log(actor=by, verb="theme.updated", target=theme, detail={"changed": changed})
    return theme


def themes_seed() -> int:
    """Add any national theme that is missing. Safe to run again."""
    made = 0
    for name in NATIONAL_THEMES:
        _, created = Theme.objects.get_or_create(name=name)
        made += created
    return made


# The integrated chronology --------------------------------------------------------------------


CHRONOLOGY_IMPORT_JOB = "chronology.import"
CHRONOLOGY_EXPORT_JOB = "chronology.export"
EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass
class ChronologyImport:
    created: int = 0
    replaced: int = 0
    errors: list[str] = field(default_factory=list)
    # The file's agency column names another agency than the one chosen: nothing stored until
    # the person chooses again or confirms (never relabelled silently).
    agency_mismatch: bool = False
    warnings: list[str] = field(default_factory=list)
    # Set when the file was big enough to be handed to the task worker (nothing stored yet).
    job: Job | None = None


def _entries_as_records(review: Review) -> tuple[list[Any], list[chronology.Entry]]:
    rows = list(
        review.chronology.select_related("agency").order_by("occurred_on", "occurred_at", "pk")
    )
    records = [
        chronology.Entry(
            date=row.occurred_on,
            time=row.occurred_at,
            agency=row.agency.agency_code,  # one agency, however each file spelt its name
            source=row.source,
            event=row.event,
            practitioner=row.practitioner,
            source_file=row.source_file,
            source_row=row.source_row,
        )
        for row in rows
    ]
    return rows, records


def chronology_relink(*, review: Review) -> int:
    """Find entries of different agencies that record the same event, across every file imported
    into this review. Returns the number of shared events."""
    rows, records = _entries_as_records(review)
    order = sorted(range(len(records)), key=lambda i: (*chronology.sort_key(records[i]), i))
    groups = chronology.assign_same_events([records[i] for i in order])
    changed = []
    for row, record in zip(rows, records, strict=True):
        if row.same_event != record.same_event:
            row.same_event = record.same_event
            changed.append(row)
    ChronologyEntry.objects.bulk_update(changed, ["same_event"], batch_size=1000)
    return len(groups)


def _room(*, review: Review, agency: Agency, name: str) -> tuple[int, int]:
    """(entries held besides this file's earlier copy, rows it may still add). The rows of an
    earlier copy of the same file, which the import replaces, do not count."""
    others = review.chronology.exclude(agency=agency, source_file=name).count()
    return others, max(0, settings.CHRONOLOGY_MAX_ROWS - others)


def _count_rows(*, review: Review, agency: Agency, name: str, path: Path) -> int:
    """The file's rows, counted as a stream; refused at once if there is no room for them. A
    workbook is counted only until it passes the room left (its rows are slow to read)."""
    others, room = _room(review=review, agency=agency, name=name)
    workbook = chronology.is_workbook(path)
    rows = chronology.count_rows(path, stop_after=room if workbook else None)
    _require_room(others=others, room=room, rows=rows, at_least=workbook)
    return rows


def _require_room(*, others: int, room: int, rows: int, at_least: bool = False) -> None:
    """Refuse a file that would take the review's chronology past CHRONOLOGY_MAX_ROWS."""
    if rows <= room:
        return
    held = f" and the chronology already holds {others:,} other entries" if others else ""
    count = f"more than {room:,}" if at_least else f"{rows:,}"
    raise ValidationError(
        f"This file has {count} rows{held}; a chronology holds at most "
        f"{settings.CHRONOLOGY_MAX_ROWS:,} (CHRONOLOGY_MAX_ROWS). Split it by agency or period."
    )


def chronology_import(
    *, review: Review, by: User, agency: Agency, upload: Any, agency_confirmed: bool = False
) -> ChronologyImport:
    """Import one agency's chronology (CSV or XLSX) into the review.

    1. Check the upload by content and size, count its rows as a stream and refuse it, storing
       nothing, if the review's chronology would then hold more than CHRONOLOGY_MAX_ROWS.
    2. A file of more than CHRONOLOGY_INLINE_IMPORT_ROWS rows goes to the task worker as a job
       (`result.job`), which does steps 3 and 4 with progress shown on the job's page.
    3. Parse every row; if any row is bad, return every problem with its row and store nothing.
    4. Replace any earlier import of a file with the same name from the same agency, store the
       rows (each keeping its file name and row), and re-link same events across the review.
    """
    _require_may_import(review=review, by=by)
    validate_upload(upload, allowed={"csv", "xlsx"})
    name = Path(getattr(upload, "name", "chronology.csv")).name
    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(name).stem + suffix)
        with path.open("wb") as handle:
            for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
                handle.write(chunk)
        rows = _count_rows(review=review, agency=agency, name=name, path=path)
        if rows > settings.CHRONOLOGY_INLINE_IMPORT_ROWS:
            with transaction.atomic():
                job = job_start(
                    kind=CHRONOLOGY_IMPORT_JOB,
                    owner=by,
                    title=f"Importing {name} into the chronology of {review.reference}",
                    params={
                        "review": str(review.code),
                        "agency": agency.pk,
                        "file": name,
                        "agency_confirmed": agency_confirmed,
                    },
                    total=rows,
                    unit="rows",
                    input_path=path,
                    back_url=reverse("reviews:chronology", kwargs={"code": review.code}),
                    back_text="Go to the chronology",
                )
            return ChronologyImport(job=job)
        return chronology_import_file(
            review=review,
            by=by,
            agency=agency,
            name=name,
            path=path,
            agency_confirmed=agency_confirmed,
        )


# Words too common in agency names to tell two agencies apart.
_AGENCY_NOISE = {
    "the",
    "of",
    "and",
    "isle",
    "man",
    "manx",
    "iom",
    "service",
    "services",
    "department",
    "dept",
    "team",
    "care",
    "government",
    "govt",
    "&",
}


def _agency_words(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.casefold().replace("'", ""))
    return {w for w in words if w not in _AGENCY_NOISE}


def agency_matches(label: str, agency: Agency) -> bool:
    """Whether an agency column's text names this agency: its code, or its name's telling words
    (all of the shorter one's within the other's), so "Noble's Hospital ED" is Noble's Hospital
    and "Isle of Man Constabulary" is not the Isle of Man Fire and Rescue Service."""
    text = label.strip()
    if not text or text.casefold() == agency.agency_code.casefold():
        return True
    mine, theirs = _agency_words(text), _agency_words(agency.name)
    if not mine or not theirs:
        return text.casefold() == agency.name.casefold()
    return mine <= theirs or theirs <= mine


def agency_mismatch(entries: list[chronology.Entry], agency: Agency) -> str | None:
    """The message when the file's agency column names other agencies than the one chosen
    (rows with an empty agency column take the chosen one and count for nothing)."""
    others: dict[str, int] = {}
    for entry in entries:
        if entry.agency and not agency_matches(entry.agency, agency):
            others[entry.agency] = others.get(entry.agency, 0) + 1
    if not others:
        return None
    named = ", ".join(
        f"'{label}' ({count:,} row{'s' if count != 1 else ''})" for label, count in others.items()
    )
    return (
        f"You chose {agency.name}, but the file's agency column says {named}. Nothing was "
        "imported. Choose the agency the file comes from, or confirm that it is "
        f"{agency.name}'s chronology (each entry keeps what its agency column says as its label)."
    )


def _long(day: date) -> str:
    return dateformat.format(day, "j F Y")  # as the pages show dates


def _scope_warnings(review: Review, entries: list[chronology.Entry]) -> list[str]:
    start, end = review.scope_start, review.scope_end
    if not entries or (start is None and end is None):
        return []
    inside = [
        e for e in entries if (start is None or e.date >= start) and (end is None or e.date <= end)
    ]
    if inside:
        return []
    first, last = min(e.date for e in entries), max(e.date for e in entries)
    period = f"{_long(start)} to {_long(end)}" if start and end else "the scope period"
    return [
        f"Every entry ({_long(first)} to {_long(last)}) falls outside the review's scope "
        f"period ({period}). Check that this is the right file."
    ]


def _require_may_import(*, review: Review, by: User) -> None:
    require(access.can_work_on_review(by, review), DENIED)
    _require_stage(review, Stage.GATHERING, Stage.ANALYSIS)


def chronology_import_file(
    *,
    review: Review,
    by: User,
    agency: Agency,
    name: str,
    path: Path,
    progress: Callable[[int], None] | None = None,
    agency_confirmed: bool = False,
) -> ChronologyImport:
    """Steps 3 and 4 of `chronology_import` for a file on disk (the worker calls this for big
    files, after checking again that the person may still import into the review). All or
    nothing: a bad row, or a limit passed meanwhile, stores nothing."""
    _require_may_import(review=review, by=by)
    parsed = chronology.read_chronology(path, progress=progress)
    result = ChronologyImport(
        errors=[str(problem).replace(path.name, name, 1) for problem in parsed.errors]
    )
    if result.errors:
        return result
    mismatch = None if agency_confirmed else agency_mismatch(parsed.entries, agency)
    if mismatch:
        result.errors, result.agency_mismatch = [mismatch], True
        return result
    result.warnings = _scope_warnings(review, parsed.entries)
    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).first()  # one import at a time
        others, room = _room(review=review, agency=agency, name=name)
        _require_room(others=others, room=room, rows=len(parsed.entries))
        earlier = review.chronology.filter(agency=agency, source_file=name)
        result.replaced = earlier.count()
        earlier.delete()
        ChronologyEntry.objects.bulk_create(
            [
                ChronologyEntry(
                    review=review,
                    agency=agency,
                    agency_label=(entry.agency or agency.name)[:200],
                    occurred_on=entry.date,
                    occurred_at=entry.time,
                    source=entry.source[:200],
                    event=entry.event,
                    practitioner=entry.practitioner[:200],
                    source_file=name[:255],
                    source_row=entry.source_row,
                )
                for entry in parsed.entries
            ],
            batch_size=1000,
        )
        result.created = len(parsed.entries)
        review.agencies.add(agency)
        shared = chronology_relink(review=review)
        audit_log(
            actor=by,
            verb="chronology.imported",
            target=review,
            detail={
                "agency": agency.agency_code,
                "file": name,
                "rows": result.created,
                "replaced": result.replaced,
                "shared_events": shared,
            },
        )
    return result


def chronology_export_in_background(*, fmt: str, count: int) -> bool:
    """Whether an export of `count` entries runs in the task worker rather than the request.
    A PDF of more than PDF_MAX_ENTRIES is refused outright (WeasyPrint's memory grows with the
    document: 206,656 entries passed 6 GB)."""
    if fmt == "pdf":
        limit = settings.PDF_MAX_ENTRIES
        if count > limit:
            raise ValidationError(
                f"This chronology has {count:,} entries with these filters; a PDF holds at most "
                f"{limit:,} (PDF_MAX_ENTRIES). Filter it by agency or dates, or download it as "
                "Excel."
            )
        return count > settings.PDF_INLINE_ENTRIES
    return count > settings.CHRONOLOGY_INLINE_EXPORT_ROWS


def chronology_export_start(
    *, review: Review, by: User, fmt: str, filters: dict[str, Any], count: int
) -> Job:
    """Hand a large export to the task worker. `filters` are the chronology page's filters as
    JSON (agency id, ISO dates, key_only, flagged_only), applied again by the worker."""
    require(access.can_view_chronology(by, review), DENIED)
    chronology_export_in_background(fmt=fmt, count=count)  # refuses a PDF over the limit
    with transaction.atomic():
        job = job_start(
            kind=CHRONOLOGY_EXPORT_JOB,
            owner=by,
            title=f"Exporting the chronology of {review.reference} as {fmt.upper()}",
            params={"review": str(review.code), "format": fmt, "filters": filters},
            total=count,
            unit="entries",
            back_url=reverse("reviews:chronology", kwargs={"code": review.code}),
            back_text="Go back to the chronology",
        )
        audit_log(
            actor=by,
            verb="chronology.exported",
            target=review,
            detail={"format": fmt, "entries": count, "job": str(job.code)},
        )
    return job


@transaction.atomic
def chronology_entry_annotate(
    *, entry: ChronologyEntry, by: User, is_key_episode: bool, flagged: bool, analysis: str
) -> ChronologyEntry:
    require(access.can_work_on_review(by, entry.review), DENIED)
    entry.is_key_episode, entry.flagged, entry.analysis = is_key_episode, flagged, analysis.strip()
    entry.save(update_fields=["is_key_episode", "flagged", "analysis", "updated_at"])
    audit_log(
        actor=by,
        verb="chronology.annotated",
        target=entry.review,
        detail={"entry": str(entry.code), "key": is_key_episode, "flagged": flagged},
    )
    return entry


def chronology_gaps(*, review: Review, days: int) -> list[chronology.Gap]:
    _, records = _entries_as_records(review)
    return chronology.find_gaps(records, days, start=review.scope_start, end=review.scope_end)


# Retention ------------------------------------------------------------------------------------


def retention_hold_record(*, review: Review, record: str, reason: str, by: User) -> RetentionHold:
    """Keep a review's register or chronology past its retention period, for a reason."""
    require(access.can_manage_review(by, review), "Only the business unit records a hold.")
    if record not in RetainedRecord.values:
        raise ValidationError({"record": f"Choose one of: {', '.join(RetainedRecord.values)}"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the record must be kept"})
    hold = RetentionHold.objects.create(
        review=review, record=record, reason=reason.strip(), recorded_by=by
    )
    audit_log(actor=by, verb="retention.hold_recorded", target=review, detail={"record": record})
    return hold


def retention_hold_release(*, review: Review, record: str, by: User) -> int:
    """End the holds on one kind of record: it is then destroyed when next due."""
    require(access.can_manage_review(by, review), "Only the business unit releases a hold.")
    held = review.retention_holds.filter(record=record, released_at__isnull=True)
    released = held.update(released_at=timezone.now(), released_by=by)
    audit_log(
        actor=by,
        verb="retention.hold_released",
        target=review,
        detail={"record": record, "holds": released},
    )
    return released


def is_held(review: Review, record: str) -> bool:
    return review.retention_holds.filter(record=record, released_at__isnull=True).exists()


@transaction.atomic
def retained_record_destroy(*, review: Review, record: str, reason: str) -> int:
    """Destroy one kind of a review's personal data for retention; the audit event says what
    kind, how many rows and why, and holds none of the data. A held record is refused."""
    if is_held(review, record):
        raise ValidationError(f"{review.reference}: the {record} is held and is not destroyed")
    rows = retained_rows(review, record)
    if record == RetainedRecord.AGENCY_SUBMISSIONS:
        _submissions_destroy(review)
    else:
        for rows_of_kind in _retained(review, record):
            rows_of_kind.delete()
    audit_log(
        actor=None,
        actor_label="retention",
        verb="retention.destroyed",
        target=review,
        detail={"record": record, "rows": rows, "reason": reason},
    )
    return rows


def _retained(review: Review, record: str) -> list[Any]:
    """The rows one kind of retained record is made of."""
    if record == RetainedRecord.IDENTIFIER_REGISTER:
        return [review.register_people.all(), review.register_identifiers.all()]
    if record == RetainedRecord.CHRONOLOGY:
        return [review.chronology.all()]
    if record == RetainedRecord.AGENCY_SUBMISSIONS:
        return [_submissions_held(review)]
    raise ValidationError(f"Unknown record kind {record}")


def _submissions_held(review: Review) -> QuerySet[AgencyRequest]:
    """Requests whose answer still holds what the agency sent (its text or its document)."""
    return review.requests.exclude(text="", document="")


def _submissions_destroy(review: Review) -> None:
    """Blank what each agency sent, text and file. The request itself stays (which agency was
    asked for what, and when it answered): the review's history, with no one's details in it."""
    for item in _submissions_held(review):
        if item.document:
            item.document.delete(save=False)
        item.text = ""
        item.document = ""
        item.save(update_fields=["text", "document", "updated_at"])


def retained_rows(review: Review, record: str) -> int:
    return sum(rows.count() for rows in _retained(review, record))
