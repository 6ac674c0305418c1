"""The Board's register of recommendations, whatever produced them: the register itself with its
exports, adding a recommendation from an audit, assessment or national review (after checking
what was recommended before), recurring lessons, and the annual report's figures.

Each view checks access, reads through `selectors` (which decide what each person may see) or
calls one service, and renders."""

import io
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from manx_learning.accounts.permissions import Capability, require, require_capability
from manx_learning.accounts.selectors import agencies_visible_to
from manx_learning.actions import access, selectors, services
from manx_learning.actions.forms.register import (
    AnnualForm,
    RecommendationAddForm,
    RegisterFilterForm,
)
from manx_learning.actions.models import Rag, Recommendation
from manx_learning.core.formkit import call_service, post_data
from manx_learning.core.services import audit_log
from manx_learning.core.spreadsheets import csv_text, safe_cell
from manx_learning.lib.similarity import CLUSTER_THRESHOLD, Index
from manx_learning.vocabulary.models import Theme
from manx_learning.vocabulary.selectors import active_themes

PAGE_SIZE = 25
SIMILAR_INCLUDE = "actions/includes/similar.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Helpers --------------------------------------------------------------------------------------


def _attachment(content: str | bytes, kind: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _addressed_to(recommendation: Recommendation) -> str:
    names = [agency.name for agency in recommendation.agencies.all()]
    return ", ".join((["The Board"] if recommendation.to_board else []) + names)


# The register ---------------------------------------------------------------------------------


def _filtered(
    recommendations: QuerySet[Recommendation], filters: dict[str, Any], today: date
) -> list[Recommendation]:
    """The register narrowed by the filters. Status is derived from responses and actions, so
    it is filtered last, in Python."""
    for word in (filters.get("q") or "").split():
        recommendations = recommendations.filter(
            Q(text__icontains=word)
            | Q(source_title__icontains=word)
            | Q(review__reference__icontains=word)
            | Q(review__title__icontains=word)
        )
    if filters.get("source_kind"):
        recommendations = recommendations.filter(source_kind=filters["source_kind"])
    if filters.get("year"):
        recommendations = recommendations.filter(source_year=filters["year"])
    if filters.get("agency"):
        agency = filters["agency"]
        linked = Q(agencies=agency) | Q(actions__owner_agency=agency)
        recommendations = recommendations.filter(
            pk__in=Recommendation.objects.filter(linked).values("pk")
        )
    if filters.get("theme"):
        recommendations = recommendations.filter(
            pk__in=Recommendation.objects.filter(themes=filters["theme"]).values("pk")
        )
    if filters.get("overdue"):
        recommendations = selectors.recommendations_with_overdue_actions(recommendations, today)
    found = list(recommendations)
    if filters.get("status"):
        found = [r for r in found if selectors.recommendation_status(r) == filters["status"]]
    return found


def _row(recommendation: Recommendation, today: date) -> dict[str, Any]:
    status = selectors.recommendation_status(recommendation)
    rags = [action.rag(today) for action in recommendation.actions.all()]
    review = recommendation.review
    return {
        "recommendation": recommendation,
        "url": reverse("actions:recommendation", args=[recommendation.code]),
        "source_url": reverse("reviews:detail", args=[review.code]) if review else None,
        "addressed_to": _addressed_to(recommendation),
        "themes": ", ".join(theme.name for theme in recommendation.themes.all()),
        "status": status,
        "status_label": selectors.RecommendationStatus.LABELS[status],
        "status_tag": selectors.RecommendationStatus.TAGS[status],
        "actions": len(rags),
        "overdue": rags.count(Rag.OVERDUE),
        "due_soon": rags.count(Rag.DUE_SOON),
        "done": rags.count(Rag.DONE),
        "all_done": rags.count(Rag.DONE) == len(rags),
    }


EXPORT_HEADER = [
    "Source",
    "Kind of source",
    "Year",
    "Number",
    "Recommendation",
    "Addressed to",
    "Themes",
    "Status",
    "Actions",
    "Overdue actions",
]


def _export_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            row["recommendation"].source_label,
            row["recommendation"].get_source_kind_display(),
            row["recommendation"].source_year,
            row["recommendation"].number,
            row["recommendation"].text,
            row["addressed_to"],
            row["themes"],
            row["status_label"],
            row["actions"],
            row["overdue"],
        ]
        for row in rows
    ]


def _xlsx(header: list[str], rows: list[list[Any]], title: str) -> bytes:
    """A workbook in which no cell can run as a formula (`safe_cell`) or break the file
    (characters Excel does not allow are dropped)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [safe_cell(ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v) for v in row]
        )
    sheet.freeze_panes = "A2"
    workbook.properties.creator = "Manx Learning"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export(request: HttpRequest, rows: list[dict[str, Any]], fmt: str, filters: dict) -> Any:
    audit_log(
        actor=request.user,
        verb="recommendations.exported",
        detail={
            "format": fmt,
            "rows": len(rows),
            "filters": {name: str(value) for name, value in filters.items() if value},
        },
    )
    filename = f"recommendations-register-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        content = csv_text(EXPORT_HEADER, _export_rows(rows))
        return _attachment(content, "text/csv; charset=utf-8", filename)
    content = _xlsx(EXPORT_HEADER, _export_rows(rows), "Recommendations")
    return _attachment(content, XLSX, filename)


@login_required
@require_capability(Capability.VIEW_ACTIONS)
@require_safe
def register(request: HttpRequest) -> HttpResponse:
    """The register is for the Board and agency leads (VIEW_ACTIONS): the business unit, Panel
    and Board see all of it, an agency lead what concerns their agency; anyone else gets 403."""
    today = timezone.localdate()
    visible = selectors.recommendations_visible_to(user=request.user)
    years = sorted(set(visible.values_list("source_year", flat=True)), reverse=True)
    form = RegisterFilterForm(
        request.GET or None,
        years=years,
        agencies=agencies_visible_to(user=request.user),
        themes=Theme.objects.all(),
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = [_row(r, today) for r in _filtered(visible, filters, today)]
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        return _export(request, rows, fmt, filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(filters.values()),
        "everything": access.sees_whole_register(request.user),
        "can_add": access.can_manage_register(request.user),
    }
    return render(request, "actions/register/register.html", context)


# Adding a recommendation ----------------------------------------------------------------------


@login_required
def recommendation_add(request: HttpRequest) -> HttpResponse:
    """Add a recommendation from an audit, assessment, national review or other source. The
    "Check for similar recommendations" button shows what was recommended before without
    saving; the list is shown whenever the page comes back with the text filled in."""
    require(access.can_manage_register(request.user))
    checking = request.method == "POST" and "check" in request.POST
    form = RecommendationAddForm(
        post_data(request),
        agencies=agencies_visible_to(user=request.user),
        themes=active_themes(),
        this_year=timezone.localdate().year,
        checking=checking,
    )
    if request.method == "POST" and not checking and form.is_valid():
        data = form.cleaned_data
        added = call_service(
            form,
            services.recommendation_create,
            by=request.user,
            source_kind=data["source_kind"],
            source_title=data["source_title"],
            source_year=data["source_year"],
            text=data["text"],
            to_board=data["to_board"],
            agencies=data["agencies"],
            themes=data["themes"],
            smart_outcome=data["smart_outcome"],
            smart_measure=data["smart_measure"],
            smart_owner=data["smart_owner"],
            smart_timescale=data["smart_timescale"],
        )
        if added:
            messages.success(request, f"Recommendation added to the register: {added}")
            return redirect("actions:recommendation", code=added.code)
    text = form.data.get("text", "") if form.is_bound else ""
    context = {
        "form": form,
        "checked": checking and bool(text.strip()),
        "similar": selectors.similar_recommendations(text=text, user=request.user),
    }
    return render(request, "actions/register/add.html", context)


@login_required
@require_safe
def similar(request: HttpRequest) -> HttpResponse:
    """The "Previously identified" list alone, as an HTML fragment, for pages that will fetch
    it as someone types."""
    text = request.GET.get("text", "")[:5000]
    found = selectors.similar_recommendations(text=text, user=request.user)
    return render(request, SIMILAR_INCLUDE, {"similar": found})


# Recurring lessons ----------------------------------------------------------------------------


def _clusters(user: Any) -> list[list[dict[str, Any]]]:
    """Groups of recommendations, from any source and year, that say much the same thing:
    biggest first, then the most recent; in each, the earliest first."""
    pool = list(selectors.recommendations_visible_to(user=user))
    by_pk = {r.pk: r for r in pool}
    index = Index((r.pk, r.text) for r in pool)
    groups = [
        sorted((by_pk[pk] for pk in group), key=lambda r: (r.source_year, r.created_at))
        for group in index.clusters(threshold=CLUSTER_THRESHOLD)
    ]
    groups.sort(key=lambda group: (-len(group), -group[-1].source_year))
    today = timezone.localdate()
    return [[_row(r, today) for r in group] for group in groups]


@login_required
@require_safe
def clusters(request: HttpRequest) -> HttpResponse:
    require(access.sees_whole_register(request.user))
    context = {"clusters": _clusters(request.user)}
    return render(request, "actions/register/clusters.html", context)


# Annual figures -------------------------------------------------------------------------------


FIGURE_LABELS = [
    ("made", "Recommendations made"),
    ("accepted", "Accepted by the agency"),
    ("partly_accepted", "Partly accepted"),
    ("not_accepted", "Not accepted"),
    ("actions_completed", "Actions completed"),
    ("actions_assured", "Actions assured by the Panel"),
]


def _annual_csv(request: HttpRequest, figures: services.AnnualFigures) -> HttpResponse:
    rows: list[list[Any]] = [[label, getattr(figures, name)] for name, label in FIGURE_LABELS]
    rows += [[], ["Decisions not to implement"], ["Recommendation", "What", "Agency", "Reasons"]]
    rows += [
        [item["recommendation"], item["text"], item["agency"], item["reasons"]]
        for item in figures.not_implemented
    ]
    audit_log(
        actor=request.user,
        verb="recommendations.annual_exported",
        detail={"year": figures.year, "not_implemented": len(figures.not_implemented)},
    )
    content = csv_text([f"Figures for {figures.year}", "Number"], rows)
    filename = f"recommendations-annual-figures-{figures.year}.csv"
    return _attachment(content, "text/csv; charset=utf-8", filename)


@login_required
@require_safe
def annual(request: HttpRequest) -> HttpResponse:
    require(access.sees_whole_register(request.user))
    this_year = timezone.localdate().year
    form = AnnualForm(
        request.GET if "year" in request.GET else None,
        years=services.annual_years(this_year=this_year),
        initial={"year": this_year},
    )
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else this_year
    figures = services.annual_figures(year=year)
    if request.GET.get("format") == "csv":
        return _annual_csv(request, figures)
    context = {
        "form": form,
        "figures": figures,
        "rows": [(label, getattr(figures, name)) for name, label in FIGURE_LABELS],
    }
    return render(request, "actions/register/annual.html", context)
