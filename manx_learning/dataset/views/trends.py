"""Emerging trends: every recent special-cause signal across the dataset in one list, grouped by
Board priority, newest and most severe first, each linking to its chart, with a button to put it
into the QA evidence register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from manx_learning.accounts.permissions import Capability, has_capability, require_capability
from manx_learning.core.evidence import entries_for
from manx_learning.dataset import access, selectors
from manx_learning.dataset.evidence import signal_record_evidence
from manx_learning.dataset.models import Signal

PAGE_SIZE = 50


def _in_register(signal_ids: list[int]) -> set[str]:
    return set(entries_for(Signal, signal_ids))


@login_required
@require_capability(Capability.VIEW_DATASET)
@require_safe
def emerging_trends(request: HttpRequest) -> HttpResponse:
    signal_ids = selectors.emerging_signal_ids(today=timezone.localdate())
    page = Paginator(signal_ids, PAGE_SIZE).get_page(request.GET.get("page"))
    items = selectors.emerging_items(selectors.signals_in_order(list(page.object_list)))
    recorded = _in_register([item.signal.pk for item in items])
    for item in items:
        item.in_register = str(item.signal.pk) in recorded
    context = {
        "page": page,
        "items": items,
        "count": len(signal_ids),
        "periods": selectors.recent_periods(),
        "can_record": has_capability(request.user, Capability.MANAGE_ASSURANCE),
    }
    return render(request, "dataset/trends/emerging.html", context)


@login_required
@require_capability(Capability.MANAGE_ASSURANCE)
@require_POST
def signal_to_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    signal = access.get_signal_for(request.user, pk, write=True)
    link = selectors.chart_url(signal.indicator, signal.agency)
    signal_record_evidence(signal=signal, link_url=link, by=request.user)
    messages.success(
        request, f"{signal.indicator.name} ({signal.period}) added to the evidence register"
    )
    return redirect("dataset:trends")
