"""The service navigation: each person sees only the sections their roles can use."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from manx_learning.accounts.permissions import Capability, has_capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability | None  # None: public, shown to everyone


STAFF_ITEMS = [
    NavItem("Dashboard", "board:dashboard", Capability.VIEW_STAFF_DASHBOARD),
    NavItem("Reviews", "reviews:list", Capability.VIEW_REVIEWS),
    NavItem("Recommendations", "actions:register", Capability.VIEW_ACTIONS),
    NavItem("Actions", "actions:my-actions", Capability.VIEW_ACTIONS),
    NavItem("Quality assurance", "assurance:home", Capability.VIEW_ASSURANCE),
    NavItem("Performance data", "dataset:dashboards", Capability.VIEW_DATASET),
    NavItem("Returns", "dataset:returns", Capability.SUBMIT_RETURNS),
    NavItem("Surveys", "surveys:list", Capability.VIEW_ASSURANCE),
    NavItem("Agencies", "accounts:agency-list", Capability.VIEW_AGENCIES),
    NavItem("People", "accounts:people", Capability.VIEW_PEOPLE),
    NavItem("Audit trail", "board:audit-trail", Capability.VIEW_AUDIT_TRAIL),
    # Everyone signed in, practitioners above all: the learning the Board has published.
    NavItem("Published learning", "publishing:library", None),
]

PUBLIC_ITEMS = [
    NavItem("Published learning", "publishing:library", None),
    NavItem("How reviews work", "core:about", None),
    NavItem("Open data", "dataset:open-data", None),
]


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    items = STAFF_ITEMS if signed_in else PUBLIC_ITEMS
    links = []
    for item in items:
        if item.capability and not has_capability(user, item.capability):
            continue
        href = reverse(item.url_name)
        current = request.path == href or (href != "/" and request.path.startswith(href))
        links.append({"label": item.label, "href": href, "current": current})
    return links
