"""What each role's dashboard offers. Later features add their sections here."""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from manx_learning.accounts.models import Role
from manx_learning.accounts.permissions import Capability, has_capability


@dataclass
class DashboardLink:
    label: str
    href: str
    description: str


@dataclass
class DashboardSection:
    title: str
    links: list[DashboardLink] = field(default_factory=list)
    note: str = ""


def _board_admin(user: Any) -> DashboardSection | None:
    links = []
    if has_capability(user, Capability.VIEW_PEOPLE):
        links.append(
            DashboardLink("People", reverse("accounts:people"), "Who can sign in, and their roles")
        )
    if has_capability(user, Capability.INVITE_PEOPLE):
        links.append(
            DashboardLink(
                "Invite someone", reverse("accounts:invite"), "Send an invitation by email"
            )
        )
    if has_capability(user, Capability.MANAGE_AGENCIES):
        links.append(
            DashboardLink(
                "Agencies", reverse("accounts:agency-list"), "The Board's member agencies"
            )
        )
    if has_capability(user, Capability.VIEW_AUDIT_TRAIL):
        links.append(
            DashboardLink(
                "Audit trail", reverse("core:audit-trail"), "Every change and every view of records"
            )
        )
    return DashboardSection("Running the Board", links) if links else None


_ROLE_NOTES = {
    Role.BUSINESS_UNIT: "Referrals, reviews, action plans, audits and the dataset appear here.",
    Role.PANEL_MEMBER: "Referrals awaiting a decision and actions awaiting assurance appear here.",
    Role.BOARD_MEMBER: "Reports awaiting Board approval and the Board's priorities appear here.",
    Role.REVIEWER: "The reviews assigned to you appear here.",
    Role.AGENCY_LEAD: "Requests to your agency (summaries, reports, responses) appear here.",
    Role.DATA_OFFICER: "Your agency's performance data returns appear here.",
    Role.PRACTITIONER: "Published learning and briefings for you to read appear here.",
}


def dashboard_sections_for(user: Any) -> list[DashboardSection]:
    sections = []
    for code in sorted(user.role_codes):
        sections.append(DashboardSection(f"As {Role(code).label.lower()}", note=_ROLE_NOTES[code]))
    admin = _board_admin(user)
    if admin:
        sections.insert(0, admin)
    account = DashboardSection(
        "Your account",
        [
            DashboardLink(
                "Two-factor authentication",
                reverse("accounts:two-factor-setup"),
                "Protect your account with an authenticator app",
            ),
            DashboardLink(
                "Change your password", reverse("accounts:password-change"), "Choose a new password"
            ),
        ],
    )
    sections.append(account)
    return sections
