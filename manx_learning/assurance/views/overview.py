"""The QA overview, the QA calendar, scrutiny reports, and recording a briefing's reach as
evidence."""

import calendar as month_calendar
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from manx_learning.accounts.permissions import (
    Capability,
    is_agency_lead,
    require,
    require_capability,
)
from manx_learning.assurance import access, calendar, selectors
from manx_learning.assurance.forms import CalendarFilterForm, ScrutinyForm
from manx_learning.assurance.scrutiny import scrutiny_report
from manx_learning.assurance.views.common import attachment
from manx_learning.briefings import access as briefings_access
from manx_learning.briefings.evidence import briefing_reach_record as briefing_reach_evidence
from manx_learning.core.pdf import render_pdf
from manx_learning.core.services import audit_log
from manx_learning.vocabulary import access as vocabulary_access
from manx_learning.vocabulary import selectors as vocabulary_selectors
from manx_learning.vocabulary.models import BoardPriority, Theme

# Pages of other parts of the framework, linked when their apps provide them.
OTHER_PAGES = (
    ("audits:programme-list", "Audit programmes", "Multi-agency and single-agency case audits"),
    ("audits:tool-list", "Audit tools", "The questions and grades each audit uses"),
    ("surveys:survey-list", "Surveys", "Feedback from practitioners, families and others"),
    ("dataset:dashboard", "Performance dataset", "Indicators, SPC charts and emerging trends"),
)


def _other_links() -> list[dict[str, str]]:
    links = []
    for name, label, hint in OTHER_PAGES:
        try:
            links.append({"href": reverse(name), "label": label, "hint": hint})
        except NoReverseMatch:
            continue
    return links


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    require(access.can_view(request.user))
    today = timezone.localdate()
    assessments = selectors.assessments_visible_to(user=request.user)
    context = {
        "evidence_count": selectors.evidence_visible_to(user=request.user).count(),
        "priorities": vocabulary_selectors.current_priorities(),
        "retests_due": [a for a in assessments if a.retest_is_due(today)],
        "upcoming": _visible_items(request.user, today, _month_end(today, 2)),
        "other_links": _other_links(),
        "can_manage": access.can_manage(request.user),
    }
    return render(request, "assurance/home.html", context)


# The QA calendar ------------------------------------------------------------------------------


def _month_end(start: date, months: int = 1) -> date:
    year, month = (
        start.year + (start.month - 1 + months - 1) // 12,
        (start.month - 1 + months - 1) % 12 + 1,
    )
    return date(year, month, month_calendar.monthrange(year, month)[1])


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _visible_items(user: Any, start: date, end: date) -> list[calendar.CalendarItem]:
    """Agency leads see Board-wide items and their own agency's; the Board's roles see all."""
    items = calendar.items_between(start, end)
    if access.sees_all_evidence(user) or not is_agency_lead(user):
        return items
    return [
        item
        for item in items
        if not item.agencies or user.agency_id in {a.pk for a in item.agencies}
    ]


def _month(value: str, today: date) -> date | None:
    if not value:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


@login_required
@require_safe
def qa_calendar(request: HttpRequest) -> HttpResponse:
    require(access.can_view(request.user))
    today = timezone.localdate()
    form = CalendarFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    first = _month(filters.get("month", ""), today)
    if first is None:
        form.add_error("month", "Enter the month as year and month, like 2026-11")
        first = today.replace(day=1)
    items = _visible_items(request.user, first, _month_end(first))
    if filters.get("kind"):
        items = [item for item in items if item.kind == filters["kind"]]
    if filters.get("open_only"):
        items = [item for item in items if not item.done]
    query = request.GET.copy()
    query.pop("month", None)
    context = {
        "form": form,
        "first": first,
        "items": items,
        "statuses": [(item, item.status(today)) for item in items],
        "previous": f"{_shift(first, -1):%Y-%m}",
        "next": f"{_shift(first, 1):%Y-%m}",
        "query": query.urlencode(),
    }
    return render(request, "assurance/calendar.html", context)


# Scrutiny reports -----------------------------------------------------------------------------


@login_required
@require_safe
def scrutiny_choose(request: HttpRequest) -> HttpResponse:
    require(access.can_view(request.user))
    form = ScrutinyForm(
        request.GET or None, priorities=BoardPriority.objects.all(), themes=Theme.objects.all()
    )
    if form.is_bound and form.is_valid():
        if form.cleaned_data["priority"]:
            return redirect("assurance:scrutiny-priority", code=form.cleaned_data["priority"].code)
        if form.cleaned_data["theme"]:
            return redirect("assurance:scrutiny-theme", code=form.cleaned_data["theme"].code)
        form.add_error("priority", "Choose a Board priority or a theme")
    return render(request, "assurance/scrutiny/choose.html", {"form": form})


def _scrutiny(
    request: HttpRequest, *, priority: BoardPriority | None = None, theme: Theme | None = None
) -> HttpResponse:
    report = scrutiny_report(user=request.user, priority=priority, theme=theme)
    fmt = request.GET.get("format")
    audit_log(
        actor=request.user,
        verb="scrutiny.exported" if fmt == "pdf" else "scrutiny.viewed",
        detail={"subject": report.subject, "kind": report.kind},
    )
    context = {"report": report}
    if fmt == "pdf":
        pdf = render_pdf("assurance/scrutiny/pdf.html", context, title=report.title)
        filename = f"scrutiny-report-{timezone.localdate():%Y-%m-%d}.pdf"
        return attachment(pdf, "application/pdf", filename)
    return render(request, "assurance/scrutiny/report.html", context)


@login_required
@require_capability(Capability.VIEW_ASSURANCE)
@require_safe
def scrutiny_priority(request: HttpRequest, code: Any) -> HttpResponse:
    priority = vocabulary_access.get_priority_for(request.user, code)
    return _scrutiny(request, priority=priority)


@login_required
@require_capability(Capability.VIEW_ASSURANCE)
@require_safe
def scrutiny_theme(request: HttpRequest, code: Any) -> HttpResponse:
    theme = vocabulary_access.get_theme_for(request.user, code)
    return _scrutiny(request, theme=theme)


# Briefing reach as evidence -------------------------------------------------------------------


@login_required
@require_POST
def briefing_reach_record(request: HttpRequest, code: Any) -> HttpResponse:
    briefing = briefings_access.get_briefing_for(
        request.user, code, need=briefings_access.can_record_reach
    )
    evidence = briefing_reach_evidence(briefing=briefing, actor=request.user)
    messages.success(request, "Reach recorded in the QA evidence register")
    return redirect("assurance:evidence-detail", code=evidence.code)
