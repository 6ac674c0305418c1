"""Audit tools and grading scales: the business unit builds them; a tool in use is locked and
can be copied to a new version."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from manx_learning.accounts.permissions import require
from manx_learning.audits import access, services
from manx_learning.audits.forms import QuestionForm, ScaleForm, SectionForm, ToolForm
from manx_learning.audits.models import AuditTool, GradingScale
from manx_learning.core.formkit import call_service, post_data


@login_required
@require_safe
def tool_list(request: HttpRequest) -> HttpResponse:
    require(access.can_view_results(request.user))
    # The standard scales and default tool are there from a board's first visit.
    services.defaults_seed()
    context = {
        "tools": AuditTool.objects.select_related("scale").prefetch_related("programmes"),
        "scales": GradingScale.objects.prefetch_related("grades"),
        "can_manage": access.can_manage(request.user),
    }
    return render(request, "audits/tools.html", context)


@login_required
def tool_add(request: HttpRequest) -> HttpResponse:
    require(access.can_manage(request.user))
    services.defaults_seed()
    form = ToolForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tool = call_service(
            form,
            services.tool_create,
            by=request.user,
            name=data["name"],
            purpose=data["purpose"],
            scale=data["scale"],
            escalation_text=data["escalation_text"],
            notify_agency_lead=data["notify_agency_lead"],
            notify_business_unit=data["notify_business_unit"],
            notify_emails=data["notify_emails"],
        )
        if tool:
            messages.success(request, f"{tool} created with the standard sections")
            return redirect("audits:tool", code=tool.code)
    return render(request, "audits/tool_add.html", {"form": form})


@login_required
def tool_detail(request: HttpRequest, code: Any) -> HttpResponse:
    tool = access.get_tool_for(request.user, code)
    sections = tool.sections.prefetch_related("questions")
    manage = access.can_manage(request.user) and not tool.is_locked
    section_form = SectionForm(prefix="section")
    question_form = QuestionForm(prefix="question", sections=tool.sections.all())
    if request.method == "POST":
        require(manage)
        if "section-title" in request.POST:
            section_form = SectionForm(request.POST, prefix="section")
            if section_form.is_valid() and call_service(
                section_form,
                services.section_add,
                tool=tool,
                by=request.user,
                title=section_form.cleaned_data["title"],
                guidance=section_form.cleaned_data["guidance"],
            ):
                messages.success(request, "Section added")
                return redirect("audits:tool", code=tool.code)
        else:
            question_form = QuestionForm(request.POST, prefix="question", sections=tool.sections)
            if question_form.is_valid() and call_service(
                question_form,
                services.question_add,
                section=question_form.cleaned_data["section"],
                by=request.user,
                text=question_form.cleaned_data["text"],
            ):
                messages.success(request, "Question added")
                return redirect("audits:tool", code=tool.code)
    context = {
        "tool": tool,
        "sections": sections,
        "can_edit": manage,
        "can_copy": access.can_manage(request.user),
        "section_form": section_form,
        "question_form": question_form,
        "form": section_form if section_form.errors else question_form,
        "programmes": tool.programmes.all(),
    }
    return render(request, "audits/tool.html", context)


@login_required
@require_POST
def section_remove(request: HttpRequest, code: Any) -> HttpResponse:
    section = access.get_section_for(request.user, code, write=True)
    try:
        services.section_remove(section=section, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Section ‘{section.title}’ removed")
    return redirect("audits:tool", code=section.tool.code)


@login_required
@require_POST
def tool_copy(request: HttpRequest, code: Any) -> HttpResponse:
    tool = access.get_tool_for(request.user, code, write=True)
    copy = services.tool_copy(tool=tool, by=request.user)
    messages.success(request, f"Copied to {copy}: you can change its sections and questions")
    return redirect("audits:tool", code=copy.code)


@login_required
def scale_add(request: HttpRequest) -> HttpResponse:
    require(access.can_manage(request.user))
    form = ScaleForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scale = call_service(
            form,
            services.scale_create,
            by=request.user,
            name=data["name"],
            description=data["description"],
            grades=data["grades"],
            good_or_better=data["good_or_better"],
            inadequate=data["inadequate"],
        )
        if scale:
            messages.success(request, f"Grading scale ‘{scale.name}’ added")
            return redirect("audits:tool-list")
    return render(request, "audits/scale_add.html", {"form": form})
