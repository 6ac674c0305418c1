"""7-minute briefings: the business unit drafts, edits, publishes and sends them; agency leads
record team sessions and their agency's changes; the people it was sent to acknowledge it; the
business unit, Panel and Board see its reach.

Each view gets its briefing through `access` (404 for an unknown briefing or one the person may
not see, 403 for someone who sees it but may not act), calls one service in `services`, and
redirects with a message."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from manx_learning.accounts.permissions import require
from manx_learning.briefings import access, services
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
from manx_learning.core.formkit import call_service, with_edit_token
from manx_learning.core.services import audit_log
from manx_learning.core.spreadsheets import csv_text
from manx_learning.reviews.models import Review


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
def briefing_list(request: HttpRequest) -> HttpResponse:
    require(access.can_edit(request.user))
    form = BriefingStartForm(_data(request), reviews=Review.objects.order_by("-referral_date"))
    if request.method == "POST" and form.is_valid():
        review, by = form.cleaned_data["review"], request.user
        if review:
            made = call_service(form, services.briefing_draft_from_review, review=review, by=by)
        else:
            title = form.cleaned_data["title"]
            made = call_service(form, services.briefing_create, title=title, by=by)
        if made:
            messages.success(request, "Briefing drafted: check and edit every section")
            return redirect("briefings:briefing-edit", code=made.code)
    briefings = Briefing.objects.select_related("review", "published_item")
    return render(request, "briefings/list.html", {"form": form, "briefings": briefings})


@login_required
def briefing_edit(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = access.get_briefing_for(request.user, code, write=True)
    fields = services.EDITABLE_FIELDS
    initial = with_edit_token({name: getattr(briefing, name) for name in fields}, briefing, fields)
    form = BriefingForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            services.briefing_update,
            briefing=briefing,
            by=request.user,
            title=data["title"],
            background=data["background"],
            why_it_matters=data["why_it_matters"],
            key_learning=data["key_learning"],
            what_worked_well=data["what_worked_well"],
            what_to_think_about=data["what_to_think_about"],
            what_to_do=data["what_to_do"],
            further_reading=data["further_reading"],
            question_1=data["question_1"],
            question_2=data["question_2"],
            question_3=data["question_3"],
            seen=data["edit_token"],
        )
        if saved:
            messages.success(request, "Briefing saved")
            return redirect("briefings:briefing", code=briefing.code)
    return render(request, "briefings/edit.html", {"form": form, "briefing": briefing})


@login_required
@require_safe
def briefing_detail(request: HttpRequest, code: Any) -> HttpResponse:
    user = request.user
    briefing = access.get_briefing_for(user, code)
    context = {
        "briefing": briefing,
        "sections": services.sections_of(briefing),
        "can_edit": access.can_edit(user),
        "can_lead": access.can_lead_for(user, briefing),
        "can_acknowledge": access.was_sent_to(user, briefing),
        "reach": services.reach(briefing) if access.can_view_reach(user) else None,
    }
    return render(request, "briefings/detail.html", context)


@login_required
@require_safe
def briefing_pdf(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = access.get_briefing_for(request.user, code)
    response = HttpResponse(services.briefing_pdf(briefing), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"briefing-{str(briefing.code)[:8]}.pdf"
    )
    return response


@login_required
def briefing_publish(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = access.get_briefing_for(request.user, code, write=True)
    initial = {"summary": briefing.background[:300], "audience": "both"}
    form = PublishForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        item = call_service(
            form,
            services.briefing_publish,
            briefing=briefing,
            by=request.user,
            summary=form.cleaned_data["summary"],
            audience=form.cleaned_data["audience"],
        )
        if item:
            messages.success(request, "Briefing published")
            return redirect(f"/learning/{item.slug}/")
    return render(request, "briefings/publish.html", {"form": form, "briefing": briefing})


@login_required
def briefing_send(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = access.get_briefing_for(request.user, code, write=True)
    form = SendForm(_data(request))
    if request.method == "POST" and form.is_valid():
        sent = call_service(
            form,
            services.briefing_send,
            briefing=briefing,
            by=request.user,
            agencies=form.cleaned_data["agencies"],
            roles=form.cleaned_data["roles"],
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
    briefing = access.get_briefing_for(request.user, code, need=access.can_lead_for)
    form = SessionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recorded = call_service(
            form,
            services.team_session_record,
            briefing=briefing,
            by=request.user,
            held_on=data["held_on"],
            attendees=data["attendees"],
            notes=data["notes"],
        )
        if recorded:
            messages.success(request, "Team session recorded")
            return redirect("briefings:briefing", code=briefing.code)
    return render(request, "briefings/session.html", {"form": form, "briefing": briefing})


@login_required
def briefing_acknowledge(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = access.get_briefing_for(request.user, code, need=access.was_sent_to)
    done = services.acknowledgement_of(briefing, request.user)
    questions = [briefing.question_1, briefing.question_2, briefing.question_3]
    form = AcknowledgeForm(_data(request) if not done else None, questions=questions)
    if request.method == "POST" and not done and form.is_valid():
        acknowledge = services.briefing_acknowledge
        if call_service(
            form, acknowledge, briefing=briefing, by=request.user, answers=form.answers()
        ):
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
    briefing = access.get_briefing_for(request.user, code, need=access.can_lead_for)
    found = services.change_return_of(briefing, request.user.agency_id)
    form = ChangesForm(_data(request), initial={"changes": found.changes if found else ""})
    if request.method == "POST" and form.is_valid():
        save = services.change_return_save
        changes = form.cleaned_data["changes"]
        if call_service(form, save, briefing=briefing, by=request.user, changes=changes):
            messages.success(request, "Your agency's changes are saved")
            return redirect("briefings:briefing", code=briefing.code)
    context = {"form": form, "briefing": briefing, "found": found}
    return render(request, "briefings/changes.html", context)


@login_required
@require_safe
def briefing_reach(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = access.get_briefing_for(request.user, code, need=access.can_view_reach_page)
    own_agency = None if access.can_view_reach(request.user) else request.user.agency_id
    figures = services.reach(briefing, agency_id=own_agency)
    if request.GET.get("format") == "csv":
        body = csv_text(services.REACH_HEADER, services.reach_table(figures))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"briefing-reach-{str(briefing.code)[:8]}.csv"
        )
        return response
    people = None
    if access.can_see_who_acknowledged(request.user, briefing):
        people = services.reach_people(briefing, agency_id=own_agency)
        audit_log(
            actor=request.user,
            verb="briefing.acknowledgements_viewed",
            target=briefing,
            detail={"agency": own_agency, "people": len(people)},
        )
    context = {
        "briefing": briefing,
        "reach": figures,
        "people": people,
        "can_record_reach": access.can_record_reach(request.user),
        "can_return_changes": access.can_lead_for(request.user, briefing),
    }
    return render(request, "briefings/reach.html", context)
