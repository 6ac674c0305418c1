from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from manx_learning.accounts.models import ROLE_DESCRIPTIONS, Role
from manx_learning.accounts.permissions import Capability, require_capability
from manx_learning.board.dashboard import dashboard_sections_for
from manx_learning.board.forms import AuditFilterForm
from manx_learning.board.selectors import audit_events_visible_to
from manx_learning.core.services import audit_log
from manx_learning.core.spreadsheets import csv_text

AUDIT_PAGE_SIZE = 50
AUDIT_EXPORT_LIMIT = 50_000


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "board/home.html")


@login_required
@require_capability(Capability.VIEW_STAFF_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    roles = [
        (Role(code).label, ROLE_DESCRIPTIONS[code]) for code in sorted(request.user.role_codes)
    ]
    context = {"roles": roles, "sections": dashboard_sections_for(request.user)}
    return render(request, "board/dashboard.html", context)


@login_required
@require_capability(Capability.VIEW_AUDIT_TRAIL)
def audit_trail(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events_visible_to(user=request.user, **filters)
    # Reading the trail shows people's e-mail and IP addresses, so reading it is audited too.
    audit_log(actor=request.user, verb="audit.viewed", detail={"filters": filters})
    if request.GET.get("format") == "csv":
        return _audit_csv(events)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "board/audit_trail.html", context)


def _audit_csv(events) -> HttpResponse:
    header = ["sequence", "occurred_at", "actor", "verb", "object_type", "object_id", "object"]
    header += ["ip_address", "detail", "hash"]
    rows = (
        [
            e.sequence,
            e.occurred_at.isoformat(),
            e.actor_label,
            e.verb,
            e.object_type,
            e.object_id,
            e.object_repr,
            e.ip_address,
            e.detail,
            e.hash,
        ]
        for e in events[:AUDIT_EXPORT_LIMIT]
    )
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    return response
