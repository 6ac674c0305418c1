"""The public survey pages: anyone with the link can answer, with no account.

No IP address, browser details or account is stored with an answer. The checks against floods
and bots are in `protection`; when one fails the person sees a plain message, never a puzzle."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from manx_learning.core.formkit import call_service
from manx_learning.surveys import protection, services
from manx_learning.surveys.forms import ResponseForm
from manx_learning.surveys.models import Survey, SurveyStatus

TOO_FAST = (
    "We could not accept your answers yet. Please check them and select 'Send my answers' again."
)


def _survey(token: str) -> Survey:
    # Drafts are invisible: a link that is not open yet looks like no link at all.
    return get_object_or_404(Survey.objects.exclude(status=SurveyStatus.DRAFT), public_token=token)


def _page(request: HttpRequest, template: str, status: int = 200, **context: Any) -> HttpResponse:
    return render(request, f"surveys/public/{template}", context, status=status)


@csrf_exempt  # checked by `_respond` instead, once the body is known to be small
@never_cache
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The size check runs before anything reads the body (Django's CSRF check would read it
    first); then CSRF is checked as everywhere else."""
    if request.method == "POST" and protection.body_too_large(request):
        return _page(request, "too_large.html", status=413, survey=_survey(token))
    return _respond(request, token)


@csrf_protect
def _respond(request: HttpRequest, token: str) -> HttpResponse:
    survey = _survey(token)
    today = timezone.localdate()
    if not survey.is_accepting(today):
        return _page(request, "closed.html", survey=survey, not_yet=survey.opens_on > today)
    if request.method == "POST":
        refused = _refusal(request, survey)
        if refused:
            return refused
    questions = list(survey.questions.all())
    data = request.POST if request.method == "POST" else None
    form = ResponseForm(data, questions=questions, started=protection.started_token(token))
    if data is not None and form.is_valid():
        if protection.filled_too_fast(form.cleaned_data[protection.STARTED_FIELD], token):
            form.add_error(None, TOO_FAST)
        elif call_service(form, services.response_submit, survey=survey, answers=form.answers()):
            return redirect("surveys:thanks", token=token)
    return _page(request, "respond.html", survey=survey, form=form)


def _refusal(request: HttpRequest, survey: Survey) -> HttpResponse | None:
    """The page to show instead of taking the answers, or None to go on."""
    if protection.rate_limited(request, survey.public_token):
        return _page(request, "too_many.html", status=429, survey=survey)
    if protection.honeypot_filled(request):
        # Pretend it worked: telling a bot why it failed teaches it.
        return redirect("surveys:thanks", token=survey.public_token)
    return None


@never_cache
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, "thanks.html", survey=_survey(token))
