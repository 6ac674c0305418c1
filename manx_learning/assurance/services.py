"""Business rules for the QA framework: Board priorities, the evidence register, assessments with
their judgements, measures and action plans, and retests.

Other apps offer evidence through `core.evidence.offer` (received by `record_offered_evidence`);
recording is idempotent: calling it again
for the same origin updates that row rather than adding another, so an audit programme moderated
twice, or a briefing whose reach grows, keeps one up-to-date entry with a link back."""

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from manx_learning.accounts.models import Agency, User
from manx_learning.accounts.permissions import require
from manx_learning.actions import services as action_services
from manx_learning.actions.models import Action, ImpactKind, SourceKind
from manx_learning.assurance import access, measures, retests
from manx_learning.assurance.models import (
    Assessment,
    AssessmentMeasure,
    AssessmentStatus,
    Evidence,
    EvidenceAttachment,
    Grade,
    Retest,
)
from manx_learning.core.concurrency import changed_fields, ensure_unchanged, snapshot
from manx_learning.core.evidence import Offer
from manx_learning.core.services import audit_log
from manx_learning.core.unset import UNSET, Unset, only_given
from manx_learning.core.uploads import validate_upload
from manx_learning.vocabulary.models import BoardPriority, EvidenceSource, Strength, Theme

# What someone the access rules say no to is told.
DENIED = "Only the business unit can do this."

# What each edit form changes: checked for edit conflicts, and shown before and after in the trail.
PRIORITY_FIELDS = ("title", "outcome_sought", "description", "starts_on", "ends_on")
EVIDENCE_FIELDS = (
    "title",
    "source",
    "dated",
    "summary",
    "strength",
    "agencies",
    "themes",
    "priorities",
    "link_url",
)
ASSESSMENT_FIELDS = ("title", "question", "theme", "priority", "period_start", "period_end")


@transaction.atomic
def evidence_record_automatic(
    *,
    origin: models.Model,
    source: str,
    title: str,
    summary: str,
    dated: date,
    link_url: str = "",
    strength: str = Strength.MODERATE,
    agencies: Iterable[Any] = (),
    themes: Iterable[Any] = (),
    priorities: Iterable[BoardPriority] = (),
    actor: User | None = None,
) -> Evidence:
    """Add (or refresh) the register entry for `origin`. Tags are replaced with those given."""
    if source not in EvidenceSource.values:
        raise ValidationError({"source": f"Unknown evidence source: {source}"})
    origin_type = ContentType.objects.get_for_model(origin)
    values = {
        "source": source,
        "title": title[:200],
        "summary": summary,
        "dated": dated,
        "link_url": link_url[:500],
        "strength": strength,
        "is_automatic": True,
    }
    evidence, created = Evidence.objects.update_or_create(
        origin_type=origin_type, origin_id=str(origin.pk), defaults=values
    )
    evidence.agencies.set(list(agencies))
    evidence.themes.set(list(themes))
    evidence.priorities.set(list(priorities))
    audit_log(
        actor=actor,
        verb="evidence.recorded" if created else "evidence.refreshed",
        target=evidence,
        detail={"source": source, "origin": f"{origin_type.app_label}.{origin_type.model}"},
    )
    return evidence


def evidence_for_origin(origin: models.Model) -> Evidence | None:
    """The register entry an object produced, if any (for "see it in the evidence register")."""
    origin_type = ContentType.objects.get_for_model(origin)
    return Evidence.objects.filter(origin_type=origin_type, origin_id=str(origin.pk)).first()


def record_offered_evidence(
    sender: type, *, offer: Offer, actor: User | None = None, **kwargs: Any
) -> Evidence:
    """Receiver of `core.evidence.evidence_offered` (connected in `AssuranceConfig.ready()`):
    every source's evidence enters the register here."""
    return evidence_record_automatic(
        origin=offer.origin,
        source=offer.source,
        title=offer.title,
        summary=offer.summary,
        dated=offer.dated,
        link_url=offer.link_url,
        strength=offer.strength,
        agencies=offer.agencies,
        themes=offer.themes,
        priorities=offer.priorities,
        actor=actor,
    )


def evidence_entries_for(
    sender: type, *, model: type[models.Model], pks: list[str], **kwargs: Any
) -> dict[str, Evidence]:
    """Receiver of `core.evidence.evidence_requested`: the entries of these objects, by key."""
    origin_type = ContentType.objects.get_for_model(model)
    entries = Evidence.objects.filter(origin_type=origin_type, origin_id__in=pks)
    return {entry.origin_id: entry for entry in entries}


# Access ---------------------------------------------------------------------------------------


def _not_future(day: date, name: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({name: f"{what} must be today or in the past"})


# Board priorities -----------------------------------------------------------------------------


def _priority_save(priority: BoardPriority, values: dict[str, Any]) -> BoardPriority:
    """Set the fields named in `values` (the others stay as they are), check and save."""
    for name in ("title", "outcome_sought", "description"):
        if name in values:
            setattr(priority, name, (values[name] or "").strip())
    for name in ("starts_on", "ends_on"):
        if name in values:
            setattr(priority, name, values[name])
    # A form may leave either date empty; the model's validation names the missing one.
    starts_on: date | None = priority.starts_on
    ends_on: date | None = priority.ends_on
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end of the period must be after its start"})
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def priority_create(
    *,
    by: User,
    title: str,
    outcome_sought: str,
    starts_on: date,
    ends_on: date,
    description: str = "",
) -> BoardPriority:
    require(access.can_manage(by), "Only the business unit sets the Board's priorities.")
    priority = _priority_save(
        BoardPriority(),
        {
            "title": title,
            "outcome_sought": outcome_sought,
            "description": description,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    audit_log(actor=by, verb="priority.created", target=priority)
    return priority


@transaction.atomic
def priority_update(
    *,
    priority: BoardPriority,
    by: User,
    title: str | Unset = UNSET,
    outcome_sought: str | Unset = UNSET,
    description: str | Unset = UNSET,
    starts_on: date | Unset | None = UNSET,
    ends_on: date | Unset | None = UNSET,
    seen: str | None = None,
) -> BoardPriority:
    """Change the fields given; those not given stay as they were. `seen` is the edit form's
    token: if someone else changed the priority since, nothing is saved and EditConflict says
    what they changed."""
    require(access.can_manage(by), "Only the business unit changes the Board's priorities.")
    ensure_unchanged(priority, seen, PRIORITY_FIELDS)
    before = snapshot(priority, PRIORITY_FIELDS)
    given = {
        "title": title,
        "outcome_sought": outcome_sought,
        "description": description,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    values = only_given(given)
    _priority_save(priority, values)
    changed = changed_fields(before, snapshot(priority, PRIORITY_FIELDS))
    audit_log(actor=by, verb="priority.updated", target=priority, detail={"changed": changed})
    return priority


@transaction.atomic
def priority_retire(*, priority: BoardPriority, by: User, retire: bool = True) -> BoardPriority:
    """A retired priority keeps its evidence and assessments but is no longer offered for
    tagging new work. `retire=False` makes it current again."""
    require(access.can_manage(by), "Only the business unit retires the Board's priorities.")
    priority.is_active = not retire
    priority.save(update_fields=["is_active", "updated_at"])
    audit_log(
        actor=by, verb="priority.retired" if retire else "priority.reinstated", target=priority
    )
    return priority


# Evidence added by hand -----------------------------------------------------------------------

# Photos too: a poster on a ward, a whiteboard after a practice session, a leaflet.
ATTACHMENT_TYPES = {"pdf", "docx", "xlsx", "csv", "png", "jpeg"}
# No backslash: browsers read "/\evil.example" as "//evil.example", another site. No quotes or
# angle brackets either: no real address holds them, and they are how markup is smuggled in.
_SAFE_LINK = re.compile(r"^(https?://|/)[^\s\\\"<>]*$", re.IGNORECASE)


def _clean_link(link_url: str) -> str:
    """Links are shown as clickable, so only web addresses and paths on this site are allowed
    (never `javascript:` or `data:`, nor an address on another site disguised as a path)."""
    link = link_url.strip()
    if link and (not _SAFE_LINK.match(link) or link.startswith("//")):
        raise ValidationError(
            {"link_url": "Enter a web address starting with https:// or a path starting with /"}
        )
    return link


def _evidence_fill(
    evidence: Evidence,
    *,
    title: str | None,
    source: str,
    dated: date | None,
    summary: str | None,
    strength: str,
    link_url: str | None,
) -> None:
    evidence.title = (title or "").strip()
    evidence.summary = (summary or "").strip()
    evidence.source, evidence.strength = source, strength
    evidence.dated = dated  # type: ignore[assignment]  # None until validated
    evidence.link_url = _clean_link(link_url or "")
    if evidence.dated is not None:
        _not_future(evidence.dated, "dated", "The date of the evidence")
    evidence.full_clean()


def _evidence_tags(
    evidence: Evidence,
    *,
    agencies: Iterable[Agency] | None,
    themes: Iterable[Theme] | None,
    priorities: Iterable[BoardPriority] | None,
) -> None:
    evidence.agencies.set(list(agencies or []))
    evidence.themes.set(list(themes or []))
    evidence.priorities.set(list(priorities or []))


@transaction.atomic
def evidence_create(
    *,
    by: User,
    title: str | None = None,
    source: str = "",
    dated: date | None = None,
    summary: str | None = None,
    strength: str = "",
    agencies: Iterable[Agency] | None = None,
    themes: Iterable[Theme] | None = None,
    priorities: Iterable[BoardPriority] | None = None,
    link_url: str | None = None,
) -> Evidence:
    """Evidence the business unit records by hand: a practice observation, feedback gathered
    at an event, a national review's learning. Fields as on Evidence, plus agencies, themes
    and priorities."""
    require(access.can_manage(by), "Only the business unit adds evidence.")
    evidence = Evidence(is_automatic=False, added_by=by)
    _evidence_fill(
        evidence,
        title=title,
        source=source,
        dated=dated,
        summary=summary,
        strength=strength,
        link_url=link_url,
    )
    evidence.save()
    _evidence_tags(evidence, agencies=agencies, themes=themes, priorities=priorities)
    audit_log(
        actor=by,
        verb="evidence.created",
        target=evidence,
        detail={
            "source": evidence.source,
            "agencies": [a.agency_code for a in evidence.agencies.all()],
        },
    )
    return evidence


@transaction.atomic
def evidence_update(
    *,
    evidence: Evidence,
    by: User,
    title: str | None = None,
    source: str = "",
    dated: date | None = None,
    summary: str | None = None,
    strength: str = "",
    agencies: Iterable[Agency] | None = None,
    themes: Iterable[Theme] | None = None,
    priorities: Iterable[BoardPriority] | None = None,
    link_url: str | None = None,
    seen: str | None = None,
) -> Evidence:
    """Replace a hand-added item's fields and tags with those given (as on the form: a field not
    given is left empty). `seen` is the edit form's token: if someone else changed the item
    since, nothing is saved and EditConflict says what they changed."""
    require(access.can_manage(by), "Only the business unit changes evidence.")
    if evidence.is_automatic:
        raise ValidationError(
            "This evidence is kept up to date from where it came from: change it there"
        )
    ensure_unchanged(evidence, seen, EVIDENCE_FIELDS)
    before = snapshot(evidence, EVIDENCE_FIELDS)
    _evidence_fill(
        evidence,
        title=title,
        source=source,
        dated=dated,
        summary=summary,
        strength=strength,
        link_url=link_url,
    )
    evidence.save()
    _evidence_tags(evidence, agencies=agencies, themes=themes, priorities=priorities)
    changed = changed_fields(before, snapshot(evidence, EVIDENCE_FIELDS))
    audit_log(actor=by, verb="evidence.updated", target=evidence, detail={"changed": changed})
    return evidence


@transaction.atomic
def evidence_attach(*, evidence: Evidence, by: User, upload: Any) -> EvidenceAttachment:
    require(access.can_manage(by), "Only the business unit adds attachments.")
    try:
        kind = validate_upload(upload, allowed=ATTACHMENT_TYPES)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from error
    attachment = EvidenceAttachment(
        evidence=evidence,
        original_name=str(getattr(upload, "name", "attachment"))[-255:],
        content_kind=kind,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.document.save(f"evidence.{kind}", upload, save=False)
    attachment.full_clean()
    attachment.save()
    audit_log(
        actor=by,
        verb="evidence.attachment_added",
        target=evidence,
        detail={"attachment": str(attachment.code), "kind": kind, "bytes": upload.size},
    )
    return attachment


def attachment_open(*, attachment: EvidenceAttachment, by: User) -> EvidenceAttachment:
    """Check the person may see the evidence, and audit the download."""
    require(access.can_view_evidence(by, attachment.evidence), "You cannot see this evidence.")
    audit_log(
        actor=by,
        verb="evidence.attachment_downloaded",
        target=attachment.evidence,
        detail={"attachment": str(attachment.code)},
    )
    return attachment


# Assessments ----------------------------------------------------------------------------------


def _assessment_fill(
    assessment: Assessment,
    *,
    title: str | None,
    question: str | None,
    theme: Theme | None,
    priority: BoardPriority | None,
    period_start: date | None,
    period_end: date | None,
) -> None:
    assessment.title = (title or "").strip()
    assessment.question = (question or "").strip()
    assessment.theme = theme
    assessment.priority = priority
    assessment.period_start = period_start  # type: ignore[assignment]  # None until validated
    assessment.period_end = period_end  # type: ignore[assignment]  # None until validated
    errors = {}
    if assessment.theme is None and assessment.priority is None:
        errors["priority"] = "Choose the Board priority or the theme the assessment is about"
    start: date | None = assessment.period_start
    end: date | None = assessment.period_end
    if start is not None and end is not None and end < start:
        errors["period_end"] = "The end of the period must be on or after its start"
    if errors:
        raise ValidationError(errors)
    assessment.full_clean()


@transaction.atomic
def assessment_create(
    *,
    by: User,
    title: str | None = None,
    question: str | None = None,
    theme: Theme | None = None,
    priority: BoardPriority | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
) -> Assessment:
    """Start an assessment of a theme or priority over a period (title, question, theme,
    priority, period_start, period_end). Evidence tagged with the theme or priority in the
    period is gathered into it at once; the business unit can then add or take out items."""
    require(access.can_manage(by), "Only the business unit starts assessments.")
    assessment = Assessment(created_by=by)
    _assessment_fill(
        assessment,
        title=title,
        question=question,
        theme=theme,
        priority=priority,
        period_start=period_start,
        period_end=period_end,
    )
    assessment.save()
    gathered = suggested_evidence(assessment)
    assessment.evidence.set(gathered)
    audit_log(
        actor=by,
        verb="assessment.created",
        target=assessment,
        detail={"evidence": len(gathered), "subject": assessment.subject},
    )
    return assessment


@transaction.atomic
def assessment_update(
    *,
    assessment: Assessment,
    by: User,
    title: str | None = None,
    question: str | None = None,
    theme: Theme | None = None,
    priority: BoardPriority | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    seen: str | None = None,
) -> Assessment:
    """Replace the assessment's fields with those given (as on the form). `seen` is the edit
    form's token: if someone else changed the assessment since, nothing is saved and
    EditConflict says what they changed."""
    require(access.can_manage(by), "Only the business unit changes assessments.")
    ensure_unchanged(assessment, seen, ASSESSMENT_FIELDS)
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    _assessment_fill(
        assessment,
        title=title,
        question=question,
        theme=theme,
        priority=priority,
        period_start=period_start,
        period_end=period_end,
    )
    assessment.save()
    changed = changed_fields(before, snapshot(assessment, ASSESSMENT_FIELDS))
    audit_log(actor=by, verb="assessment.updated", target=assessment, detail={"changed": changed})
    return assessment


def suggested_evidence(assessment: Assessment) -> list[Evidence]:
    """Evidence dated within the period and tagged with the assessment's priority or theme."""
    tagged = Q()
    if assessment.priority_id:
        tagged |= Q(priorities=assessment.priority_id)
    if assessment.theme_id:
        tagged |= Q(themes=assessment.theme_id)
    return list(
        Evidence.objects.filter(
            tagged, dated__gte=assessment.period_start, dated__lte=assessment.period_end
        ).distinct()
    )


@transaction.atomic
def assessment_evidence_set(
    *, assessment: Assessment, by: User, evidence: Iterable[Evidence]
) -> Assessment:
    require(access.can_manage(by), "Only the business unit gathers evidence.")
    chosen = list(evidence)
    assessment.evidence.set(chosen)
    audit_log(
        actor=by, verb="assessment.evidence_set", target=assessment, detail={"items": len(chosen)}
    )
    return assessment


@transaction.atomic
def assessment_judge(
    *,
    assessment: Assessment,
    by: User,
    grade: str,
    rationale: str,
    strengths: str,
    areas_for_improvement: str,
    judged_on: date,
    retest_due: date,
) -> Assessment:
    """Record the judgement and set the retest date.

    1. A judgement rests on evidence: at least one item must be gathered.
    2. The rationale, strengths and areas for improvement are required.
    3. The retest is after the judgement (an agreed period later, usually 6 to 12 months)."""
    require(access.can_manage(by), "Only the business unit records judgements.")
    errors: dict[str, str] = {}
    if not assessment.evidence.exists():
        errors["grade"] = "Gather at least one piece of evidence before making a judgement"
    if grade not in Grade.values:
        errors["grade"] = "Choose the judgement"
    written = {
        "rationale": (rationale, "why you made this judgement"),
        "strengths": (strengths, "the strengths you found"),
        "areas_for_improvement": (areas_for_improvement, "the areas for improvement"),
    }
    for name, (text, what) in written.items():
        if not (text or "").strip():
            errors[name] = f"Enter {what}"
    if judged_on > timezone.localdate():
        errors["judged_on"] = "The date of the judgement must be today or in the past"
    elif retest_due <= judged_on:
        errors["retest_due"] = "The retest date must be after the date of the judgement"
    if errors:
        raise ValidationError(errors)
    assessment.grade, assessment.rationale = grade, rationale.strip()
    assessment.strengths = strengths.strip()
    assessment.areas_for_improvement = areas_for_improvement.strip()
    assessment.judged_on, assessment.judged_by, assessment.retest_due = judged_on, by, retest_due
    if assessment.status == AssessmentStatus.GATHERING:
        assessment.status = AssessmentStatus.JUDGED
    assessment.full_clean()
    assessment.save()
    audit_log(
        actor=by,
        verb="assessment.judged",
        target=assessment,
        detail={"grade": grade, "retest_due": retest_due.isoformat()},
    )
    return assessment


# Measures the retest re-runs ------------------------------------------------------------------


@transaction.atomic
def measure_add(*, assessment: Assessment, by: User, target: models.Model) -> AssessmentMeasure:
    """Name an audit programme, survey or indicator whose retest measures the assessment's
    impact. Only kinds whose app registered a baseline-vs-retest provider can be chosen."""
    require(access.can_manage(by), "Only the business unit chooses measures.")
    if not measures.supports(target):
        raise ValidationError({"target": "This cannot be retested: choose another measure"})
    target_type = ContentType.objects.get_for_model(target)
    if assessment.measures.filter(target_type=target_type, target_id=str(target.pk)).exists():
        raise ValidationError({"target": f"{target} is already one of this assessment's measures"})
    measure = AssessmentMeasure.objects.create(
        assessment=assessment,
        target_type=target_type,
        target_id=str(target.pk),
        label=str(target)[:250],
    )
    audit_log(
        actor=by,
        verb="assessment.measure_added",
        target=assessment,
        detail={"measure": f"{target._meta.label_lower}:{target.pk}"},
    )
    return measure


@transaction.atomic
def measure_remove(*, measure: AssessmentMeasure, by: User) -> None:
    require(access.can_manage(by), "Only the business unit chooses measures.")
    assessment = measure.assessment
    label = measure.label
    measure.delete()
    audit_log(
        actor=by, verb="assessment.measure_removed", target=assessment, detail={"measure": label}
    )


# The action plan ------------------------------------------------------------------------------


def _plan_recommendation(assessment: Assessment, by: User) -> Any:
    """The assessment's one recommendation in the actions register, made with the first action:
    addressed to the Board, its text the areas for improvement, measured by the retest."""
    if assessment.recommendation_id:
        return assessment.recommendation
    outcome = (
        assessment.priority.outcome_sought
        if assessment.priority
        else f"Practice on {assessment.subject} improves"
    )
    recommendation = action_services.recommendation_create(
        by=by,
        text=assessment.areas_for_improvement or assessment.rationale,
        source_kind=SourceKind.ASSESSMENT,
        source_title=f"QA assessment: {assessment.title}"[:200],
        source_year=(assessment.judged_on or timezone.localdate()).year,
        to_board=True,
        themes=[assessment.theme] if assessment.theme else [],
        smart_outcome=outcome,
        smart_measure=f"The assessment's retest on {assessment.retest_due:%-d %B %Y}",
        smart_owner="The Board's business unit",
        smart_timescale=f"By {assessment.retest_due:%-d %B %Y}",
    )
    assessment.recommendation = recommendation
    assessment.save(update_fields=["recommendation", "updated_at"])
    return recommendation


@transaction.atomic
def plan_action_add(
    *,
    assessment: Assessment,
    by: User,
    description: str,
    owner_agency: Agency,
    lead_name: str,
    due_date: date,
    expected_outcome: str,
    impact_measure: str = "",
    practice_change: str = "",
    lead: Any = None,
) -> Action:
    """Add an action to the assessment's action plan. It lands in the actions register (with
    its owner, lead and due date, and the register's rules), measured by this assessment's
    retest, whose result then shows on the action's page."""
    require(access.can_manage(by), "Only the business unit writes the action plan.")
    if not assessment.grade or not assessment.retest_due:
        raise ValidationError("Record the judgement and the retest date before the action plan")
    if due_date > assessment.retest_due:
        raise ValidationError(
            {
                "due_date": "The action must be due by the retest date "
                f"({assessment.retest_due:%-d %B %Y}), or the retest cannot show its impact"
            }
        )
    recommendation = _plan_recommendation(assessment, by)
    action = action_services.action_create(
        recommendation=recommendation,
        by=by,
        description=description,
        owner_agency=owner_agency,
        lead_name=lead_name,
        lead=lead,
        due_date=due_date,
        expected_outcome=expected_outcome,
        impact_kind=ImpactKind.RETEST,
        impact_measure=impact_measure.strip()
        or f"The retest of '{assessment.title}' due {assessment.retest_due:%-d %B %Y}",
        practice_change=practice_change,
    )
    Action.objects.filter(pk=action.pk).update(impact_assessment=assessment)
    action.impact_assessment = assessment
    audit_log(
        actor=by,
        verb="assessment.action_added",
        target=assessment,
        detail={"action": str(action.code), "agency": owner_agency.agency_code},
    )
    return action


# The retest -----------------------------------------------------------------------------------


@transaction.atomic
def retest_record(
    *,
    assessment: Assessment,
    by: User,
    grade: str,
    rationale: str,
    retested_on: date,
    evidence: Iterable[Evidence] = (),
) -> Retest:
    """Record the retest: the judgement now, the comparison of every measure at baseline and at
    retest (kept as a snapshot), and the overall verdict that actions measured by it show."""
    require(access.can_manage(by), "Only the business unit records retests.")
    errors: dict[str, str] = {}
    if not assessment.grade:
        errors["grade"] = "Record the assessment's judgement before its retest"
    elif grade not in Grade.values:
        errors["grade"] = "Choose the judgement at retest"
    if not rationale.strip():
        errors["rationale"] = "Enter why you made this judgement at retest"
    if retested_on > timezone.localdate():
        errors["retested_on"] = "The date of the retest must be today or in the past"
    elif assessment.judged_on and retested_on <= assessment.judged_on:
        errors["retested_on"] = "The retest must be after the date of the judgement"
    if errors:
        raise ValidationError(errors)
    result = retests.retest_result(assessment, retested_on=retested_on, grade=grade)
    retest = Retest(
        assessment=assessment,
        retested_on=retested_on,
        grade=grade,
        rationale=rationale.strip(),
        verdict=result.verdict.value,
        explanation=result.explanation,
        snapshot=[retests.as_dict(c) for c in result.comparisons],
        recorded_by=by,
    )
    retest.full_clean()
    retest.save()
    retest.evidence.set(list(evidence))
    assessment.status = AssessmentStatus.RETESTED
    assessment.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=by,
        verb="assessment.retested",
        target=assessment,
        detail={
            "verdict": result.verdict.value,
            "grade": grade,
            "measures": len(result.comparisons),
        },
    )
    return retest
