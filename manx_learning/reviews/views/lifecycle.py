"""A review's life from referral to commissioning: the list, the referral form, the review's
summary page, requests to agencies, screening, the Panel's decision and commissioning; plus the
clocks and the themes the business unit keeps.

Each view: access check → form → one service call → redirect. Services decide the rules and raise
ValidationError (shown on the form) or PermissionDenied (a 403)."""

import itertools
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from manx_learning.accounts.permissions import is_business_unit, require
from manx_learning.core.formkit import (
    add_service_errors,
    call_service,
    post_data,
    with_edit_token,
)
from manx_learning.core.services import audit_log
from manx_learning.core.uploads import download_response
from manx_learning.reviews import access, selectors, services
from manx_learning.reviews.forms.lifecycle import (
    REFERRAL_ERROR_FIELDS,
    CommissionForm,
    DecisionForm,
    ParallelProcessForm,
    ReferralForm,
    RequestSubmitForm,
    RequestSummariesForm,
    RequestWithdrawForm,
    ReviewerForm,
    ReviewFilterForm,
    ScreeningForm,
    SubjectForm,
    TermsForm,
    ThemeForm,
    TimescalesForm,
    unique_name_error,
)
from manx_learning.reviews.models import (
    STAGE_ORDER,
    Clock,
    RequestKind,
    Review,
    Stage,
)
from manx_learning.vocabulary import access as vocabulary_access
from manx_learning.vocabulary.models import Theme

PAGE_SIZE = 25

EARLY = {Stage.REFERRAL, Stage.SCREENING}
UNDER_WAY = {Stage.GATHERING, Stage.ANALYSIS}


# Helpers --------------------------------------------------------------------------------------


def _done(request: HttpRequest, review: Review, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("reviews:detail", code=review.code)


def _page(
    request: HttpRequest, name: str, review: Review, form: Form, **extra: Any
) -> HttpResponse:
    context = {"review": review, "form": form, "today": timezone.localdate(), **extra}
    return render(request, f"reviews/lifecycle/{name}.html", context)


# The list -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRow:
    review: Review
    next_due: date | None
    overdue: bool
    stage_tag: str


def _row(review: Review, today: date) -> ReviewRow:
    waiting = [d for d in services.review_deadlines(review, today) if not d.done]
    return ReviewRow(
        review=review,
        next_due=min((d.due for d in waiting), default=None),
        overdue=any(d.overdue for d in waiting),
        stage_tag=review.stage_tag,
    )


def _dashboard_order(row: ReviewRow) -> tuple:
    return (STAGE_ORDER.index(row.review.stage), not row.overdue, row.next_due or date.max)


def _list_page(request: HttpRequest, reviews: QuerySet[Review], dashboard: bool) -> Any:
    """The business unit sees every review grouped by stage, overdue first; others a plain list.
    Deadlines are worked out per review, so the plain list works them out for one page only."""
    today = timezone.localdate()
    if dashboard:
        rows = sorted((_row(review, today) for review in reviews), key=_dashboard_order)
        return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [_row(review, today) for review in page.object_list]
    return page


def _groups(rows: list[ReviewRow], dashboard: bool) -> list[tuple[str, list[ReviewRow]]]:
    """The dashboard has a table per stage; everyone else has one table without a caption."""
    if not dashboard:
        return [("", rows)] if rows else []
    by_stage = itertools.groupby(rows, key=lambda row: row.review.get_stage_display())
    return [(label, list(items)) for label, items in by_stage]


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    form = ReviewFilterForm(request.GET or None)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    reviews = selectors.reviews_visible_to(user=request.user).filter(**filters)
    dashboard = access.can_manage_review(request.user)
    page = _list_page(request, reviews, dashboard)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "groups": _groups(list(page.object_list), dashboard),
        "dashboard": dashboard,
        "filtered": bool(filters),
        "query": query.urlencode(),
        "can_refer": access.can_refer(request.user),
    }
    return render(request, "reviews/lifecycle/list.html", context)


# Referral -------------------------------------------------------------------------------------


@login_required
def refer(request: HttpRequest) -> HttpResponse:
    require(access.can_refer(request.user))
    initial = {"referral_date": timezone.localdate(), "referrer_name": request.user.full_name}
    form = ReferralForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        review = call_service(
            form,
            services.review_refer,
            REFERRAL_ERROR_FIELDS,
            by=request.user,
            title=data["title"],
            referral_date=data["referral_date"],
            incident_date=data["incident_date"],
            referrer_name=data["referrer_name"],
            referral_source=data["referral_source"],
            harm=data["harm"],
            abuse_neglect=data["abuse_neglect"],
            concern=data["concern"],
            family_wishes=data["family_wishes"],
            agencies=list(data["agencies"]),
            subjects=[form.subject()],
            parallel=form.parallel(),
        )
        if not form.errors:
            return _done(request, review, f"Referral recorded as {review.reference}")
    return render(request, "reviews/lifecycle/refer.html", {"form": form})


# The review's summary -------------------------------------------------------------------------


def _next_steps(user: Any, review: Review) -> list[tuple[str, str]]:
    """The actions this person may take at this stage, as (label, URL)."""
    stage, open_ = review.stage, not review.is_closed
    manage = access.can_manage_review(user, review)
    work = access.can_work_on_review(user, review) and stage in UNDER_WAY
    early, approval = manage and stage in EARLY, stage == Stage.APPROVAL
    decide = access.can_decide(user) and stage == Stage.DECISION
    terms_open = manage and stage in {Stage.COMMISSIONING, *UNDER_WAY}
    # Contact with the family can start while the review is being commissioned.
    family = access.can_work_on_review(user, review) and stage in {Stage.COMMISSIONING, *UNDER_WAY}
    wanted = [
        ("Request agency summaries", "reviews:request-summaries", early),
        ("Record the screening", "reviews:screening", early),
        ("Record the Panel decision", "reviews:decision", decide),
        ("Terms of reference", "reviews:terms", terms_open),
        ("Assign a reviewer", "reviews:reviewer-add", manage and open_),
        ("Commission the review", "reviews:commission", manage and stage == Stage.COMMISSIONING),
        ("Request agency reports", "reviews:request-reports", manage and stage in UNDER_WAY),
        ("Add a learning event", "reviews:learning-event-add", work),
        ("Record contact with the family", "reviews:family-contact-add", family),
        ("Move on to findings", "reviews:analysis-start", work and stage == Stage.GATHERING),
        ("Sign off the report", "reviews:sign-off", access.can_sign_off(user) and approval),
        ("Approve the report", "reviews:approve", access.can_approve(user) and approval),
        (
            "Anonymise and publish",
            "publishing:anonymise",
            # Once published, the review's publication is on the public site: no second one.
            access.can_view_register(user, review)
            and stage == Stage.APPROVED
            and review.publication_date is None,
        ),
        ("Add a subject", "reviews:subject-add", manage and open_),
        ("Add a parallel process", "reviews:parallel-add", manage and open_),
    ]
    return [
        (label, reverse(name, args=[review.code])) for label, name, allowed in wanted if allowed
    ]


def _started(review: Review) -> bool:
    """Commissioned: information is being gathered, or later."""
    return STAGE_ORDER.index(review.stage) >= STAGE_ORDER.index(Stage.GATHERING)


def _reads_work(user: Any, review: Review) -> bool:
    """The review's working material (findings, the report, learning events, contact with the
    family): the business unit, its reviewers, the Panel and the Board. Not agency leads."""
    return access.can_work_on_review(user, review) or access.is_panel(user) or access.is_board(user)


def _sections(user: Any, review: Review) -> list[tuple[str, str]]:
    """Other pages about this review that this person may open, as (label, URL)."""
    started, reads_work = _started(review), _reads_work(user, review)
    wanted = [
        ("Chronology", "reviews:chronology", access.can_view_chronology(user, review)),
        ("Findings and recommendations", "reviews:findings", started and reads_work),
        ("Report", "reviews:report", started and reads_work),
        ("Identifier register", "reviews:register", access.can_view_register(user, review)),
    ]
    if review.stage == Stage.NO_REVIEW:
        return []
    return [
        (label, reverse(name, args=[review.code])) for label, name, allowed in wanted if allowed
    ]


def _request_rows(user: Any, review: Review, today: date) -> list[dict[str, Any]]:
    rows = []
    for item in review.requests.select_related("agency", "review"):
        url = reverse("reviews:request-submit", args=[review.code, item.code])
        can_submit = access.can_submit_request(user, item) and item.is_outstanding
        can_read = not item.is_outstanding and access.can_view_request(user, item)
        rows.append(
            {
                "request": item,
                "overdue": item.is_overdue(today),
                "submit_url": url if can_submit else None,
                "view_url": url if can_read else None,
            }
        )
    return rows


def _agency_recommendations(user: Any, review: Review) -> list[dict[str, Any]]:
    """For an agency lead: the recommendations addressed to their agency, with its response and
    the page to give or change it (their dashboard lists only those not yet answered)."""
    agency_id = getattr(user, "agency_id", None)
    if not (agency_id and access.can_respond_for(user, agency_id)):
        return []
    addressed = review.recommendations.filter(agencies__pk=agency_id).prefetch_related("responses")
    rows = []
    for recommendation in addressed:
        answers = [r for r in recommendation.responses.all() if r.agency_id == agency_id]
        url = reverse("reviews:recommendation-respond", args=[review.code, recommendation.code])
        rows.append(
            {"recommendation": recommendation, "response": next(iter(answers), None), "url": url}
        )
    return rows


def _detail_context(user: Any, review: Review) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "review": review,
        "stage_tag": review.stage_tag,
        "subjects": review.subjects.all(),
        "agencies": review.agencies.all(),
        "parallel_processes": review.parallel_processes.all(),
        "assignments": review.assignments.select_related("reviewer", "reviewer__agency"),
        "panel_members": review.panel_members.all(),
        "deadlines": services.review_deadlines(review, today),
        "screening": getattr(review, "screening", None),
        "decision": getattr(review, "decision", None),
        "approval": getattr(review, "approval", None),
        "requests": _request_rows(user, review, today),
        "agency_recommendations": _agency_recommendations(user, review),
        "timeline": review.timeline.select_related("changed_by"),
        "next_steps": _next_steps(user, review),
        "sections": _sections(user, review),
        **_gathered(user, review),
    }


def _gathered(user: Any, review: Review) -> dict[str, Any]:
    """Learning events and contact with the family, from commissioning on, for the people who
    read the review's working material."""
    commissioned = review.stage != Stage.NO_REVIEW and STAGE_ORDER.index(
        review.stage
    ) >= STAGE_ORDER.index(Stage.COMMISSIONING)
    if not (commissioned and _reads_work(user, review)):
        return {"show_gathered": False}
    return {
        "show_gathered": True,
        "learning_events": review.learning_events.prefetch_related("agencies"),
        "family_contacts": review.family_contacts.all(),
    }


@login_required
def detail(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code)
    audit_log(actor=request.user, verb="review.viewed", target=review)
    return render(request, "reviews/lifecycle/detail.html", _detail_context(request.user, review))


@login_required
def subject_add(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_manage_review)
    form = SubjectForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        call_service(
            form,
            services.subject_add,
            review=review,
            by=request.user,
            pseudonym=form.cleaned_data["pseudonym"],
            age_band=form.cleaned_data["age_band"],
            category=form.cleaned_data["category"],
        )
        if not form.errors:
            return _done(request, review, f"{form.cleaned_data['pseudonym']} added")
    return _page(request, "subject_add", review, form)


@login_required
def parallel_add(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_manage_review)
    form = ParallelProcessForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        call_service(
            form,
            services.parallel_process_add,
            review=review,
            by=request.user,
            kind=form.cleaned_data["kind"],
            detail=form.cleaned_data["detail"],
        )
        if not form.errors:
            return _done(request, review, "Parallel process added")
    return _page(request, "parallel_add", review, form)


# Requests to agencies -------------------------------------------------------------------------


@login_required
def request_summaries(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_manage_review)
    default_due = services.clock_due(Clock.SUMMARIES, timezone.localdate())
    initial = {"agencies": list(review.agencies.all()), "due": default_due}
    form = RequestSummariesForm(post_data(request), initial=initial, default_due=default_due)
    if request.method == "POST" and form.is_valid():
        agencies = list(form.cleaned_data["agencies"])
        call_service(
            form,
            services.requests_send,
            review=review,
            by=request.user,
            kind=RequestKind.SUMMARY,
            agencies=agencies,
            due=form.cleaned_data["due"],
        )
        if not form.errors:
            names = ", ".join(agency.name for agency in agencies)
            return _done(request, review, f"Summaries requested from {names}")
    return _page(request, "request_summaries", review, form)


@login_required
def request_submit(request: HttpRequest, code: Any, request_code: Any) -> HttpResponse:
    # Reading the request is for all who may see it; answering (POST) for its agency's lead or
    # the business unit: anyone else who POSTs gets 403 and nothing is written.
    write = request.method == "POST"
    item = access.get_request_for(request.user, code, request_code, write=write)
    can_submit = access.can_submit_request(request.user, item) and item.is_outstanding
    withdraw_form = RequestWithdrawForm() if can_submit and is_business_unit(request.user) else None
    withdrawing = withdraw_form is not None and write and "withdraw" in request.POST
    if withdrawing:
        withdraw_form = RequestWithdrawForm(request.POST)
        if withdraw_form.is_valid() and call_service(
            withdraw_form,
            services.request_withdraw,
            request=item,
            by=request.user,
            reason=withdraw_form.cleaned_data["withdrawn_reason"],
        ):
            messages.success(request, f"{item.get_kind_display()} request withdrawn")
            return redirect("reviews:detail", code=item.review.code)
    form = None
    if can_submit:
        submitting = write and not withdrawing
        files = request.FILES if submitting else None
        form = RequestSubmitForm(request.POST if submitting else None, files, kind=item.kind)
    if form is not None and form.is_bound and form.is_valid():
        call_service(
            form,
            services.request_submit,
            request=item,
            by=request.user,
            text=form.cleaned_data["text"],
            document=form.cleaned_data["document"],
        )
        if not form.errors:
            messages.success(request, f"{item.get_kind_display()} submitted")
            return redirect("reviews:request-submit", code=item.review.code, request_code=item.code)
    if item.is_submitted:
        detail = {"kind": item.kind, "agency": item.agency.agency_code}
        audit_log(
            actor=request.user, verb="review.request_viewed", target=item.review, detail=detail
        )
    context = {"review": item.review, "item": item, "form": form, "withdraw_form": withdraw_form}
    return render(request, "reviews/lifecycle/request_submit.html", context)


@login_required
@require_safe  # a download: a POST must not count as a view of it in the trail
def request_document(request: HttpRequest, code: Any, request_code: Any) -> HttpResponse:
    item = access.get_request_for(request.user, code, request_code)
    if not item.document:
        raise Http404
    detail = {"kind": item.kind, "agency": item.agency.agency_code}
    audit_log(
        actor=request.user, verb="review.document_downloaded", target=item.review, detail=detail
    )
    suffix = PurePath(item.document.name).suffix or ".pdf"
    filename = f"{item.review.reference}-{item.agency.agency_code}-{item.kind}{suffix}"
    return download_response(item.document, filename=filename)


# Screening and decision -----------------------------------------------------------------------


@login_required
def screening(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_manage_review)
    form = ScreeningForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        call_service(
            form,
            services.screening_record,
            review=review,
            by=request.user,
            serious_harm=form.cleaned_data["serious_harm"],
            abuse_or_neglect=form.cleaned_data["abuse_or_neglect"],
            interagency_concern=form.cleaned_data["interagency_concern"],
            recommendation=form.cleaned_data["recommendation"],
            rationale=form.cleaned_data["rationale"],
        )
        if not form.errors:
            return _done(request, review, "Screening recorded. The review is ready for a decision")
    summaries = review.requests.filter(kind=RequestKind.SUMMARY).select_related("agency")
    if any(item.is_submitted for item in summaries):
        agencies = [item.agency.agency_code for item in summaries if item.is_submitted]
        detail = {"kind": RequestKind.SUMMARY, "agencies": agencies}
        audit_log(actor=request.user, verb="review.request_viewed", target=review, detail=detail)
    today = timezone.localdate()
    rows = [(item, item.is_overdue(today)) for item in summaries]
    return _page(request, "screening", review, form, summaries=rows)


@login_required
def decision(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_decide)
    screened = getattr(review, "screening", None)
    initial = {"decided_by": "SCMR Panel", "decided_on": timezone.localdate()}
    if screened:
        initial["outcome"] = screened.recommendation
    form = DecisionForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        call_service(
            form,
            services.decision_record,
            review=review,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            review_kind=form.cleaned_data["review_kind"],
            rationale=form.cleaned_data["rationale"],
            alternative_learning=form.cleaned_data["alternative_learning"],
            decided_by=form.cleaned_data["decided_by"],
            decided_on=form.cleaned_data["decided_on"],
        )
        if not form.errors:
            return _done(request, review, "Decision recorded")
    return _page(request, "decision", review, form, screening=screened)


# Commissioning --------------------------------------------------------------------------------


@login_required
def terms(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_manage_review)
    initial = {name: getattr(review, name) for name in services.TERMS_FIELDS}
    initial["panel_members"] = list(review.panel_members.all())
    initial["agencies"] = list(review.agencies.all())
    initial = with_edit_token(initial, review, services.TERMS_EDITABLE_FIELDS)
    form = TermsForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call_service(
            form,
            services.terms_save,
            review=review,
            by=request.user,
            panel_members=list(data["panel_members"]),
            agencies=list(data["agencies"]),
            scope_start=data["scope_start"],
            scope_end=data["scope_end"],
            lines_of_enquiry=data["lines_of_enquiry"],
            methodology=data["methodology"],
            methodology_detail=data["methodology_detail"],
            reviewer_independence=data["reviewer_independence"],
            family_involvement=data["family_involvement"],
            family_involvement_detail=data["family_involvement_detail"],
            parallel_handling=data["parallel_handling"],
            target_completion_date=data["target_completion_date"],
            seen=data["edit_token"],
        )
        if not form.errors:
            return _done(request, review, "Terms of reference saved")
    return _page(request, "terms", review, form)


@login_required
def reviewer_add(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_manage_review)
    form = ReviewerForm(post_data(request), initial={"is_independent": "yes"})
    if request.method == "POST" and form.is_valid():
        call_service(
            form,
            services.reviewer_assign,
            review=review,
            by=request.user,
            reviewer=form.cleaned_data["reviewer"],
            is_independent=form.cleaned_data["is_independent"],
            note=form.cleaned_data["note"],
        )
        if not form.errors:
            return _done(request, review, f"{form.cleaned_data['reviewer']} assigned")
    return _page(request, "reviewer_add", review, form)


@login_required
def commission(request: HttpRequest, code: Any) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_manage_review)
    form = CommissionForm(post_data(request), initial={"commissioned_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        on = form.cleaned_data["commissioned_on"]
        call_service(
            form, services.review_commission, review=review, by=request.user, commissioned_on=on
        )
        if not form.errors:
            return _done(request, review, "Review commissioned")
    gaps = services.commissioning_gaps(review)
    can_commission = review.is_commissioning and not gaps
    return _page(request, "commission", review, form, gaps=gaps, can_commission=can_commission)


# The clocks and the themes --------------------------------------------------------------------


@login_required
def timescales(request: HttpRequest) -> HttpResponse:
    require(access.can_manage_review(request.user))
    current = {clock.value: services.timescale(clock) for clock in Clock}
    form = TimescalesForm(post_data(request), current=current)
    if request.method == "POST" and form.is_valid():
        for clock, amount, unit in form.changed(current):
            call_service(
                form, services.timescale_set, clock=clock, amount=amount, unit=unit, by=request.user
            )
        if not form.errors:
            messages.success(request, "Timescales saved")
            return redirect("reviews:timescales")
    return render(request, "reviews/lifecycle/timescales.html", {"form": form})


@login_required
def themes(request: HttpRequest) -> HttpResponse:
    require(access.can_manage_review(request.user))
    return render(request, "reviews/lifecycle/themes.html", {"themes": Theme.objects.all()})


@login_required
def theme_add(request: HttpRequest) -> HttpResponse:
    require(access.can_manage_review(request.user))
    form = ThemeForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        name, description = form.cleaned_data["name"], form.cleaned_data["description"]
        try:
            services.theme_create(name=name, description=description, by=request.user)
        except ValidationError as error:
            add_service_errors(form, unique_name_error(error, name))
        else:
            messages.success(request, f"{name} added")
            return redirect("reviews:themes")
    return render(request, "reviews/lifecycle/theme_form.html", {"form": form, "theme": None})


def _theme_update(
    *, theme: Theme, by: Any, name: str, description: str, is_active: bool, seen: str
) -> Theme:
    """`services.theme_update`, saying plainly when the name is taken. An edit conflict passes
    through unchanged, for `call_service` to show with a fresh token."""
    try:
        return services.theme_update(
            theme=theme, by=by, name=name, description=description, is_active=is_active, seen=seen
        )
    except ValidationError as error:
        plain = unique_name_error(error, name)
        if plain is error:
            raise
        raise plain from error


@login_required
def theme_edit(request: HttpRequest, code: Any) -> HttpResponse:
    theme = vocabulary_access.get_theme_for(request.user, code, write=True)
    initial = {"name": theme.name, "description": theme.description, "is_active": theme.is_active}
    initial = with_edit_token(initial, theme, services.THEME_FIELDS)
    form = ThemeForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            _theme_update,
            theme=theme,
            by=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            is_active=form.cleaned_data["is_active"],
            seen=form.cleaned_data["edit_token"],
        )
        if saved:
            messages.success(request, f"{theme.name} updated")
            return redirect("reviews:themes")
    return render(request, "reviews/lifecycle/theme_form.html", {"form": form, "theme": theme})
