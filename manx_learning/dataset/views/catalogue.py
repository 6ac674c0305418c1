"""The indicator catalogue: the list with filters, an indicator's page (definition, a chart and
table per agency and in total, commentary, benchmarks and process changes), and the business
unit's pages to add and change indicators, benchmarks and process changes.

Anyone with VIEW_DATASET reads; MANAGE_DATASET changes. Commentary on a value may also be written
by a data officer of the agency that reported it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from manx_learning.accounts.models import Agency
from manx_learning.accounts.permissions import (
    Capability,
    has_capability,
    require,
    require_capability,
)
from manx_learning.core.formkit import call_service, post_data, with_edit_token
from manx_learning.dataset import access, catalogue, selectors
from manx_learning.dataset.forms.catalogue import (
    CatalogueFilterForm,
    CommentaryForm,
    IndicatorForm,
    ProcessChangeForm,
    ReferenceValueForm,
)
from manx_learning.dataset.models import Indicator, ProcessChange, ReferenceValue
from manx_learning.dataset.trends import shift_length, trend_length

PAGE_SIZE = 25
TEMPLATES = "dataset/catalogue"


@login_required
@require_capability(Capability.VIEW_DATASET)
@require_safe
def indicator_list(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    indicators = selectors.indicator_list(
        q=filters.get("q", ""),
        priority=filters.get("priority"),
        agency=filters.get("agency"),
        frequency=filters.get("frequency", ""),
    )
    page = Paginator(indicators, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": form,
        "page": page,
        "filtered": bool(filters),
        "query": query.urlencode(),
        "can_manage": has_capability(request.user, Capability.MANAGE_DATASET),
    }
    return render(request, f"{TEMPLATES}/list.html", context)


@login_required
@require_capability(Capability.VIEW_DATASET)
@require_safe
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = access.get_indicator_for(request.user, code)
    agencies = _commentable_agencies(request.user)
    context = {
        "indicator": indicator,
        "series": [
            (view, view.commentable_by(agencies))
            for view in selectors.indicator_series_views(indicator)
        ],
        "references": ReferenceValue.objects.filter(indicator=indicator).order_by(
            "series", "-period_start"
        ),
        "changes": ProcessChange.objects.filter(indicator=indicator).select_related("agency"),
        "can_manage": has_capability(request.user, Capability.MANAGE_DATASET),
        "shift_length": shift_length(),
        "trend_length": trend_length(),
    }
    return render(request, f"{TEMPLATES}/detail.html", context)


def _commentable_agencies(user: Any) -> set[int] | None:
    """Agency ids whose values this person may comment on; None means every agency."""
    if has_capability(user, Capability.MANAGE_DATASET):
        return None
    if has_capability(user, Capability.SUBMIT_RETURNS) and user.agency_id:
        return {user.agency_id}
    return set()


def _indicator_initial(indicator: Indicator) -> dict[str, Any]:
    initial = {name: getattr(indicator, name) for name in catalogue.INDICATOR_FIELDS}
    initial["disaggregations"] = ", ".join(indicator.disaggregations or [])
    initial["reporting_agencies"] = list(indicator.reporting_agencies.all())
    return with_edit_token(initial, indicator, catalogue.EDITABLE_FIELDS)


@login_required
@require_capability(Capability.MANAGE_DATASET)
def indicator_add(request: HttpRequest) -> HttpResponse:
    form = IndicatorForm(post_data(request), initial={"is_active": True})
    if form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            catalogue.indicator_save,
            by=request.user,
            code=data["code"],
            name=data["name"],
            definition=data["definition"],
            numerator_definition=data["numerator_definition"],
            denominator_definition=data["denominator_definition"],
            unit=data["unit"],
            frequency=data["frequency"],
            improvement=data["improvement"],
            target=data["target"],
            target_low=data["target_low"],
            target_high=data["target_high"],
            owner_agency=data["owner_agency"],
            reporting_agencies=data["reporting_agencies"],
            priority=data["priority"],
            disaggregations=data["disaggregations"],
            baseline_points=data["baseline_points"],
            is_published=data["is_published"],
            is_active=data["is_active"],
        )
        if saved:
            messages.success(request, f"{saved.code} {saved.name} added to the catalogue")
            return redirect("dataset:indicator", saved.code)
    return render(request, f"{TEMPLATES}/form.html", {"form": form, "indicator": None})


@login_required
@require_capability(Capability.MANAGE_DATASET)
def indicator_edit(request: HttpRequest, code: str) -> HttpResponse:
    indicator = access.get_indicator_for(request.user, code, write=True)
    form = IndicatorForm(post_data(request), initial=_indicator_initial(indicator))
    if form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            catalogue.indicator_save,
            by=request.user,
            indicator=indicator,
            code=data["code"],
            name=data["name"],
            definition=data["definition"],
            numerator_definition=data["numerator_definition"],
            denominator_definition=data["denominator_definition"],
            unit=data["unit"],
            frequency=data["frequency"],
            improvement=data["improvement"],
            target=data["target"],
            target_low=data["target_low"],
            target_high=data["target_high"],
            owner_agency=data["owner_agency"],
            reporting_agencies=data["reporting_agencies"],
            priority=data["priority"],
            disaggregations=data["disaggregations"],
            baseline_points=data["baseline_points"],
            is_published=data["is_published"],
            is_active=data["is_active"],
            seen=data["edit_token"],
        )
        if saved:
            messages.success(request, f"{saved.code} {saved.name} saved")
            return redirect("dataset:indicator", saved.code)
    return render(request, f"{TEMPLATES}/form.html", {"form": form, "indicator": indicator})


@login_required
@require_capability(Capability.MANAGE_DATASET)
def reference_add(request: HttpRequest, code: str) -> HttpResponse:
    indicator = access.get_indicator_for(request.user, code, write=True)
    form = ReferenceValueForm(post_data(request))
    if form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            catalogue.reference_value_save,
            indicator=indicator,
            by=request.user,
            series=data["series"],
            period=data["period"],
            value=data["value"],
            source=data["source"],
        )
        if saved:
            messages.success(request, f"{saved.series} for {saved.period} saved")
            return redirect(reverse("dataset:indicator", args=[indicator.code]) + "#benchmarks")
    return render(
        request, f"{TEMPLATES}/reference_form.html", {"form": form, "indicator": indicator}
    )


@login_required
@require_capability(Capability.MANAGE_DATASET)
@require_POST
def reference_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    indicator = access.get_indicator_for(request.user, code, write=True)
    reference = get_object_or_404(indicator.references, pk=pk)
    catalogue.reference_value_delete(reference=reference, by=request.user)
    messages.success(request, f"{reference.series} for {reference.period} removed")
    return redirect(reverse("dataset:indicator", args=[indicator.code]) + "#benchmarks")


@login_required
@require_capability(Capability.MANAGE_DATASET)
def process_change_add(request: HttpRequest, code: str) -> HttpResponse:
    indicator = access.get_indicator_for(request.user, code, write=True)
    agencies = selectors.reporting_agencies(indicator)
    form = ProcessChangeForm(post_data(request), agencies=_agency_queryset(agencies))
    if form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            catalogue.process_change_add,
            indicator=indicator,
            by=request.user,
            period=data["period"],
            description=data["description"],
            agency=data["agency"],
        )
        if saved:
            messages.success(
                request, f"Process change from {saved.period} recorded; limits recalculated"
            )
            return redirect(
                reverse("dataset:indicator", args=[indicator.code]) + "#process-changes"
            )
    return render(request, f"{TEMPLATES}/change_form.html", {"form": form, "indicator": indicator})


def _agency_queryset(agencies: list[Any]) -> Any:
    return Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")


@login_required
@require_capability(Capability.MANAGE_DATASET)
@require_POST
def process_change_delete(request: HttpRequest, code: str, change: str) -> HttpResponse:
    indicator = access.get_indicator_for(request.user, code, write=True)
    found = get_object_or_404(indicator.process_changes, code=change)
    catalogue.process_change_delete(change=found, by=request.user)
    messages.success(request, f"Process change from {found.period} removed; limits recalculated")
    return redirect(reverse("dataset:indicator", args=[indicator.code]) + "#process-changes")


@login_required
@require_capability(Capability.VIEW_DATASET)
def commentary_edit(request: HttpRequest, code: str, agency: str, period: str) -> HttpResponse:
    indicator = access.get_indicator_for(request.user, code)
    observation = get_object_or_404(
        indicator.observations.select_related("agency"),
        agency__agency_code=agency,
        period=period,
        breakdown="",
    )
    require(access.can_comment(request.user, observation))
    form = CommentaryForm(post_data(request), initial={"note": observation.note})
    if form.is_valid():
        catalogue.commentary_save(
            observation=observation, note=form.cleaned_data["note"], by=request.user
        )
        messages.success(request, "Commentary saved")
        return redirect(selectors.chart_url(indicator, observation.agency))
    context = {"form": form, "indicator": indicator, "observation": observation}
    return render(request, f"{TEMPLATES}/commentary_form.html", context)
