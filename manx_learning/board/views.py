from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from manx_learning.accounts.models import ROLE_DESCRIPTIONS, Role
from manx_learning.accounts.permissions import Capability, require_capability
from manx_learning.board.dashboard import dashboard_sections_for


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
