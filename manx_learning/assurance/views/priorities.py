"""The Board's priorities: list, add, edit, retire; each with the evidence, indicators and
assessments tagged with it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from manx_learning.accounts.permissions import Capability, require, require_capability
from manx_learning.assurance import access, selectors, services
from manx_learning.assurance.forms import PriorityForm
from manx_learning.core.formkit import call_service, date_initial, post_data, with_edit_token
from manx_learning.vocabulary import access as vocabulary_access
from manx_learning.vocabulary.models import BoardPriority


@login_required
@require_safe
def priority_list(request: HttpRequest) -> HttpResponse:
    require(access.can_view(request.user))
    priorities = selectors.priorities_visible_to(user=request.user)
    context = {
        "current": [p for p in priorities if p.is_active],
        "retired": [p for p in priorities if not p.is_active],
        "can_manage": access.can_manage(request.user),
    }
    return render(request, "assurance/priorities/list.html", context)


def _indicators(priority: BoardPriority) -> list[Any]:
    # The dataset app owns indicators and tags them with a priority (`related_name="indicators"`).
    related = getattr(priority, "indicators", None)
    return list(related.all()) if related is not None else []


@login_required
@require_capability(Capability.VIEW_ASSURANCE)
@require_safe
def priority_detail(request: HttpRequest, code: Any) -> HttpResponse:
    priority = vocabulary_access.get_priority_for(request.user, code)
    context = {
        "priority": priority,
        "evidence": selectors.evidence_visible_to(user=request.user).filter(priorities=priority)[
            :50
        ],
        "indicators": _indicators(priority),
        "assessments": selectors.assessments_visible_to(user=request.user).filter(
            priority=priority
        ),
        "can_manage": access.can_manage(request.user),
    }
    return render(request, "assurance/priorities/detail.html", context)


@login_required
def priority_add(request: HttpRequest) -> HttpResponse:
    require(access.can_manage(request.user))
    form = PriorityForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        priority = call_service(
            form,
            services.priority_create,
            by=request.user,
            title=data["title"],
            outcome_sought=data["outcome_sought"],
            description=data["description"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        if priority:
            messages.success(request, f"Priority added: {priority.title}")
            return redirect("assurance:priority-detail", code=priority.code)
    return render(request, "assurance/priorities/form.html", {"form": form, "priority": None})


@login_required
def priority_edit(request: HttpRequest, code: Any) -> HttpResponse:
    priority = vocabulary_access.get_priority_for(request.user, code, write=True)
    initial = {
        "title": priority.title,
        "outcome_sought": priority.outcome_sought,
        "description": priority.description,
        "starts_on": date_initial(priority.starts_on),
        "ends_on": date_initial(priority.ends_on),
    }
    initial = with_edit_token(initial, priority, services.PRIORITY_FIELDS)
    form = PriorityForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            services.priority_update,
            priority=priority,
            by=request.user,
            title=data["title"],
            outcome_sought=data["outcome_sought"],
            description=data["description"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            seen=data["edit_token"],
        )
        if saved:
            messages.success(request, "Priority updated")
            return redirect("assurance:priority-detail", code=priority.code)
    return render(request, "assurance/priorities/form.html", {"form": form, "priority": priority})


@login_required
@require_POST
def priority_retire(request: HttpRequest, code: Any) -> HttpResponse:
    priority = vocabulary_access.get_priority_for(request.user, code, write=True)
    retire = request.POST.get("retire") != "no"
    services.priority_retire(priority=priority, by=request.user, retire=retire)
    messages.success(
        request, f"{priority.title} {'retired' if retire else 'is a current priority again'}"
    )
    return redirect("assurance:priority-detail", code=priority.code)
