"""Every write about recommendations and actions, with timeline rows and audit events."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from manx_learning.accounts.models import Agency, Role, User
from manx_learning.accounts.permissions import require
from manx_learning.accounts.selectors import business_unit_emails
from manx_learning.actions import access
from manx_learning.actions.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Action,
    ActionEvent,
    ActionStatus,
    Evidence,
    PanelMeeting,
    Rag,
    Recommendation,
    RecommendationResponse,
    ReminderLog,
    ReminderReason,
    ResponseKind,
    SourceKind,
)
from manx_learning.actions.quality import is_tick_box
from manx_learning.core.reminders import ReminderRun, send_grouped_reminders
from manx_learning.core.services import audit_log
from manx_learning.core.uploads import validate_upload

# Photos too: a poster on a ward, a whiteboard after a practice session, a leaflet.
EVIDENCE_TYPES = {"pdf", "docx", "xlsx", "csv", "png", "jpeg"}


class StaleEdit(ValidationError):
    """The action changed since the person opened it."""


def _not_future(day: date, name: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({name: f"{what} must be today or in the past"})


# Recommendations ------------------------------------------------------------------------------


@transaction.atomic
def recommendation_create(
    *,
    by: User,
    text: str,
    source_kind: str,
    source_year: int,
    smart_outcome: str,
    smart_measure: str,
    smart_owner: str,
    smart_timescale: str,
    to_board: bool = False,
    agencies: list[Agency] = (),  # type: ignore[assignment]
    themes: list[Any] = (),  # type: ignore[assignment]
    findings: list[Any] = (),  # type: ignore[assignment]
    review: Any = None,
    source_title: str = "",
    responses_due: date | None = None,
) -> Recommendation:
    """Add a recommendation to the register. Reviews call this for their recommendations; audits,
    assessments and adopted national reviews call it too."""
    if not to_board and not agencies:
        raise ValidationError(
            {"agencies": "Address the recommendation to the Board or at least one agency"}
        )
    if review is None and not source_title.strip():
        raise ValidationError({"source_title": "Enter where the recommendation comes from"})
    siblings = (
        Recommendation.objects.filter(review=review)
        if review
        else Recommendation.objects.filter(review__isnull=True, source_title=source_title.strip())
    )
    number = (siblings.aggregate(n=Max("number"))["n"] or 0) + 1
    recommendation = Recommendation(
        source_kind=source_kind,
        review=review,
        source_title=source_title.strip(),
        source_year=source_year,
        number=number,
        text=text.strip(),
        to_board=to_board,
        smart_outcome=smart_outcome.strip(),
        smart_measure=smart_measure.strip(),
        smart_owner=smart_owner.strip(),
        smart_timescale=smart_timescale.strip(),
        responses_due=responses_due if agencies else None,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    recommendation.full_clean()
    recommendation.save()
    recommendation.agencies.set(agencies)
    recommendation.themes.set(themes)
    recommendation.findings.set(findings)
    audit_log(
        actor=by,
        verb="recommendation.created",
        target=recommendation,
        detail={
            "source": source_kind,
            "number": number,
            "agencies": [a.agency_code for a in agencies],
            "to_board": to_board,
        },
    )
    return recommendation


@transaction.atomic
def recommendation_respond(
    *, recommendation: Recommendation, agency: Agency, by: User, response: str, reasons: str
) -> RecommendationResponse:
    """An addressed agency's formal response: accepted, partly accepted or not accepted."""
    require(access.is_agency_lead_for(by, agency.pk), "Only this agency's lead can respond.")
    if not recommendation.agencies.filter(pk=agency.pk).exists():
        raise ValidationError("This recommendation is not addressed to your agency")
    if not reasons.strip():
        raise ValidationError({"reasons": "Enter the reasons for your response"})
    answer, created = RecommendationResponse.objects.update_or_create(
        recommendation=recommendation,
        agency=agency,
        defaults={"response": response, "reasons": reasons.strip(), "responded_by": by},
    )
    audit_log(
        actor=by,
        verb="recommendation.responded" if created else "recommendation.response_changed",
        target=recommendation,
        detail={"agency": agency.agency_code, "response": response},
    )
    return answer


def _accepted_by(recommendation: Recommendation, agency_id: int) -> bool:
    """An action can be planned where the owning agency accepted the recommendation (fully or in
    part), or where it is the Board's own or from a source with no formal responses."""
    if recommendation.to_board or recommendation.source_kind != SourceKind.REVIEW:
        return True
    return recommendation.responses.filter(
        agency_id=agency_id, response__in=[ResponseKind.ACCEPTED, ResponseKind.PARTLY]
    ).exists()


# Actions --------------------------------------------------------------------------------------


def _event(
    action: Action,
    *,
    kind: str,
    by: User,
    note: str = "",
    before: str = "",
    on: date | None = None,
) -> ActionEvent:
    return ActionEvent.objects.create(
        action=action,
        kind=kind,
        from_status=before,
        to_status=action.status if before else "",
        note=note,
        noted_on=on or timezone.localdate(),
        by=by,
    )


@transaction.atomic
def action_create(
    *,
    recommendation: Recommendation,
    by: User,
    description: str,
    owner_agency: Agency,
    lead_name: str,
    due_date: date,
    expected_outcome: str,
    impact_kind: str,
    impact_measure: str,
    practice_change: str = "",
    lead: User | None = None,
) -> Action:
    require(access.can_plan_actions(by, recommendation, owner_agency.pk))
    errors: dict[str, str] = {}
    addressed = set(recommendation.agencies.values_list("pk", flat=True))
    if addressed and owner_agency.pk not in addressed and not recommendation.to_board:
        errors["owner_agency"] = "Choose an agency the recommendation is addressed to"
    elif not _accepted_by(recommendation, owner_agency.pk):
        errors["owner_agency"] = (
            "This agency has not accepted the recommendation, so it cannot have actions yet"
        )
    if due_date < timezone.localdate():
        errors["due_date"] = "The due date must be today or in the future"
    if lead and lead.agency_id != owner_agency.pk:
        errors["lead"] = "The lead person must work for the agency that owns the action"
    if is_tick_box(description) and not practice_change.strip():
        errors["practice_change"] = (
            "Reminding staff or re-issuing a policy rarely changes practice on its own. Describe "
            "the change in practice you expect, and how you will measure it"
        )
    if errors:
        raise ValidationError(errors)
    action = Action(
        recommendation=recommendation,
        description=description.strip()
        + (
            f"\n\nExpected change in practice: {practice_change.strip()}"
            if practice_change.strip()
            else ""
        ),
        owner_agency=owner_agency,
        lead=lead,
        lead_name=(lead_name.strip() or (lead.full_name if lead else "")),
        due_date=due_date,
        expected_outcome=expected_outcome.strip(),
        impact_kind=impact_kind,
        impact_measure=impact_measure.strip(),
        created_by=by,
    )
    action.full_clean()
    action.save()
    _event(action, kind="created", by=by, note="Action added")
    audit_log(
        actor=by,
        verb="action.created",
        target=action,
        detail={"recommendation": str(recommendation.code), "agency": owner_agency.agency_code},
    )
    return action


# Agency leads may move an action between these; the Panel alone makes it assured.
LEAD_STATUSES = {
    ActionStatus.NOT_STARTED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.COMPLETED,
    ActionStatus.NOT_ACHIEVED,
    ActionStatus.SUPERSEDED,
}


@transaction.atomic
def action_update(
    *,
    action: Action,
    by: User,
    version: int,
    status: str,
    note: str,
    noted_on: date | None = None,
    closed_reason: str = "",
) -> Action:
    """A dated progress update, optionally changing the status.

    1. Check the person may update this agency's action and the status is one they may set.
    2. Claim the change with a conditional update on the version the person saw: if someone else
       saved in between, nothing is written and they are told to reload (optimistic locking).
    3. Write the timeline row and the audit event.
    """
    require(access.can_update_action(by, action), "Only this agency can update its actions.")
    noted_on = noted_on or timezone.localdate()
    _not_future(noted_on, "noted_on", "The date of the update")
    if status not in LEAD_STATUSES:
        raise ValidationError({"status": "Only the SCMR Panel can mark an action as assured"})
    if action.status in CLOSED_STATUSES:
        raise ValidationError("This action is closed and cannot be changed")
    if status in {ActionStatus.NOT_ACHIEVED, ActionStatus.SUPERSEDED} and not closed_reason.strip():
        raise ValidationError({"closed_reason": "Enter the reasons for closing the action"})
    if not note.strip() and status == action.status:
        raise ValidationError({"note": "Enter a progress note or change the status"})
    before = action.status
    changes: dict[str, Any] = {"status": status, "version": F("version") + 1}
    if status == ActionStatus.COMPLETED and before != status:
        changes["completed_on"] = noted_on
    if status in {ActionStatus.NOT_ACHIEVED, ActionStatus.SUPERSEDED}:
        changes["closed_reason"] = closed_reason.strip()
    claimed = Action.objects.filter(pk=action.pk, version=version).update(**changes)
    if not claimed:
        raise StaleEdit(
            "Someone else changed this action after you opened it. Their change has been kept: "
            "check it, then make your update again"
        )
    action.refresh_from_db()
    text = note.strip() or (f"Closed: {closed_reason.strip()}" if closed_reason else "")
    _event(
        action,
        kind="status" if before != status else "progress",
        by=by,
        note=text,
        before=before if before != status else "",
        on=noted_on,
    )
    audit_log(
        actor=by,
        verb="action.updated",
        target=action,
        detail={"from": before, "to": status, "note": bool(note.strip())},
    )
    return action


@transaction.atomic
def evidence_add(*, action: Action, by: User, kind: str, description: str, upload: Any) -> Evidence:
    require(access.can_update_action(by, action), "Only this agency can add evidence.")
    if action.status in CLOSED_STATUSES:
        raise ValidationError("This action is closed: evidence can no longer be added")
    if not description.strip():
        raise ValidationError({"description": "Describe what the evidence shows"})
    try:
        content_kind = validate_upload(upload, allowed=EVIDENCE_TYPES)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from error
    name = str(getattr(upload, "name", "evidence"))[-255:]
    evidence = Evidence(
        action=action,
        kind=kind,
        description=description.strip(),
        original_name=name,
        content_kind=content_kind,
        size=upload.size,
        uploaded_by=by,
    )
    evidence.document.save(f"evidence.{content_kind}", upload, save=False)
    evidence.full_clean()
    evidence.save()
    Action.objects.filter(pk=action.pk).update(version=F("version") + 1)
    _event(action, kind="evidence", by=by, note=f"Evidence added: {evidence.description}")
    audit_log(
        actor=by,
        verb="action.evidence_added",
        target=action,
        detail={"evidence": str(evidence.code), "kind": kind, "bytes": upload.size},
    )
    return evidence


def evidence_open(*, evidence: Evidence, by: User) -> Evidence:
    """Check access to an evidence file and audit the download."""
    require(access.can_view_action(by, evidence.action))
    audit_log(
        actor=by,
        verb="action.evidence_downloaded",
        target=evidence.action,
        detail={"evidence": str(evidence.code)},
    )
    return evidence


@transaction.atomic
def action_assure(*, action: Action, by: User, note: str, assured_on: date | None = None) -> Action:
    """The Panel signs an action off as assured: only a completed action, only with evidence
    attached, and only where the impact measure is stated."""
    require(access.can_assure(by), "Only an SCMR Panel member can assure an action.")
    assured_on = assured_on or timezone.localdate()
    _not_future(assured_on, "assured_on", "The date of assurance")
    problems = []
    if action.status != ActionStatus.COMPLETED:
        problems.append("the action must be marked completed by its agency first")
    if not action.evidence.exists():
        problems.append("evidence must be attached")
    if not action.impact_measure.strip():
        problems.append("the impact measure must be stated")
    if problems:
        raise ValidationError("It cannot be assured yet: " + "; ".join(problems))
    before = action.status
    action.status, action.assured_on, action.assured_by = ActionStatus.ASSURED, assured_on, by
    action.version += 1
    action.save()
    _event(
        action, kind="assured", by=by, note=note.strip() or "Assured by the Panel", before=before
    )
    audit_log(actor=by, verb="action.assured", target=action)
    return action


@transaction.atomic
def action_send_back(*, action: Action, by: User, reason: str) -> Action:
    require(access.can_assure(by), "Only an SCMR Panel member can send an action back.")
    if action.status != ActionStatus.COMPLETED:
        raise ValidationError("Only a completed action can be sent back")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the action is being sent back"})
    before = action.status
    action.status, action.completed_on = ActionStatus.IN_PROGRESS, None
    action.version += 1
    action.save()
    _event(action, kind="sent_back", by=by, note=reason.strip(), before=before)
    audit_log(actor=by, verb="action.sent_back", target=action, detail={"reason": reason.strip()})
    return action


# The Panel's meeting pack ---------------------------------------------------------------------


@dataclass
class MeetingPack:
    since: date | None
    today: date
    completed: list[Action] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)
    due_next: list[Action] = field(default_factory=list)


def meeting_pack(*, today: date | None = None, horizon_days: int = 90) -> MeetingPack:
    """Actions completed since the last Panel meeting (with their evidence), overdue actions, and
    actions due before the next meeting (the horizon)."""
    today = today or timezone.localdate()
    last = PanelMeeting.objects.filter(held_on__lt=today).first()
    since = last.held_on if last else None
    actions = Action.objects.select_related(
        "recommendation__review", "owner_agency", "lead"
    ).prefetch_related("evidence")
    completed = actions.filter(status=ActionStatus.COMPLETED)
    if since:
        completed = completed.filter(completed_on__gte=since)
    open_actions = actions.filter(status__in=OPEN_STATUSES)
    return MeetingPack(
        since=since,
        today=today,
        completed=list(completed.order_by("completed_on")),
        overdue=list(open_actions.filter(due_date__lt=today).order_by("due_date")),
        due_next=list(
            open_actions.filter(
                due_date__gte=today, due_date__lte=today + timedelta(days=horizon_days)
            ).order_by("due_date")
        ),
    )


@transaction.atomic
def panel_meeting_record(*, held_on: date, by: User, note: str = "") -> PanelMeeting:
    require(
        access.can_assure(by) or access.can_manage_register(by),
        "Only the Panel or the business unit can record a Panel meeting.",
    )
    _not_future(held_on, "held_on", "The date of the meeting")
    meeting, created = PanelMeeting.objects.get_or_create(held_on=held_on, defaults={"note": note})
    if not created and note.strip() and note.strip() != meeting.note:
        meeting.note = note.strip()[:300]
        meeting.save(update_fields=["note", "updated_at"])
    audit_log(actor=by, verb="panel.meeting_recorded", target=meeting)
    return meeting


# Reminders and escalation ---------------------------------------------------------------------


def _recipients_for(action: Action) -> list[str]:
    if action.lead and action.lead.is_active:
        return [action.lead.email]
    leads = User.objects.filter(
        agency_id=action.owner_agency_id, is_active=True, role_grants__role=Role.AGENCY_LEAD
    )
    return sorted(set(leads.values_list("email", flat=True)))


def _reasons(action: Action, today: date) -> list[tuple[ReminderReason, list[str]]]:
    days_before = settings.ACTION_REMINDER_DAYS_BEFORE
    escalate_after = settings.ACTION_ESCALATE_AFTER_DAYS
    rag = action.rag(today)
    if rag == Rag.OVERDUE:
        reasons = [(ReminderReason.OVERDUE, _recipients_for(action))]
        if action.days_overdue(today) >= escalate_after:
            reasons.append((ReminderReason.ESCALATED, business_unit_emails()))
        return reasons
    if rag != Rag.DONE and (action.due_date - today).days <= days_before:
        return [(ReminderReason.DUE_SOON, _recipients_for(action))]
    return []


def reminders_send(*, today: date | None = None) -> ReminderRun:
    """Send due-soon and overdue reminders to action owners, and escalate long-overdue actions to
    the business unit: one e-mail per person, listing all their items.

    Idempotent: each (action, reason, due date, person) is recorded once in ReminderLog, under a
    unique constraint (see `core.reminders`); a new due date earns new reminders.
    """
    today = today or timezone.localdate()
    pending: dict[str, list[tuple[Action, str]]] = defaultdict(list)
    open_actions = Action.objects.filter(status__in=OPEN_STATUSES).select_related(
        "lead", "owner_agency", "recommendation__review"
    )
    for action in open_actions:
        for reason, people in _reasons(action, today):
            for email in people:
                pending[email].append((action, reason))
    return send_grouped_reminders(
        pending,
        record=lambda email, item: ReminderLog.objects.create(
            action=item[0], reason=item[1], due_date=item[0].due_date, recipient=email
        ),
        line=lambda item: _reminder_line(item[0], ReminderReason(item[1]), today),
        template="actions/email/reminders",
        link=settings.SITE_URL + "/actions/",
        verb="actions.reminders_sent",
    )


def _reminder_line(action: Action, reason: ReminderReason, today: date) -> dict[str, str]:
    label = {
        ReminderReason.DUE_SOON: f"due on {action.due_date:%-d %B %Y}",
        ReminderReason.OVERDUE: f"overdue since {action.due_date:%-d %B %Y}",
        ReminderReason.ESCALATED: (
            f"{action.days_overdue(today)} days overdue ({action.owner_agency.name})"
        ),
    }[reason]
    return {
        "reason": reason,
        "text": f"{action.recommendation}: {action.description[:120]} – {label}",
        "url": f"{settings.SITE_URL}/actions/{action.code}/",
    }


# Annual figures --------------------------------------------------------------------------------


@dataclass
class AnnualFigures:
    year: int
    made: int
    accepted: int
    partly_accepted: int
    not_accepted: int
    actions_completed: int
    actions_assured: int
    not_implemented: list[dict[str, str]]


def annual_years(*, this_year: int) -> list[int]:
    """Every year the annual figures have something for, newest first, and this year: the years
    recommendations were made in, and those agencies responded or actions were completed or
    assured in."""
    years = set(Recommendation.objects.values_list("source_year", flat=True).distinct())
    years |= {d.year for d in RecommendationResponse.objects.dates("updated_at", "year")}
    years |= {d.year for d in Action.objects.dates("completed_on", "year")}
    years |= {d.year for d in Action.objects.dates("assured_on", "year")}
    return sorted(years | {this_year}, reverse=True)


def annual_figures(*, year: int) -> AnnualFigures:
    """The Board's annual report figures for recommendations and actions in a calendar year,
    with every decision not to implement a recommendation and its reason."""
    # The year a recommendation was made is its source's year (the review's or audit's), not
    # the day someone typed it into the register: a 2021 audit entered in 2026 counts in 2021.
    made = Recommendation.objects.filter(source_year=year)
    responses = RecommendationResponse.objects.filter(recommendation__in=made)
    actions = Action.objects.all()
    not_implemented = [
        {
            "recommendation": str(r.recommendation),
            "text": r.recommendation.text,
            "agency": r.agency.name,
            "reasons": r.reasons,
        }
        for r in RecommendationResponse.objects.filter(
            response=ResponseKind.NOT_ACCEPTED, updated_at__year=year
        ).select_related("recommendation__review", "agency")
    ] + [
        {
            "recommendation": str(a.recommendation),
            "text": a.description,
            "agency": a.owner_agency.name,
            "reasons": a.closed_reason,
        }
        for a in Action.objects.filter(
            status=ActionStatus.NOT_ACHIEVED, updated_at__year=year
        ).select_related("recommendation__review", "owner_agency")
    ]
    return AnnualFigures(
        year=year,
        made=made.count(),
        accepted=responses.filter(response=ResponseKind.ACCEPTED).count(),
        partly_accepted=responses.filter(response=ResponseKind.PARTLY).count(),
        not_accepted=responses.filter(response=ResponseKind.NOT_ACCEPTED).count(),
        actions_completed=actions.filter(completed_on__year=year).count(),
        actions_assured=actions.filter(assured_on__year=year).count(),
        not_implemented=not_implemented,
    )
