"""Dashboards: one per Board priority and one per agency. Each indicator shows its headline chart
(the all-agency total, or the agency's own series) with its data table, variation and assurance
in words, the latest commentary and any benchmarks."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from manx_learning.accounts import access as accounts_access
from manx_learning.accounts.permissions import Capability, require_capability
from manx_learning.dataset import selectors
from manx_learning.vocabulary import access as vocabulary_access

TEMPLATES = "dataset/dashboards"


@login_required
@require_capability(Capability.VIEW_DATASET)
@require_safe
def dashboard_index(request: HttpRequest) -> HttpResponse:
    context = {
        "priorities": selectors.dashboard_priorities(),
        "agencies": selectors.dashboard_agencies(),
    }
    return render(request, f"{TEMPLATES}/index.html", context)


@login_required
@require_capability(Capability.VIEW_DATASET)
@require_safe
def priority_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    priority = vocabulary_access.get_priority_for(request.user, code)
    views, empty = selectors.priority_views(priority)
    context = {"priority": priority, "views": views, "empty": empty}
    return render(request, f"{TEMPLATES}/priority.html", context)


@login_required
@require_capability(Capability.VIEW_DATASET)
@require_safe
def agency_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    agency = accounts_access.get_agency_for(request.user, code)
    indicators = selectors.indicator_list(agency=agency, include_inactive=False)
    views = [selectors.series_view(indicator, agency) for indicator in indicators]
    context = {"agency": agency, "views": views}
    return render(request, f"{TEMPLATES}/agency.html", context)
