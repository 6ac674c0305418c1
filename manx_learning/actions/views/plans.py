"""Pages for a recommendation's action plan: planning actions, updating them, evidence, the
Panel's assurance, agency leads' dashboard and the Panel's meeting pack.

Each view gets its record through `access` (404 for an unknown record or one the person may not
see, 403 for someone who sees it but may not act), calls one service, and redirects with a
message. Service errors go back onto the form's fields."""

from datetime import timedelta
from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from manx_learning.accounts.models import Agency, User
from manx_learning.accounts.permissions import is_agency_lead, require
from manx_learning.actions import access, exports, selectors, services
from manx_learning.actions.forms.plans import (
    ActionFilterForm,
    ActionForm,
    ActionUpdateForm,
    AssureForm,
    EvidenceForm,
    MeetingForm,
    SendBackForm,
)
from manx_learning.actions.models import (
    CLOSED_STATUSES,
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    Action,
    ActionStatus,
    Rag,
    Recommendation,
)
from manx_learning.core.formkit import add_service_errors, call_service, date_initial, post_data
from manx_learning.core.services import audit_log
from manx_learning.core.uploads import download_response

PAGE_SIZE = 50

# Helpers --------------------------------------------------------------------------------------


def _plannable_agencies(user: Any, recommendation: Recommendation) -> QuerySet[Agency]:
    """The agencies this person may plan actions for: those the recommendation is addressed to
    (any active agency for the Board's own recommendations), narrowed to the ones
    `access.can_plan_actions` allows."""
    addressed = recommendation.agencies.filter(is_active=True)
    if recommendation.to_board or not addressed.exists():
        addressed = Agency.objects.filter(is_active=True)
    allowed = [a.pk for a in addressed if access.can_plan_actions(user, recommendation, a.pk)]
    return Agency.objects.filter(pk__in=allowed)


def _rows(actions: Any, today: Any) -> list[dict[str, Any]]:
    return [
        {"action": a, "rag": a.rag(today), "days_overdue": a.days_overdue(today)} for a in actions
    ]


# The recommendation ---------------------------------------------------------------------------


def _responses(recommendation: Recommendation) -> list[dict[str, Any]]:
    """One row per addressed agency: its formal response, or None while it is awaited."""
    answers = {r.agency_id: r for r in recommendation.responses.select_related("agency")}
    return [
        {"agency": agency, "response": answers.get(agency.pk)}
        for agency in recommendation.agencies.all()
    ]


@login_required
@require_safe
def recommendation_detail(request: HttpRequest, code: Any) -> HttpResponse:
    recommendation = access.get_recommendation_for(request.user, code)
    audit_log(actor=request.user, verb="recommendation.viewed", target=recommendation)
    actions = selectors.actions_visible_to(user=request.user).filter(recommendation=recommendation)
    context = {
        "recommendation": recommendation,
        "status": selectors.RecommendationStatus.LABELS[
            selectors.recommendation_status(recommendation)
        ],
        "responses": _responses(recommendation),
        # As in `selectors.recommendation_status`: only a review's recommendations are owed one.
        "owes_responses": recommendation.review_id is not None,
        "rows": _rows(actions, timezone.localdate()),
        "can_add": _plannable_agencies(request.user, recommendation).exists(),
        "similar": selectors.similar_recommendations(
            text=recommendation.text, user=request.user, exclude=recommendation
        ),
    }
    return render(request, "actions/plans/recommendation.html", context)


@login_required
def action_add(request: HttpRequest, code: Any) -> HttpResponse:
    recommendation = access.get_recommendation_for(request.user, code)
    agencies = _plannable_agencies(request.user, recommendation)
    require(agencies.exists())
    leads = User.objects.filter(is_active=True, agency__in=agencies).select_related("agency")
    initial = {"owner_agency": agencies.first()} if agencies.count() == 1 else {}
    form = ActionForm(post_data(request), agencies=agencies, leads=leads, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = call_service(
            form,
            services.action_create,
            recommendation=recommendation,
            by=request.user,
            description=data["description"],
            owner_agency=data["owner_agency"],
            lead_name=data["lead_name"],
            due_date=data["due_date"],
            expected_outcome=data["expected_outcome"],
            impact_kind=data["impact_kind"],
            impact_measure=data["impact_measure"],
            practice_change=data["practice_change"],
            lead=data["lead"],
        )
        if added:
            messages.success(request, "Action added")
            return redirect("actions:action", code=added.code)
    show_practice_change = "practice_change" in form.errors or bool(
        form.data.get("practice_change", "").strip()
    )
    context = {
        "form": form,
        "recommendation": recommendation,
        "show_practice_change": show_practice_change,
    }
    return render(request, "actions/plans/action_add.html", context)


# Agency leads' dashboard ----------------------------------------------------------------------


def _by_rag(actions: QuerySet[Action], rag: str, today: Any) -> QuerySet[Action]:
    soon = today + timedelta(days=DUE_SOON_DAYS)
    if rag == Rag.OVERDUE:
        return actions.filter(due_date__lt=today)
    if rag == Rag.DUE_SOON:
        return actions.filter(due_date__gte=today, due_date__lte=soon)
    if rag == Rag.ON_TRACK:
        return actions.filter(due_date__gt=soon)
    return actions


def _responses_owed(user: Any) -> QuerySet[Recommendation]:
    """A review's recommendations addressed to an agency lead's agency that it has not yet
    responded to. Other sources need no formal response (see `services._accepted_by`)."""
    if not is_agency_lead(user):
        return Recommendation.objects.none()
    agency = user.agency_id
    return (
        selectors.recommendations_visible_to(user=user)
        .filter(agencies__pk=agency, review__isnull=False)
        .exclude(responses__agency_id=agency)
        .order_by("responses_due", "number")
    )


@login_required
@require_safe
def my_actions(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    everything = access.sees_whole_register(request.user)
    # Every open action is overdue, due soon or on track, so the earliest due date comes first
    # and the list reads overdue, then due soon, then on track.
    actions = selectors.actions_visible_to(user=request.user).filter(status__in=OPEN_STATUSES)
    form = ActionFilterForm(request.GET or None, agencies=Agency.objects.filter(is_active=True))
    if everything and form.is_valid():
        if form.cleaned_data["agency"]:
            actions = actions.filter(owner_agency=form.cleaned_data["agency"])
        actions = _by_rag(actions, form.cleaned_data["rag"], today)
    page = Paginator(actions.order_by("due_date", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form if everything else None,
        "page": page,
        "rows": _rows(page.object_list, today),
        "query": query.urlencode(),
        "caption": f"{page.paginator.count} open action{pluralize(page.paginator.count)}",
        "owed": [
            {"recommendation": r, "overdue": r.responses_overdue(today)}
            for r in _responses_owed(request.user)
        ],
        "everything": everything,
    }
    return render(request, "actions/plans/my_actions.html", context)


# One action -----------------------------------------------------------------------------------

EVENT_LABELS = {
    "created": "Action added",
    "progress": "Progress update",
    "evidence": "Evidence added",
    "assured": "Assured by the Panel",
    "sent_back": "Sent back by the Panel",
}


def _status_label(value: str) -> str:
    return ActionStatus(value).label if value in ActionStatus.values else value


def _timeline(action: Action) -> list[dict[str, Any]]:
    rows = []
    for event in action.timeline.select_related("by"):
        what = EVENT_LABELS.get(event.kind, event.kind.replace("_", " ").capitalize())
        if event.kind == "status":
            what = "Status changed"
        if event.from_status:
            what += f" from {_status_label(event.from_status)} to {_status_label(event.to_status)}"
        rows.append({"event": event, "what": what})
    return rows


def _update_form(request: HttpRequest, action: Action) -> ActionUpdateForm | None:
    if action.status in CLOSED_STATUSES or not access.can_update_action(request.user, action):
        return None
    initial = {
        "status": action.status,
        "version": action.version,
        "noted_on": date_initial(timezone.localdate()),
    }
    return ActionUpdateForm(post_data(request), initial=initial)


def _conflict_form(request: HttpRequest, action: Action, error: ValidationError) -> Any:
    """After someone else's change: the form again, on the fresh action's status and version,
    keeping what this person typed so they can check and resubmit it. None if it is now closed."""
    if action.status in CLOSED_STATUSES:
        messages.error(request, " ".join(error.messages))
        return None
    data = request.POST.copy()
    data["status"], data["version"] = action.status, str(action.version)
    form = ActionUpdateForm(data)
    form.is_valid()
    form.add_error(None, error.messages)
    return form


def _assurance_forms(request: HttpRequest, action: Action) -> dict[str, Any]:
    if not (access.can_assure(request.user) and action.status == ActionStatus.COMPLETED):
        return {}
    today = date_initial(timezone.localdate())
    return {
        "assure_form": AssureForm(prefix="assure", initial={"assured_on": today}),
        "send_back_form": SendBackForm(prefix="send-back"),
    }


@login_required
def action_detail(request: HttpRequest, code: Any) -> HttpResponse:
    action = access.get_action_for(request.user, code)
    form = _update_form(request, action)
    if request.method == "POST":
        require(form is not None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.action_update(
                    action=action,
                    by=request.user,
                    version=data["version"],
                    status=data["status"],
                    note=data["note"],
                    noted_on=data["noted_on"],
                    closed_reason=data["closed_reason"],
                )
            except services.StaleEdit as error:
                action = access.get_action_for(request.user, code)
                form = _conflict_form(request, action, error)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Action updated")
                return redirect("actions:action", code=action.code)
    audit_log(actor=request.user, verb="action.viewed", target=action)
    today = timezone.localdate()
    context = {
        "action": action,
        "form": form,
        "rag": action.rag(today),
        "days_overdue": action.days_overdue(today),
        "evidence": action.evidence.select_related("uploaded_by"),
        "timeline": _timeline(action),
        "can_add_evidence": form is not None,
        **_assurance_forms(request, action),
    }
    return render(request, "actions/plans/action.html", context)


@login_required
def evidence_add(request: HttpRequest, code: Any) -> HttpResponse:
    action = access.get_action_for(request.user, code, write=True)
    posted = request.method == "POST"
    form = EvidenceForm(post_data(request), request.FILES if posted else None)
    if posted and form.is_valid():
        data = form.cleaned_data
        added = call_service(
            form,
            services.evidence_add,
            action=action,
            by=request.user,
            kind=data["kind"],
            description=data["description"],
            upload=data["upload"],
        )
        if added:
            messages.success(request, f"Evidence added: {added.description}")
            return redirect("actions:action", code=action.code)
    return render(request, "actions/plans/evidence_add.html", {"form": form, "action": action})


@login_required
@require_safe
def evidence_download(request: HttpRequest, code: Any) -> HttpResponse:
    evidence = access.get_evidence_for(request.user, code)
    services.evidence_open(evidence=evidence, by=request.user)
    # The name the person gave, with the extension its content proved.
    stem = PurePath(evidence.original_name).stem or "evidence"
    return download_response(evidence.document, filename=f"{stem}.{evidence.content_kind}")


def _form_errors(form: forms.Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def assure(request: HttpRequest, code: Any) -> HttpResponse:
    action = access.get_action_for(request.user, code, need=access.can_assure)
    form = AssureForm(request.POST, prefix="assure")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("actions:action", code=action.code)
    try:
        services.action_assure(
            action=action,
            by=request.user,
            note=form.cleaned_data["note"],
            assured_on=form.cleaned_data["assured_on"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Action assured")
    return redirect("actions:action", code=action.code)


@login_required
@require_POST
def send_back(request: HttpRequest, code: Any) -> HttpResponse:
    action = access.get_action_for(request.user, code, need=access.can_assure)
    form = SendBackForm(request.POST, prefix="send-back")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("actions:action", code=action.code)
    try:
        services.action_send_back(
            action=action, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Action sent back to {action.owner_agency.name}")
    return redirect("actions:action", code=action.code)


# The Panel's meeting pack ---------------------------------------------------------------------

PACK_FORMATS = {
    "pdf": (exports.pack_pdf, "application/pdf"),
    "docx": (
        exports.pack_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


def _can_see_pack(user: Any) -> bool:
    return access.can_assure(user) or access.sees_whole_register(user)


@login_required
@require_safe
def pack(request: HttpRequest) -> HttpResponse:
    require(_can_see_pack(request.user))
    meeting_pack = services.meeting_pack()
    kind = request.GET.get("format", "")
    if kind in PACK_FORMATS:
        build, content_type = PACK_FORMATS[kind]
        response = HttpResponse(build(meeting_pack), content_type=content_type)
        filename = f"panel-pack-{meeting_pack.today:%Y-%m-%d}.{kind}"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["X-Content-Type-Options"] = "nosniff"
        audit_log(actor=request.user, verb="panel.pack_exported", detail={"format": kind})
        return response
    context = {
        "pack": meeting_pack,
        "title": exports.pack_title(meeting_pack),
        "intro": exports.pack_intro(meeting_pack),
        "sections": exports.pack_sections(meeting_pack),
        "can_record": access.can_assure(request.user) or access.can_manage_register(request.user),
    }
    return render(request, "actions/plans/pack.html", context)


@login_required
def meeting_add(request: HttpRequest) -> HttpResponse:
    require(access.can_assure(request.user) or access.can_manage_register(request.user))
    form = MeetingForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = call_service(
            form,
            services.panel_meeting_record,
            held_on=data["held_on"],
            by=request.user,
            note=data["note"],
        )
        if meeting:
            day = meeting.held_on
            messages.success(
                request,
                f"Panel meeting on {day.day} {day:%B %Y} recorded. The next pack starts from it",
            )
            return redirect("actions:pack")
    return render(request, "actions/plans/meeting_add.html", {"form": form})
