"""The business unit's survey pages: build, publish, send, close, retest, and read the results.

Each view checks access (404 for a survey the person may not see, 403 for an action they may not
take), calls one service, and redirects with a message."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from manx_learning.accounts.permissions import Capability, require_capability
from manx_learning.core.evidence import entry_for
from manx_learning.core.formkit import call_service, post_data
from manx_learning.core.services import audit_log
from manx_learning.core.spreadsheets import csv_text
from manx_learning.surveys import access, results, retest, services
from manx_learning.surveys.forms import QuestionForm, RetestForm, SendForm, SurveyForm
from manx_learning.surveys.models import Question, Survey

PAGE_SIZE = 20


def _question(survey: Survey, question_code: Any) -> Question:
    return get_object_or_404(survey.questions, code=question_code)


@login_required
@require_capability(Capability.VIEW_ASSURANCE)
@require_safe
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = (
        access.surveys_visible_to(user=request.user)
        .annotate(response_count=Count("responses", distinct=True))
        .order_by("-opens_on", "title", "pk")
    )
    page = Paginator(surveys, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "can_manage": access.can_manage(request.user)}
    return render(request, "surveys/list.html", context)


@login_required
@require_capability(Capability.MANAGE_ASSURANCE)
def survey_create(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = call_service(
            form,
            services.survey_create,
            by=request.user,
            title=data["title"],
            audience=data["audience"],
            intro=data["intro"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            why_identifying=data["why_identifying"],
            retest_due_on=data["retest_due_on"],
            agencies=data["agencies"],
            themes=data["themes"],
            priorities=data["priorities"],
        )
        if survey:
            messages.success(request, "Survey started: now add its questions")
            return redirect("surveys:detail", code=survey.code)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": None})


def _evidence_url(evidence: Any) -> str:
    """The register entry's page. The register's pages belong to the assurance app, so a
    missing route leaves the entry unlinked rather than breaking the survey page."""
    if evidence is None:
        return ""
    try:
        return reverse("assurance:evidence-detail", args=[evidence.code])
    except NoReverseMatch:
        return ""


@login_required
@require_safe
def survey_detail(request: HttpRequest, code: Any) -> HttpResponse:
    survey = access.get_survey_for(request.user, code)
    baseline, latest = retest.pair_of(survey)
    evidence = entry_for(survey)
    can_manage = access.can_manage(request.user)
    context = {
        "survey": survey,
        "questions": survey.questions.all(),
        "responses": survey.responses.count(),
        "can_manage": can_manage,
        "can_change_questions": can_manage and survey.is_draft,
        "public_url": services.public_url(survey),
        "problems": services.publish_problems(survey, timezone.localdate()),
        "comparison": retest.comparison(survey),
        "pairs": retest.question_pairs(baseline, latest) if latest else [],
        "evidence": evidence,
        "evidence_url": _evidence_url(evidence),
        "sends": survey.sends.prefetch_related("agencies"),
        "sendable": survey.audience in services.SENDABLE_AUDIENCES,
    }
    return render(request, "surveys/detail.html", context)


@login_required
def survey_edit(request: HttpRequest, code: Any) -> HttpResponse:
    survey = access.get_survey_for(request.user, code, write=True)
    form = SurveyForm(post_data(request), initial=SurveyForm.initial_for(survey))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            services.survey_update,
            survey=survey,
            by=request.user,
            title=data["title"],
            audience=data["audience"],
            intro=data["intro"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            why_identifying=data["why_identifying"],
            retest_due_on=data["retest_due_on"],
            agencies=data["agencies"],
            themes=data["themes"],
            priorities=data["priorities"],
        )
        if saved:
            messages.success(request, "Survey details saved")
            return redirect("surveys:detail", code=survey.code)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@login_required
def question_add(request: HttpRequest, code: Any) -> HttpResponse:
    survey = access.get_survey_for(request.user, code, write=True)
    form = QuestionForm(post_data(request), initial={"required": True, "kind": "scale"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = call_service(
            form,
            services.question_add,
            survey=survey,
            by=request.user,
            kind=data["kind"],
            text=data["text"],
            help_text=data["help_text"],
            required=data["required"],
            choices=data["choices"],
            group_by=data["group_by"],
            asks_identifying=data["asks_identifying"],
        )
        if added:
            messages.success(request, "Question added")
            return redirect("surveys:detail", code=survey.code)
    context = {"form": form, "survey": survey, "question": None}
    return render(request, "surveys/question_form.html", context)


@login_required
def question_edit(request: HttpRequest, code: Any, question_code: Any) -> HttpResponse:
    survey = access.get_survey_for(request.user, code, write=True)
    question = _question(survey, question_code)
    form = QuestionForm(post_data(request), initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            services.question_update,
            question=question,
            by=request.user,
            kind=data["kind"],
            text=data["text"],
            help_text=data["help_text"],
            required=data["required"],
            choices=data["choices"],
            group_by=data["group_by"],
            asks_identifying=data["asks_identifying"],
        )
        if saved:
            messages.success(request, "Question saved")
            return redirect("surveys:detail", code=survey.code)
    context = {"form": form, "survey": survey, "question": question}
    return render(request, "surveys/question_form.html", context)


def _act(request: HttpRequest, service: Any, done: str, **kwargs: Any) -> bool:
    """Run a one-button service; show its refusal as an error message."""
    try:
        service(by=request.user, **kwargs)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
        return False
    messages.success(request, done)
    return True


@login_required
@require_POST
def question_remove(request: HttpRequest, code: Any, question_code: Any) -> HttpResponse:
    survey = access.get_survey_for(request.user, code, write=True)
    question = _question(survey, question_code)
    _act(request, services.question_remove, "Question removed", question=question)
    return redirect("surveys:detail", code=survey.code)


@login_required
@require_POST
def question_move(request: HttpRequest, code: Any, question_code: Any) -> HttpResponse:
    survey = access.get_survey_for(request.user, code, write=True)
    question = _question(survey, question_code)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    _act(
        request,
        services.question_move,
        "Question moved",
        question=question,
        direction=direction,
    )
    return redirect("surveys:detail", code=survey.code)


@login_required
@require_POST
def survey_publish(request: HttpRequest, code: Any) -> HttpResponse:
    survey = access.get_survey_for(request.user, code, write=True)
    _act(
        request,
        services.survey_publish,
        "Survey published: the link is open",
        survey=survey,
    )
    return redirect("surveys:detail", code=survey.code)


@login_required
@require_POST
def survey_close(request: HttpRequest, code: Any) -> HttpResponse:
    survey = access.get_survey_for(request.user, code, write=True)
    done = "Survey closed: its results are in the QA evidence register"
    _act(request, services.survey_close, done, survey=survey)
    return redirect("surveys:detail", code=survey.code)


@login_required
@require_POST
def survey_evidence(request: HttpRequest, code: Any) -> HttpResponse:
    survey = access.get_survey_for(request.user, code, write=True)
    done = "The QA evidence register entry is up to date"
    _act(request, services.survey_evidence_refresh, done, survey=survey)
    return redirect("surveys:detail", code=survey.code)


@login_required
def survey_send(request: HttpRequest, code: Any) -> HttpResponse:
    survey = access.get_survey_for(request.user, code, write=True)
    form = SendForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        sent = call_service(
            form,
            services.survey_send,
            survey=survey,
            by=request.user,
            agencies=form.cleaned_data["agencies"],
            roles=form.cleaned_data["roles"],
        )
        if sent:
            count = sent[1]
            noun = "person" if count == 1 else "people"
            messages.success(request, f"Survey link sent: {count} {noun} e-mailed")
            return redirect("surveys:detail", code=survey.code)
    return render(request, "surveys/send.html", {"form": form, "survey": survey})


@login_required
def survey_retest(request: HttpRequest, code: Any) -> HttpResponse:
    survey = access.get_survey_for(request.user, code, write=True)
    form = RetestForm(post_data(request), initial={"title": f"{survey.title} (retest)"})
    if request.method == "POST" and form.is_valid():
        made = call_service(
            form,
            services.survey_retest_create,
            baseline=survey,
            by=request.user,
            title=form.cleaned_data["title"],
            opens_on=form.cleaned_data["opens_on"],
            closes_on=form.cleaned_data["closes_on"],
        )
        if made:
            messages.success(
                request, "Retest drafted with the same questions: publish it when ready"
            )
            return redirect("surveys:detail", code=made.code)
    return render(request, "surveys/retest.html", {"form": form, "survey": survey})


@login_required
@require_safe
def survey_results(request: HttpRequest, code: Any) -> HttpResponse:
    survey = access.get_survey_for(request.user, code)
    if survey.is_draft:
        raise PermissionDenied
    outcome = results.survey_results(survey)
    wants_csv = request.GET.get("format") == "csv"
    audit_log(
        actor=request.user,
        verb="survey.results_exported" if wants_csv else "survey.results_viewed",
        target=survey,
    )
    if wants_csv:
        body = csv_text(results.EXPORT_HEADER, results.export_rows(outcome))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"survey-results-{str(survey.code)[:8]}.csv"
        )
        return response
    context = {"survey": survey, "results": outcome, "minimum": results.MIN_RESPONSES}
    return render(request, "surveys/results.html", context)
