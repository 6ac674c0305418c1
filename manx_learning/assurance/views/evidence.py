"""The evidence register: the list with filters, search and CSV export; one item with a link
back to where it came from; adding and editing by hand, with attachments."""

from datetime import date
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from manx_learning.accounts.models import Agency
from manx_learning.accounts.permissions import require
from manx_learning.assurance import access, selectors, services
from manx_learning.assurance.forms import AttachmentForm, EvidenceFilterForm, EvidenceForm
from manx_learning.assurance.models import Evidence
from manx_learning.assurance.views.common import (
    PAGE_SIZE,
    attachment,
    query_without,
    tag_choices,
)
from manx_learning.core.formkit import call_service, date_initial, post_data, with_edit_token
from manx_learning.core.services import audit_log
from manx_learning.core.spreadsheets import csv_text
from manx_learning.core.uploads import download_response
from manx_learning.vocabulary.models import BoardPriority, Theme


def _filtered(evidence: QuerySet[Evidence], filters: dict[str, Any]) -> QuerySet[Evidence]:
    for word in (filters.get("q") or "").split():
        evidence = evidence.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    for name in ("source", "strength"):
        if filters.get(name):
            evidence = evidence.filter(**{name: filters[name]})
    for name, lookup in (("priority", "priorities"), ("theme", "themes"), ("agency", "agencies")):
        if filters.get(name):
            evidence = evidence.filter(**{lookup: filters[name]})
    if filters.get("origin"):
        evidence = evidence.filter(is_automatic=filters["origin"] == "automatic")
    if filters.get("dated_from"):
        evidence = evidence.filter(dated__gte=filters["dated_from"])
    if filters.get("dated_to"):
        evidence = evidence.filter(dated__lte=filters["dated_to"])
    return evidence.distinct()


EXPORT_HEADER = [
    "Date",
    "Title",
    "Source",
    "Strength",
    "Agencies",
    "Themes",
    "Board priorities",
    "Summary",
    "Added",
    "Link",
]


def _names(items: Any) -> str:
    return "; ".join(str(item) for item in items.all())


def _export(request: HttpRequest, evidence: QuerySet[Evidence], filters: dict) -> HttpResponse:
    rows = [
        [
            e.dated.isoformat(),
            e.title,
            e.get_source_display(),
            e.get_strength_display(),
            _names(e.agencies) or "Board-wide",
            _names(e.themes),
            _names(e.priorities),
            e.summary,
            "Automatically" if e.is_automatic else "By hand",
            e.link_url,
        ]
        for e in evidence
    ]
    audit_log(
        actor=request.user,
        verb="evidence.exported",
        detail={"rows": len(rows), "filters": {k: str(v) for k, v in filters.items() if v}},
    )
    filename = f"qa-evidence-{timezone.localdate():%Y-%m-%d}.csv"
    return attachment(csv_text(EXPORT_HEADER, rows), "text/csv; charset=utf-8", filename)


@login_required
@require_safe
def evidence_list(request: HttpRequest) -> HttpResponse:
    require(access.can_view(request.user))
    form = EvidenceFilterForm(
        request.GET or None,
        priorities=BoardPriority.objects.all(),
        themes=Theme.objects.all(),
        agencies=Agency.objects.filter(is_active=True).order_by("name"),
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    evidence = _filtered(selectors.evidence_visible_to(user=request.user), filters)
    if request.GET.get("format") == "csv":
        return _export(request, evidence, filters)
    page = Paginator(evidence, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query_without(request, "page", "format"),
        "filtered": any(filters.values()),
        "everything": access.sees_all_evidence(request.user),
        "can_manage": access.can_manage(request.user),
    }
    return render(request, "assurance/evidence/list.html", context)


@login_required
@require_safe
def evidence_detail(request: HttpRequest, code: Any) -> HttpResponse:
    evidence = access.get_evidence_for(request.user, code)
    audit_log(actor=request.user, verb="evidence.viewed", target=evidence)
    context = {
        "evidence": evidence,
        "attachments": evidence.attachments.select_related("uploaded_by"),
        "assessments": evidence.assessments.all(),
        "can_manage": access.can_manage(request.user),
    }
    return render(request, "assurance/evidence/detail.html", context)


def _initial(evidence: Evidence) -> dict[str, Any]:
    values = {
        "title": evidence.title,
        "source": evidence.source,
        "dated": date_initial(evidence.dated),
        "summary": evidence.summary,
        "strength": evidence.strength,
        "agencies": list(evidence.agencies.all()),
        "themes": list(evidence.themes.all()),
        "priorities": list(evidence.priorities.all()),
        "link_url": evidence.link_url,
    }
    return with_edit_token(values, evidence, services.EVIDENCE_FIELDS)


def _evidence_form(request: HttpRequest, evidence: Evidence | None) -> EvidenceForm:
    initial = _initial(evidence) if evidence else {"dated": date_initial(date.today())}
    return EvidenceForm(post_data(request), initial=initial, **tag_choices())


@login_required
def evidence_add(request: HttpRequest) -> HttpResponse:
    require(access.can_manage(request.user))
    form = _evidence_form(request, None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = call_service(
            form,
            services.evidence_create,
            by=request.user,
            title=data["title"],
            source=data["source"],
            dated=data["dated"],
            summary=data["summary"],
            strength=data["strength"],
            agencies=data["agencies"],
            themes=data["themes"],
            priorities=data["priorities"],
            link_url=data["link_url"],
        )
        if added:
            messages.success(request, f"Evidence added: {added.title}")
            return redirect("assurance:evidence-detail", code=added.code)
    return render(request, "assurance/evidence/form.html", {"form": form, "evidence": None})


@login_required
def evidence_edit(request: HttpRequest, code: Any) -> HttpResponse:
    evidence = access.get_evidence_for(request.user, code, need=access.can_edit_evidence)
    form = _evidence_form(request, evidence)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            services.evidence_update,
            evidence=evidence,
            by=request.user,
            title=data["title"],
            source=data["source"],
            dated=data["dated"],
            summary=data["summary"],
            strength=data["strength"],
            agencies=data["agencies"],
            themes=data["themes"],
            priorities=data["priorities"],
            link_url=data["link_url"],
            seen=data["edit_token"],
        )
        if saved:
            messages.success(request, "Evidence updated")
            return redirect("assurance:evidence-detail", code=evidence.code)
    return render(request, "assurance/evidence/form.html", {"form": form, "evidence": evidence})


@login_required
def attachment_add(request: HttpRequest, code: Any) -> HttpResponse:
    evidence = access.get_evidence_for(request.user, code, write=True)
    posted = request.method == "POST"
    form = AttachmentForm(post_data(request), request.FILES if posted else None)
    if posted and form.is_valid():
        saved = call_service(
            form,
            services.evidence_attach,
            evidence=evidence,
            by=request.user,
            upload=form.cleaned_data["upload"],
        )
        if saved:
            messages.success(request, "Attachment added")
            return redirect("assurance:evidence-detail", code=evidence.code)
    context = {"form": form, "evidence": evidence}
    return render(request, "assurance/evidence/attachment_add.html", context)


@login_required
@require_safe
def attachment_download(request: HttpRequest, code: Any) -> HttpResponse:
    found = access.get_attachment_for(request.user, code)
    services.attachment_open(attachment=found, by=request.user)
    stem = PurePath(found.original_name).stem or "attachment"
    return download_response(found.document, filename=f"{stem}.{found.content_kind}")
