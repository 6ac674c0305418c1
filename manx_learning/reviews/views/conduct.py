"""Pages for conducting a review: gathering information, findings and recommendations, the
report, sign-off and approval, and the restricted identifier register.

Each view checks access (404 for an unknown review, 403 for someone who may not act), calls one
service, and redirects with a message. Service errors go back onto the form's fields."""

import json
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from manx_learning.accounts.permissions import require
from manx_learning.accounts.selectors import agencies_visible_to
from manx_learning.actions.models import Recommendation
from manx_learning.actions.selectors import similar_recommendations
from manx_learning.core.formkit import call_service, date_initial, post_data
from manx_learning.core.services import audit_log
from manx_learning.core.uploads import download_response
from manx_learning.reviews import access, selectors, services
from manx_learning.reviews.forms.conduct import (
    ApprovalForm,
    FamilyContactForm,
    FindingForm,
    GoodPracticeStatementForm,
    LearningEventForm,
    RecommendationForm,
    RecommendationResponseForm,
    RegisterIdentifierForm,
    RegisterPersonForm,
    ReportVersionForm,
    RequestReportsForm,
    SignOffForm,
)
from manx_learning.reviews.models import (
    Clock,
    FindingKind,
    ReportVersionKind,
    RequestKind,
    Review,
    Stage,
)
from manx_learning.vocabulary import selectors as vocabulary_selectors

# The stages at which services accept new findings and recommendations.
FINDING_STAGES = {Stage.GATHERING, Stage.ANALYSIS}
RECOMMENDATION_STAGES = {Stage.ANALYSIS, Stage.APPROVAL}

# Helpers --------------------------------------------------------------------------------------


def _page(request: HttpRequest, template: str, review: Review, **context: Any) -> HttpResponse:
    return render(request, f"reviews/conduct/{template}", {"review": review, **context})


# Gathering ------------------------------------------------------------------------------------


@login_required
def request_reports(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_manage_review)
    due = services.clock_due(Clock.AGENCY_REPORTS, timezone.localdate())
    form = RequestReportsForm(
        post_data(request),
        agencies=agencies_visible_to(user=request.user),
        initial={"due": date_initial(due), "agencies": list(review.agencies.all())},
    )
    if request.method == "POST" and form.is_valid():
        sent = call_service(
            form,
            services.requests_send,
            review=review,
            by=request.user,
            kind=form.cleaned_data["kind"],
            agencies=form.cleaned_data["agencies"],
            due=form.cleaned_data["due"],
        )
        if sent is not None:
            asked = ", ".join(sent_request.agency.name for sent_request in sent)
            what = RequestKind(form.cleaned_data["kind"]).label.lower()
            message = f"Asked {asked} for an {what}" if asked else "They had already been asked"
            messages.success(request, message)
            return redirect("reviews:detail", code=review.code)
    return _page(request, "request_reports.html", review, form=form)


@login_required
def learning_event_add(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, write=True)
    form = LearningEventForm(post_data(request), agencies=agencies_visible_to(user=request.user))
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.learning_event_add,
            review=review,
            by=request.user,
            held_on=form.cleaned_data["held_on"],
            attendees=form.cleaned_data["attendees"],
            learning=form.cleaned_data["learning"],
            agencies=form.cleaned_data["agencies"],
        )
        if saved:
            messages.success(request, "Learning event added")
            return redirect("reviews:detail", code=review.code)
    return _page(request, "learning_event_add.html", review, form=form)


@login_required
def family_contact_add(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, write=True)
    form = FamilyContactForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.family_contact_add,
            review=review,
            by=request.user,
            contact_on=form.cleaned_data["contact_on"],
            who=form.cleaned_data["who"],
            method=form.cleaned_data["method"],
            summary=form.cleaned_data["summary"],
        )
        if saved:
            messages.success(request, "Contact with the family added")
            return redirect("reviews:detail", code=review.code)
    return _page(request, "family_contact_add.html", review, form=form)


@login_required
def analysis_start(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, write=True)
    if request.method == "POST":
        try:
            services.analysis_start(review=review, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reviews:analysis-start", code=review.code)
        messages.success(request, "The review has moved on to findings and recommendations")
        return redirect("reviews:findings", code=review.code)
    return _page(request, "analysis_start.html", review, can_start=review.stage == Stage.GATHERING)


# Findings and recommendations -----------------------------------------------------------------


def _responses(recommendation: Recommendation, today: Any) -> list[dict[str, Any]]:
    """One row per addressed agency: its response, or when the response is due."""
    answers = {answer.agency_id: answer for answer in recommendation.responses.all()}
    due = recommendation.responses_due
    return [
        {
            "agency": agency,
            "response": answers.get(agency.pk),
            "due": due,
            "overdue": agency.pk not in answers and recommendation.responses_overdue(today),
        }
        for agency in recommendation.agencies.all()
    ]


@login_required
def findings(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_view_findings)
    can_work = access.can_work_on_review(request.user, review)
    form = GoodPracticeStatementForm(
        post_data(request), initial={"reason": review.no_good_practice_reason}
    )
    if request.method == "POST":
        require(can_work)
        saved = form.is_valid() and call_service(
            form,
            services.good_practice_statement_save,
            review=review,
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        if saved:
            messages.success(request, "Statement saved")
            return redirect("reviews:findings", code=review.code)
    found = list(review.findings.prefetch_related("themes", "agencies", "chronology_entries"))
    recommendations = review.recommendations.prefetch_related(
        "agencies", "findings", "themes", "responses__agency"
    )
    today = timezone.localdate()
    audit_log(actor=request.user, verb="review.findings_viewed", target=review)
    return _page(
        request,
        "findings.html",
        review,
        form=form if can_work else None,
        can_work=can_work,
        learning=[f for f in found if f.kind == FindingKind.LEARNING],
        good_practice=[f for f in found if f.kind == FindingKind.GOOD_PRACTICE],
        recommendations=[(r, _responses(r, today)) for r in recommendations],
        gaps=services.approval_gaps(review) if review.stage == Stage.ANALYSIS else [],
        can_submit=can_work and review.stage == Stage.ANALYSIS,
        # Offer only what the stage allows: findings until submission, recommendations from the
        # analysis until approval.
        can_add_findings=can_work and review.stage in FINDING_STAGES,
        can_add_recommendations=can_work and review.stage in RECOMMENDATION_STAGES,
    )


def _similar_to(request: HttpRequest, review: Review, *fields: str) -> list[Any]:
    """Earlier recommendations like what the author typed, from the whole register: those
    writing this review's findings and recommendations must know what was said before."""
    text = " ".join(request.POST.get(name, "") for name in fields)
    whole = access.can_work_on_review(request.user, review)
    return similar_recommendations(text=text, user=request.user, whole_register=whole)


def _checking(request: HttpRequest) -> bool:
    """The author asked to see earlier similar recommendations before saving."""
    return request.method == "POST" and "check" in request.POST


def _unbound_copy(form_class: Any, request: HttpRequest, **kwargs: Any) -> Any:
    """The form as typed, without validation errors (a check is not a save)."""
    probe = form_class(**kwargs)
    initial = {
        name: request.POST.getlist(name)
        if getattr(field.widget, "allow_multiple_selected", False)
        else request.POST.get(name, "")
        for name, field in probe.fields.items()
    }
    return form_class(initial=initial, **kwargs)


def _warn_if_previously_identified(
    request: HttpRequest, review: Review, text: str, exclude: Any = None
) -> None:
    whole = access.can_work_on_review(request.user, review)
    found = similar_recommendations(
        text=text, user=request.user, exclude=exclude, whole_register=whole
    )
    for match in found[:3]:
        rec = match.recommendation
        messages.warning(
            request,
            f"Previously identified: {match.label} ({rec.source_year}), "
            f"recommendation {rec.number} – {match.status_label.lower()}",
        )


@login_required
def finding_add(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, write=True)
    entries = selectors.finding_entry_choices(review=review)
    chronology = {"has_chronology": review.chronology.exists(), "offers_entries": entries.exists()}
    choices = {
        "themes": vocabulary_selectors.active_themes(),
        "agencies": agencies_visible_to(user=request.user),
        "entries": entries,
    }
    if _checking(request):
        form = _unbound_copy(FindingForm, request, **choices)
        similar = _similar_to(request, review, "title", "text")
        return _page(
            request,
            "finding_add.html",
            review,
            form=form,
            similar=similar,
            **chronology,
        )
    form = FindingForm(post_data(request), **choices)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.finding_add,
            review=review,
            by=request.user,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            themes=form.cleaned_data["themes"],
            agencies=form.cleaned_data["agencies"],
            chronology_entries=form.cleaned_data["chronology_entries"],
        )
        if saved:
            messages.success(request, f"Finding added: {form.cleaned_data['title']}")
            if saved.kind == "learning":
                _warn_if_previously_identified(request, review, f"{saved.title} {saved.text}")
            return redirect("reviews:findings", code=review.code)
    return _page(request, "finding_add.html", review, form=form, **chronology)


@login_required
def recommendation_add(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, write=True)
    choices = {
        "agencies": agencies_visible_to(user=request.user),
        "findings": review.findings.all(),
        "themes": vocabulary_selectors.active_themes(),
    }
    if _checking(request):
        form = _unbound_copy(RecommendationForm, request, **choices)
        similar = _similar_to(request, review, "text")
        return _page(request, "recommendation_add.html", review, form=form, similar=similar)
    form = RecommendationForm(post_data(request), **choices)
    if request.method == "POST" and form.is_valid():
        added = call_service(
            form,
            services.recommendation_add,
            review=review,
            by=request.user,
            text=form.cleaned_data["text"],
            to_board=form.cleaned_data["to_board"],
            agencies=form.cleaned_data["agencies"],
            findings=form.cleaned_data["findings"],
            themes=form.cleaned_data["themes"],
            smart_outcome=form.cleaned_data["smart_outcome"],
            smart_measure=form.cleaned_data["smart_measure"],
            smart_owner=form.cleaned_data["smart_owner"],
            smart_timescale=form.cleaned_data["smart_timescale"],
        )
        if added:
            messages.success(request, f"Recommendation {added.number} added")
            _warn_if_previously_identified(request, review, added.text, exclude=added)
            return redirect("reviews:findings", code=review.code)
    return _page(request, "recommendation_add.html", review, form=form)


@login_required
def recommendation_respond(request: HttpRequest, code: Any, rec_code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code)
    recommendation = get_object_or_404(review.recommendations, code=rec_code)
    agency_id = request.user.agency_id
    require(
        access.can_respond_for(request.user, agency_id)
        and recommendation.agencies.filter(pk=agency_id).exists()
    )
    earlier = recommendation.responses.filter(agency_id=agency_id).first()
    initial = {"response": earlier.response, "reasons": earlier.reasons} if earlier else {}
    form = RecommendationResponseForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.recommendation_respond,
            recommendation=recommendation,
            agency=request.user.agency,
            by=request.user,
            response=form.cleaned_data["response"],
            reasons=form.cleaned_data["reasons"],
        )
        if saved:
            messages.success(
                request, f"Your response to recommendation {recommendation.number} is recorded"
            )
            return redirect("reviews:detail", code=review.code)
    context = {"form": form, "recommendation": recommendation, "earlier": earlier}
    return _page(request, "recommendation_respond.html", review, **context)


@login_required
@require_POST
def submit(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, write=True)
    try:
        services.review_submit_for_approval(review=review, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reviews:findings", code=review.code)
    messages.success(request, "Submitted for approval. The SCMR Panel will be asked to sign it off")
    return redirect("reviews:findings", code=review.code)


# The report -----------------------------------------------------------------------------------


@login_required
def report(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_view_findings)
    can_add = access.can_work_on_review(request.user, review)
    posted = request.method == "POST"
    form = ReportVersionForm(post_data(request), request.FILES if posted else None)
    if posted:
        require(can_add)
        version = form.is_valid() and call_service(
            form,
            services.report_version_add,
            review=review,
            by=request.user,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            document=form.cleaned_data["document"],
            note=form.cleaned_data["note"],
        )
        if version:
            messages.success(request, f"Version {version.number} added")
            return redirect("reviews:report", code=review.code)
    versions = review.report_versions.select_related("added_by")
    return _page(request, "report.html", review, form=form if can_add else None, versions=versions)


@login_required
@require_safe
def report_download(request: HttpRequest, code: Any, version_code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_view_findings)
    version = get_object_or_404(review.report_versions, code=version_code)
    audit_log(
        actor=request.user,
        verb="review.report_downloaded",
        target=review,
        detail={"number": version.number, "kind": version.kind},
    )
    name = f"{review.reference}-report-v{version.number}"
    if version.document:
        return download_response(
            version.document, filename=name + PurePath(version.document.name).suffix
        )
    response = HttpResponse(version.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.txt")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Sign-off and approval ------------------------------------------------------------------------


def _approval_context(review: Review) -> dict[str, Any]:
    """What the Panel and the Board look at before they sign: the final report and the findings."""
    final = review.report_versions.filter(kind=ReportVersionKind.FINAL).order_by("number").last()
    found = list(review.findings.all())
    return {
        "final": final,
        "learning": [f for f in found if f.kind == FindingKind.LEARNING],
        "good_practice": [f for f in found if f.kind == FindingKind.GOOD_PRACTICE],
        "approval": getattr(review, "approval", None),
    }


@login_required
def sign_off(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_sign_off)
    initial = {"signed_on": date_initial(timezone.localdate())}
    form = SignOffForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.panel_sign_off,
            review=review,
            by=request.user,
            signed_on=form.cleaned_data["signed_on"],
        )
        if saved:
            messages.success(request, "The Panel has signed the report off")
            return redirect("reviews:detail", code=review.code)
    return _page(request, "sign_off.html", review, form=form, **_approval_context(review))


@login_required
def approve(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_approve)
    initial = {"approved_on": date_initial(timezone.localdate())}
    form = ApprovalForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.board_approve,
            review=review,
            by=request.user,
            approved_on=form.cleaned_data["approved_on"],
            publication=form.cleaned_data["publication"],
            reasons=form.cleaned_data["reasons"],
            outstanding_reasons=form.cleaned_data["outstanding_reasons"],
        )
        if saved:
            messages.success(request, "The Board has approved the report")
            return redirect("reviews:detail", code=review.code)
    outstanding = services.outstanding_requests(review)
    return _page(
        request,
        "approve.html",
        review,
        form=form,
        outstanding=outstanding,
        **_approval_context(review),
    )


# The identifier register ----------------------------------------------------------------------


@never_cache
@login_required
@require_safe
def register(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_view_register)
    audit_log(actor=request.user, verb="register.viewed", target=review)
    return _page(
        request,
        "register.html",
        review,
        people=review.register_people.all(),
        identifiers=review.register_identifiers.all(),
    )


@never_cache
@login_required
def register_person_add(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_view_register)
    form = RegisterPersonForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.register_person_add,
            review=review,
            by=request.user,
            pseudonym=form.cleaned_data["pseudonym"],
            names=form.cleaned_data["names"],
        )
        if saved:
            messages.success(request, f"{form.cleaned_data['pseudonym']} added to the register")
            return redirect("reviews:register", code=review.code)
    return _page(request, "register_person_add.html", review, form=form)


@never_cache
@login_required
def register_identifier_add(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_view_register)
    form = RegisterIdentifierForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.register_identifier_add,
            review=review,
            by=request.user,
            replacement=form.cleaned_data["replacement"],
            values=form.cleaned_data["values"],
        )
        if saved:
            messages.success(request, "Identifier added to the register")
            return redirect("reviews:register", code=review.code)
    return _page(request, "register_identifier_add.html", review, form=form)


@never_cache
@login_required
@require_safe
def register_export(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_view_register)
    exported = services.register_export(review=review, by=request.user)
    response = HttpResponse(
        json.dumps(exported, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"{review.reference}-register.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
