"""Audit programmes: planning, each agency's sample of case audits, moderation, results, the
retest and its comparison with the baseline.

Each view first gets its record through `access` (404 for an unknown record or one the person
may not see, 403 for someone who sees it but may not act), calls one service, and redirects with
a message. Views of case audits are audited."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from manx_learning.accounts.models import Agency
from manx_learning.accounts.permissions import require
from manx_learning.audits import access, exports, selectors, services
from manx_learning.audits.forms import (
    AuditRecommendationForm,
    CaseAddForm,
    GradingForm,
    ModerateForm,
    ModerationRecordForm,
    ProgrammeForm,
    RetestForm,
)
from manx_learning.audits.models import (
    AuditProgramme,
    AuditTool,
    CaseAudit,
    GradeChange,
)
from manx_learning.audits.results import programme_comparison, programme_results, sides
from manx_learning.core.evidence import entry_for
from manx_learning.core.formkit import call_service, date_initial, post_data
from manx_learning.core.services import audit_log
from manx_learning.vocabulary import selectors as vocabulary_selectors

PAGE_SIZE = 25


# Programmes -----------------------------------------------------------------------------------


@login_required
@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = selectors.programmes_visible_to(user=request.user)
    require(access.can_view_results(request.user) or programmes.exists())
    page = Paginator(programmes.prefetch_related("agencies"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "can_manage": access.can_manage(request.user), "query": ""}
    return render(request, "audits/programmes.html", context)


def _programme_form(request: HttpRequest) -> ProgrammeForm:
    return ProgrammeForm(
        post_data(request),
        tools=AuditTool.objects.all(),
        agencies=Agency.objects.filter(is_active=True),
        themes=vocabulary_selectors.active_themes(),
        priorities=vocabulary_selectors.current_priorities(),
        initial={"kind": "multi", "sample_size": 3},
    )


@login_required
def programme_add(request: HttpRequest) -> HttpResponse:
    require(access.can_manage(request.user))
    services.defaults_seed()
    form = _programme_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = call_service(
            form,
            services.programme_create,
            by=request.user,
            title=data["title"],
            tool=data["tool"],
            kind=data["kind"],
            agencies=data["agencies"],
            sample_size=data["sample_size"],
            theme=data["theme"],
            priorities=data["priorities"],
            audit_starts=data["audit_starts"],
            audit_ends=data["audit_ends"],
            moderation_on=data["moderation_on"],
            retest_on=data["retest_on"],
        )
        if programme:
            messages.success(request, f"Audit programme ‘{programme.title}’ planned")
            return redirect("audits:programme", code=programme.code)
    return render(request, "audits/programme_add.html", {"form": form})


def _samples(request: HttpRequest, programme: AuditProgramme) -> list[dict[str, Any]]:
    """One block per agency the person may see: its case audits and whether it can add more."""
    cases = list(selectors.case_audits_visible_to(user=request.user, programme=programme))
    blocks = []
    for agency in programme.agencies.all():
        own = [c for c in cases if c.agency_id == agency.pk]
        probe = CaseAudit(programme=programme, agency=agency)
        if not own and not access.can_view_case_audit(request.user, probe):
            continue
        blocks.append(
            {
                "agency": agency,
                "cases": own,
                "can_add": programme.is_open_for_auditing
                and access.can_grade(request.user, probe)
                and len(own) < programme.sample_size,
            }
        )
    return blocks


@login_required
@require_safe
def programme_detail(request: HttpRequest, code: Any) -> HttpResponse:
    programme = access.get_programme_for(request.user, code)
    today = timezone.localdate()
    comparison = programme_comparison(programme) if programme.is_completed else None
    baseline_comparison = programme_comparison(programme.retest_of) if programme.retest_of else None
    can_manage = access.can_manage(request.user)
    retests = list(programme.retests.all())
    context = {
        "programme": programme,
        "samples": _samples(request, programme),
        "can_manage": can_manage,
        "can_record_moderation": can_manage and programme.is_in_moderation,
        "can_plan_retest": can_manage and programme.is_completed and not retests,
        "can_results": access.can_view_results(request.user),
        "moderation": getattr(programme, "moderation", None),
        "recommendations": [link.recommendation for link in programme.recommendation_links.all()],
        "comparison": comparison,
        "comparison_sides": sides(comparison),
        # A retest's page shows its baseline's comparison (it is this programme once completed).
        "baseline_comparison": baseline_comparison,
        "baseline_sides": sides(baseline_comparison),
        "retests": retests,
        "retest_due": programme.retest_due(today),
        "evidence": entry_for(programme),
    }
    return render(request, "audits/programme.html", context)


@login_required
@require_POST
def close_auditing(request: HttpRequest, code: Any) -> HttpResponse:
    programme = access.get_programme_for(request.user, code, write=True)
    try:
        services.programme_close_auditing(programme=programme, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Audit window closed: the grades can now be moderated")
    return redirect("audits:programme", code=programme.code)


@login_required
def plan_retest(request: HttpRequest, code: Any) -> HttpResponse:
    baseline = access.get_programme_for(request.user, code, write=True)
    starts = services.months_after(baseline.retest_on, 0)
    initial = {
        "title": f"{baseline.title} – retest",
        "audit_starts": date_initial(starts),
        "audit_ends": date_initial(services.months_after(starts, 1)),
        "moderation_on": date_initial(services.months_after(starts, 2)),
    }
    form = RetestForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        retest = call_service(
            form,
            services.programme_plan_retest,
            baseline=baseline,
            by=request.user,
            title=data["title"],
            audit_starts=data["audit_starts"],
            audit_ends=data["audit_ends"],
            moderation_on=data["moderation_on"],
            retest_on=data["retest_on"],
        )
        if retest:
            messages.success(request, "Retest planned with the same tool, agencies and sample size")
            return redirect("audits:programme", code=retest.code)
    return render(request, "audits/retest_add.html", {"form": form, "programme": baseline})


# Case audits ----------------------------------------------------------------------------------


@login_required
def case_add(request: HttpRequest, code: Any) -> HttpResponse:
    programme = access.get_programme_for(request.user, code, need=access.can_add_case)
    agencies = Agency.objects.filter(
        pk__in=[
            a.pk
            for a in programme.agencies.all()
            if access.can_grade(request.user, CaseAudit(programme=programme, agency=a))
        ]
    )
    form = CaseAddForm(post_data(request), agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = call_service(
            form,
            services.case_audit_add,
            programme=programme,
            agency=data["agency"],
            by=request.user,
            case_reference=data["case_reference"],
        )
        if case:
            messages.success(request, f"Case {case.case_reference} added: grade each section")
            return redirect("audits:case", code=case.code)
    return render(request, "audits/case_add.html", {"form": form, "programme": programme})


def _answers(form: GradingForm) -> dict[int, services.Answer]:
    grades = {g.pk: g for g in form.sections[0].tool.scale.grades.all()} if form.sections else {}
    answers = {}
    for section in form.sections:
        grade_id = form.cleaned_data.get(f"section_{section.pk}_grade")
        answers[section.pk] = services.Answer(
            grades.get(grade_id) if grade_id else None,
            form.cleaned_data.get(f"section_{section.pk}_narrative", ""),
        )
    return answers


def _grading_initial(case: CaseAudit) -> dict[str, Any]:
    initial = {}
    for item in case.grades.all():
        initial[f"section_{item.section_id}_grade"] = item.grade_id
        initial[f"section_{item.section_id}_narrative"] = item.narrative
    return initial


@login_required
def case_detail(request: HttpRequest, code: Any) -> HttpResponse:
    case = access.get_case_for(request.user, code)
    can_grade = access.can_grade(request.user, case) and case.programme.is_open_for_auditing
    form = GradingForm(post_data(request), case_audit=case, initial=_grading_initial(case))
    if request.method == "POST":
        require(can_grade)
        if form.is_valid():
            submit = "submit" in request.POST
            saved = save_with_answers(form, case, request.user, submit)
            if saved:
                if saved.is_escalated and not case.is_escalated:
                    messages.warning(request, "A section is graded Inadequate: escalation started")
                messages.success(request, "Case audit submitted" if submit else "Grades saved")
                return redirect("audits:case", code=case.code)
    audit_log(actor=request.user, verb="case_audit.viewed", target=case)
    grades = case.grades.select_related("section", "grade", "moderated_grade")
    context = {
        "case": case,
        "programme": case.programme,
        "form": form if can_grade else None,
        "grades": grades,
        "history": _history(case),
        "can_moderate": access.can_manage(request.user) and case.programme.is_past_auditing,
    }
    return render(request, "audits/case.html", context)


def save_with_answers(form: GradingForm, case: CaseAudit, by: Any, submit: bool) -> Any:
    return call_service(
        form,
        services.case_audit_save,
        case_audit=case,
        by=by,
        answers=_answers(form),
        submit=submit,
    )


def _history(case: CaseAudit) -> list[Any]:
    return list(
        GradeChange.objects.filter(section_grade__case_audit=case)
        .select_related("section_grade__section", "by")
        .order_by("at", "pk")
    )


@login_required
def case_moderate(request: HttpRequest, code: Any) -> HttpResponse:
    case = access.get_case_for(request.user, code, need=access.can_manage)
    form = ModerateForm(post_data(request), case_audit=case)
    if request.method == "POST" and form.is_valid():
        grades = {g.pk: g for g in case.programme.tool.scale.grades.all()}
        answers = {
            row["item"].section_id: services.Moderation(
                grades[form.cleaned_data[f"section_{row['item'].section_id}_grade"]],
                form.cleaned_data[f"section_{row['item'].section_id}_note"],
            )
            for row in form.rows()
        }
        changed = call_service(
            form, services.grades_moderate, case_audit=case, by=request.user, answers=answers
        )
        if changed is not None:
            messages.success(request, f"Moderated grades saved for {case.case_reference}")
            return redirect("audits:programme", code=case.programme.code)
    audit_log(actor=request.user, verb="case_audit.viewed", target=case)
    return render(request, "audits/case_moderate.html", {"form": form, "case": case})


# Moderation and recommendations ---------------------------------------------------------------


@login_required
def moderation_add(request: HttpRequest, code: Any) -> HttpResponse:
    programme = access.get_programme_for(request.user, code, write=True)
    record = getattr(programme, "moderation", None)
    initial = (
        {
            "held_on": date_initial(record.held_on),
            "attendees": record.attendees,
            "agencies": record.agencies.all(),
            "good_practice": record.good_practice,
            "areas_for_development": record.areas_for_development,
        }
        if record
        else {
            "held_on": date_initial(min(programme.moderation_on, timezone.localdate())),
            "agencies": programme.agencies.all(),
        }
    )
    form = ModerationRecordForm(
        post_data(request), agencies=programme.agencies.all(), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recorded = call_service(
            form,
            services.moderation_record,
            programme=programme,
            by=request.user,
            held_on=data["held_on"],
            attendees=data["attendees"],
            agencies=data["agencies"],
            good_practice=data["good_practice"],
            areas_for_development=data["areas_for_development"],
        )
        if recorded:
            messages.success(request, "Moderation recorded: the audit is complete")
            return redirect("audits:programme", code=programme.code)
    context = {"form": form, "programme": programme, "record": record}
    return render(request, "audits/moderation_add.html", context)


@login_required
def recommendation_add(request: HttpRequest, code: Any) -> HttpResponse:
    programme = access.get_programme_for(request.user, code, write=True)
    form = AuditRecommendationForm(post_data(request), agencies=programme.agencies.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = call_service(
            form,
            services.programme_recommendation_add,
            programme=programme,
            by=request.user,
            text=data["text"],
            agencies=data["agencies"],
            to_board=data["to_board"],
            smart_outcome=data["smart_outcome"],
            smart_measure=data["smart_measure"],
            smart_owner=data["smart_owner"],
            smart_timescale=data["smart_timescale"],
        )
        if added:
            messages.success(request, "Recommendation added to the register")
            return redirect("audits:programme", code=programme.code)
    context = {"form": form, "programme": programme}
    return render(request, "audits/recommendation_add.html", context)


# Results and exports --------------------------------------------------------------------------


@login_required
@require_safe
def results(request: HttpRequest, code: Any) -> HttpResponse:
    programme = access.get_programme_for(request.user, code, need=access.can_view_results)
    context = {"programme": programme, "results": programme_results(programme)}
    return render(request, "audits/results.html", context)


@login_required
@require_safe
def results_csv(request: HttpRequest, code: Any) -> HttpResponse:
    programme = access.get_programme_for(request.user, code, need=access.can_view_results)
    visible = selectors.case_audits_visible_to(user=request.user, programme=programme)
    response = HttpResponse(exports.results_csv(programme, visible), content_type="text/csv")
    response["Content-Disposition"] = content_disposition_header(
        True, f"audit-results-{programme.code}.csv"
    )
    audit_log(actor=request.user, verb="audit_programme.exported", target=programme)
    return response


@login_required
@require_safe
def moderation_pdf(request: HttpRequest, code: Any) -> HttpResponse:
    programme = access.get_programme_for(request.user, code, need=access.can_view_moderation)
    response = HttpResponse(exports.moderation_pdf(programme), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, f"moderation-{programme.code}.pdf"
    )
    audit_log(actor=request.user, verb="audit_programme.pdf_exported", target=programme)
    return response
