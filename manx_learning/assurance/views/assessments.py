"""Assessments: start one for a theme or priority, gather its evidence, record the judgement,
name its measures, write the action plan (into the actions register), and run the retest
that shows baseline against retest side by side with a verdict."""

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from manx_learning.accounts.models import Agency
from manx_learning.accounts.permissions import require
from manx_learning.actions.selectors import actions_visible_to
from manx_learning.assurance import access, measures, retests, selectors, services
from manx_learning.assurance.forms import (
    AssessmentEvidenceForm,
    AssessmentForm,
    JudgementForm,
    MeasureForm,
    PlanActionForm,
    RetestForm,
)
from manx_learning.assurance.models import Assessment
from manx_learning.assurance.views.common import PAGE_SIZE, query_without
from manx_learning.core.formkit import call_service, date_initial, post_data, with_edit_token
from manx_learning.core.services import audit_log
from manx_learning.vocabulary import selectors as vocabulary_selectors

# Kinds of thing a retest can re-run. Their apps register comparison providers; a kind whose
# app is not installed, or registers no provider, is simply not offered.
MEASURE_MODELS = (
    ("audits", "AuditProgramme", "Audit programme"),
    ("surveys", "Survey", "Survey"),
    ("dataset", "Indicator", "Indicator"),
)


@login_required
@require_safe
def assessment_list(request: HttpRequest) -> HttpResponse:
    require(access.can_view(request.user))
    assessments = selectors.assessments_visible_to(user=request.user)
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "page": page,
        "rows": [(a, a.retest_date_reached(today)) for a in page.object_list],
        "query": query_without(request, "page"),
        "can_manage": access.can_manage(request.user),
    }
    return render(request, "assurance/assessments/list.html", context)


def _assessment_form(request: HttpRequest, initial: dict[str, Any]) -> AssessmentForm:
    return AssessmentForm(
        post_data(request),
        initial=initial,
        priorities=vocabulary_selectors.current_priorities(),
        themes=vocabulary_selectors.active_themes(),
    )


@login_required
def assessment_add(request: HttpRequest) -> HttpResponse:
    require(access.can_manage(request.user))
    form = _assessment_form(request, {})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = call_service(
            form,
            services.assessment_create,
            by=request.user,
            title=data["title"],
            question=data["question"],
            priority=data["priority"],
            theme=data["theme"],
            period_start=data["period_start"],
            period_end=data["period_end"],
        )
        if found:
            messages.success(
                request, f"Assessment started with {found.evidence.count()} piece(s) of evidence"
            )
            return redirect("assurance:assessment-detail", code=found.code)
    return render(request, "assurance/assessments/form.html", {"form": form, "assessment": None})


@login_required
def assessment_edit(request: HttpRequest, code: Any) -> HttpResponse:
    assessment = access.get_assessment_for(request.user, code, write=True)
    initial = {
        "title": assessment.title,
        "question": assessment.question,
        "priority": assessment.priority,
        "theme": assessment.theme,
        "period_start": date_initial(assessment.period_start),
        "period_end": date_initial(assessment.period_end),
    }
    initial = with_edit_token(initial, assessment, services.ASSESSMENT_FIELDS)
    form = _assessment_form(request, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            services.assessment_update,
            assessment=assessment,
            by=request.user,
            title=data["title"],
            question=data["question"],
            priority=data["priority"],
            theme=data["theme"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            seen=data["edit_token"],
        )
        if saved:
            messages.success(request, "Assessment updated")
            return redirect("assurance:assessment-detail", code=assessment.code)
    context = {"form": form, "assessment": assessment}
    return render(request, "assurance/assessments/form.html", context)


def _plan_rows(request: HttpRequest, assessment: Assessment) -> list[dict[str, Any]]:
    today = timezone.localdate()
    actions = actions_visible_to(user=request.user).filter(impact_assessment=assessment)
    return [{"action": a, "rag": a.rag(today)} for a in actions.order_by("due_date")]


@login_required
@require_safe
def assessment_detail(request: HttpRequest, code: Any) -> HttpResponse:
    assessment = access.get_assessment_for(request.user, code)
    visible = selectors.evidence_visible_to(user=request.user)
    audit_log(actor=request.user, verb="assessment.viewed", target=assessment)
    context = {
        "assessment": assessment,
        "evidence": visible.filter(assessments=assessment),
        "hidden_evidence": assessment.evidence.exclude(pk__in=visible.values("pk")).count(),
        "measures": assessment.measures.all(),
        "plan": _plan_rows(request, assessment),
        "retest": assessment.retests.first(),
        "can_manage": access.can_manage(request.user),
        "retest_due_now": assessment.retest_is_due(timezone.localdate()),
    }
    return render(request, "assurance/assessments/detail.html", context)


EVIDENCE_CHOICES = 200


@login_required
def assessment_evidence(request: HttpRequest, code: Any) -> HttpResponse:
    assessment = access.get_assessment_for(request.user, code, write=True)
    suggested = [e.pk for e in services.suggested_evidence(assessment)]
    ordered = selectors.evidence_visible_to(user=request.user).annotate(
        suggested=Case(
            When(pk__in=suggested, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    )
    # The 200 most relevant items are offered, plus whatever is already chosen. A sliced
    # queryset cannot be filtered, so the form could never accept a choice: filter by subquery.
    first = ordered.order_by("suggested", "-dated").values("pk")[:EVIDENCE_CHOICES]
    choices = ordered.filter(Q(pk__in=first) | Q(pk__in=assessment.evidence.values("pk")))
    form = AssessmentEvidenceForm(
        post_data(request),
        initial={"evidence": list(assessment.evidence.all())},
        evidence=choices.order_by("suggested", "-dated"),
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.assessment_evidence_set,
            assessment=assessment,
            by=request.user,
            evidence=form.cleaned_data["evidence"],
        )
        if saved:
            messages.success(request, "Evidence gathered")
            return redirect("assurance:assessment-detail", code=assessment.code)
    context = {"form": form, "assessment": assessment}
    return render(request, "assurance/assessments/evidence.html", context)


@login_required
def assessment_judge(request: HttpRequest, code: Any) -> HttpResponse:
    assessment = access.get_assessment_for(request.user, code, write=True)
    today = timezone.localdate()
    initial = {
        "grade": assessment.grade,
        "rationale": assessment.rationale,
        "strengths": assessment.strengths,
        "areas_for_improvement": assessment.areas_for_improvement,
        "judged_on": date_initial(assessment.judged_on or today),
        "retest_due": date_initial(assessment.retest_due) if assessment.retest_due else "",
    }
    form = JudgementForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            services.assessment_judge,
            assessment=assessment,
            by=request.user,
            grade=data["grade"],
            rationale=data["rationale"],
            strengths=data["strengths"],
            areas_for_improvement=data["areas_for_improvement"],
            judged_on=data["judged_on"],
            retest_due=data["retest_due"],
        )
        if saved:
            messages.success(
                request, "Judgement recorded. Now name the measures and the action plan"
            )
            return redirect("assurance:assessment-detail", code=assessment.code)
    context = {"form": form, "assessment": assessment}
    return render(request, "assurance/assessments/judge.html", context)


def measure_choices() -> list[tuple[str, str]]:
    """Every audit programme, survey and indicator that can be retested, as (value, label)."""
    choices = []
    for app_label, model_name, kind in MEASURE_MODELS:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        if not measures.supports(model):
            continue
        for obj in model.objects.all()[:500]:
            choices.append((f"{model._meta.label_lower}:{obj.pk}", f"{kind}: {obj}"))
    return choices


def _target(value: str) -> Any:
    label, _, pk = value.partition(":")
    try:
        return apps.get_model(label).objects.get(pk=pk)
    except (LookupError, ValueError, ObjectDoesNotExist):
        return None


@login_required
def measure_add(request: HttpRequest, code: Any) -> HttpResponse:
    assessment = access.get_assessment_for(request.user, code, write=True)
    choices = measure_choices()
    form = MeasureForm(post_data(request), choices=choices)
    if request.method == "POST" and form.is_valid():
        target = _target(form.cleaned_data["target"])
        if target is None:
            form.add_error("target", "Choose a measure from the list")
        elif call_service(
            form, services.measure_add, assessment=assessment, by=request.user, target=target
        ):
            messages.success(request, f"Measure added: {target}")
            return redirect("assurance:assessment-detail", code=assessment.code)
    context = {"form": form, "assessment": assessment, "nothing_to_measure": not choices}
    return render(request, "assurance/assessments/measure_add.html", context)


@login_required
@require_POST
def measure_remove(request: HttpRequest, code: Any) -> HttpResponse:
    measure = access.get_measure_for(request.user, code, write=True)
    assessment = measure.assessment
    services.measure_remove(measure=measure, by=request.user)
    messages.success(request, f"Measure removed: {measure.label}")
    return redirect("assurance:assessment-detail", code=assessment.code)


@login_required
def action_add(request: HttpRequest, code: Any) -> HttpResponse:
    assessment = access.get_assessment_for(request.user, code, write=True)
    form = PlanActionForm(
        post_data(request), agencies=Agency.objects.filter(is_active=True).order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = call_service(
            form,
            services.plan_action_add,
            assessment=assessment,
            by=request.user,
            description=data["description"],
            owner_agency=data["owner_agency"],
            lead_name=data["lead_name"],
            due_date=data["due_date"],
            expected_outcome=data["expected_outcome"],
            impact_measure=data["impact_measure"],
            practice_change=data["practice_change"],
        )
        if added:
            messages.success(request, "Action added to the action plan and the actions register")
            return redirect("assurance:assessment-detail", code=assessment.code)
    context = {
        "form": form,
        "assessment": assessment,
        "show_practice_change": "practice_change" in form.errors
        or bool(form.data.get("practice_change", "").strip()),
    }
    return render(request, "assurance/assessments/action_add.html", context)


# The retest -----------------------------------------------------------------------------------


def _live(assessment: Assessment) -> dict[str, Any]:
    result = retests.retest_result(assessment)
    return {
        "comparisons": [retests.display(retests.as_dict(c)) for c in result.comparisons],
        "missing": result.missing,
        "verdict_label": result.verdict.label,
        "verdict_tag": result.verdict.tag,
        "explanation": result.explanation,
    }


def _recorded(retest: Any) -> dict[str, Any]:
    verdict = measures.Verdict(retest.verdict)
    return {
        "comparisons": [retests.display(row) for row in retest.snapshot],
        "missing": [],
        "verdict_label": verdict.label,
        "verdict_tag": verdict.tag,
        "explanation": retest.explanation,
    }


@login_required
def assessment_retest(request: HttpRequest, code: Any) -> HttpResponse:
    """Baseline against retest, side by side: the recorded result if there is one, otherwise
    the measures compared now. The business unit records the retest from here."""
    assessment = access.get_assessment_for(request.user, code)
    recorded = assessment.retests.first()
    can_record = access.can_manage(request.user) and bool(assessment.grade) and not recorded
    form = None
    if can_record:
        initial = {"retested_on": date_initial(timezone.localdate())}
        form = RetestForm(post_data(request), initial=initial)
    if request.method == "POST":
        require(form is not None)
        if form.is_valid():
            data = form.cleaned_data
            saved = call_service(
                form,
                services.retest_record,
                assessment=assessment,
                by=request.user,
                grade=data["grade"],
                rationale=data["rationale"],
                retested_on=data["retested_on"],
            )
            if saved:
                verdict = measures.Verdict(saved.verdict).label
                messages.success(request, f"Retest recorded: {verdict}")
                return redirect("assurance:assessment-retest", code=assessment.code)
    audit_log(actor=request.user, verb="assessment.retest_viewed", target=assessment)
    context = {
        "assessment": assessment,
        "recorded": recorded,
        "result": _recorded(recorded) if recorded else _live(assessment),
        "form": form,
        "actions": _plan_rows(request, assessment),
    }
    return render(request, "assurance/assessments/retest.html", context)
