"""7-minute briefings: the business unit drafts, edits, publishes and sends them; agency leads
record team sessions and their agency's changes; the people it was sent to acknowledge it; the
business unit, Panel and Board see its reach.

Each view checks access (404 for an unknown briefing, 403 for someone who may not act), calls
one service in `services`, and redirects with a message."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from manx_learning.accounts.permissions import require
from manx_learning.briefings import services
from manx_learning.briefings.forms import (
    AcknowledgeForm,
    BriefingForm,
    BriefingStartForm,
    ChangesForm,
    PublishForm,
    SendForm,
    SessionForm,
)
from manx_learning.briefings.models import Briefing
from manx_learning.core.spreadsheets import csv_text
from manx_learning.reviews.models import Review


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _briefing(code: Any) -> Briefing:
    related = ("review", "published_item", "created_by")
    return get_object_or_404(Briefing.objects.select_related(*related), code=code)


def _save(form: forms.Form, service: Any, **kwargs: Any) -> Any:
    """Call one service; on a ValidationError put its messages on the form and return None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            form.add_error(None, error.messages)
        return None


@login_required
def briefing_list(request: HttpRequest) -> HttpResponse:
    require(services.can_edit(request.user))
    form = BriefingStartForm(_data(request), reviews=Review.objects.order_by("-referral_date"))
    if request.method == "POST" and form.is_valid():
        review, by = form.cleaned_data["review"], request.user
        if review:
            made = _save(form, services.briefing_draft_from_review, review=review, by=by)
        else:
            made = _save(form, services.briefing_create, title=form.cleaned_data["title"], by=by)
        if made:
            messages.success(request, "Briefing drafted: check and edit every section")
            return redirect("briefings:briefing-edit", code=made.code)
    briefings = Briefing.objects.select_related("review", "published_item")
    return render(request, "briefings/list.html", {"form": form, "briefings": briefings})


@login_required
def briefing_edit(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = _briefing(code)
    require(services.can_edit(request.user))
    initial = {name: getattr(briefing, name) for name in BriefingForm.base_fields}
    form = BriefingForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        update = services.briefing_update
        if _save(form, update, briefing=briefing, by=request.user, **form.cleaned_data):
            messages.success(request, "Briefing saved")
            return redirect("briefings:briefing", code=briefing.code)
    return render(request, "briefings/edit.html", {"form": form, "briefing": briefing})


@login_required
@require_safe
def briefing_detail(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = _briefing(code)
    user = request.user
    require(services.can_view(user, briefing))
    context = {
        "briefing": briefing,
        "sections": services.sections_of(briefing),
        "can_edit": services.can_edit(user),
        "can_lead": services.can_lead_for(user, briefing),
        "can_acknowledge": services.was_sent_to(user, briefing),
        "reach": services.reach(briefing) if services.can_view_reach(user) else None,
    }
    return render(request, "briefings/detail.html", context)


@login_required
@require_safe
def briefing_pdf(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = _briefing(code)
    require(services.can_view(request.user, briefing))
    response = HttpResponse(services.briefing_pdf(briefing), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"briefing-{str(briefing.code)[:8]}.pdf"
    )
    return response


@login_required
def briefing_publish(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = _briefing(code)
    require(services.can_edit(request.user))
    initial = {"summary": briefing.background[:300], "audience": "both"}
    form = PublishForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        publish = services.briefing_publish
        item = _save(form, publish, briefing=briefing, by=request.user, **form.cleaned_data)
        if item:
            messages.success(request, "Briefing published")
            return redirect(f"/learning/{item.slug}/")
    return render(request, "briefings/publish.html", {"form": form, "briefing": briefing})


@login_required
def briefing_send(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = _briefing(code)
    require(services.can_edit(request.user))
    form = SendForm(_data(request))
    if request.method == "POST" and form.is_valid():
        sent = _save(
            form,
            services.briefing_send,
            briefing=briefing,
            by=request.user,
            **form.cleaned_data,
        )
        if sent:
            count = sent[1]
            messages.success(
                request, f"Briefing sent: {count} {'person' if count == 1 else 'people'} e-mailed"
            )
            return redirect("briefings:briefing", code=briefing.code)
    return render(request, "briefings/send.html", {"form": form, "briefing": briefing})


@login_required
def briefing_session(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = _briefing(code)
    require(services.can_lead_for(request.user, briefing))
    form = SessionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        record = services.team_session_record
        if _save(form, record, briefing=briefing, by=request.user, **form.cleaned_data):
            messages.success(request, "Team session recorded")
            return redirect("briefings:briefing", code=briefing.code)
    return render(request, "briefings/session.html", {"form": form, "briefing": briefing})


@login_required
def briefing_acknowledge(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = _briefing(code)
    require(services.was_sent_to(request.user, briefing))
    done = services.acknowledgement_of(briefing, request.user)
    questions = [briefing.question_1, briefing.question_2, briefing.question_3]
    form = AcknowledgeForm(_data(request) if not done else None, questions=questions)
    if request.method == "POST" and not done and form.is_valid():
        acknowledge = services.briefing_acknowledge
        if _save(form, acknowledge, briefing=briefing, by=request.user, answers=form.answers()):
            messages.success(request, "Thank you: your acknowledgement is recorded")
            return redirect("briefings:briefing-acknowledge", code=briefing.code)
    context = {
        "form": form,
        "briefing": briefing,
        "done": done,
        "sections": services.sections_of(briefing),
    }
    return render(request, "briefings/acknowledge.html", context)


@login_required
def briefing_changes(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = _briefing(code)
    require(services.can_lead_for(request.user, briefing))
    found = services.change_return_of(briefing, request.user.agency_id)
    form = ChangesForm(_data(request), initial={"changes": found.changes if found else ""})
    if request.method == "POST" and form.is_valid():
        save = services.change_return_save
        if _save(form, save, briefing=briefing, by=request.user, **form.cleaned_data):
            messages.success(request, "Your agency's changes are saved")
            return redirect("briefings:briefing", code=briefing.code)
    context = {"form": form, "briefing": briefing, "found": found}
    return render(request, "briefings/changes.html", context)


@login_required
@require_safe
def briefing_reach(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = _briefing(code)
    require(services.can_view_reach(request.user))
    figures = services.reach(briefing)
    if request.GET.get("format") == "csv":
        body = csv_text(services.REACH_HEADER, services.reach_table(figures))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"briefing-reach-{str(briefing.code)[:8]}.csv"
        )
        return response
    context = {
        "briefing": briefing,
        "reach": figures,
        "can_record_reach": services.can_record_reach(request.user),
    }
    return render(request, "briefings/reach.html", context)
