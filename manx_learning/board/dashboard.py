"""What each role's dashboard offers: the work waiting for this person, then the tools they use."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from manx_learning.accounts.models import Role
from manx_learning.accounts.permissions import (
    Capability,
    has_capability,
    is_agency_lead,
    is_board_member,
    is_business_unit,
    is_panel_member,
    is_reviewer,
)
from manx_learning.actions.models import OPEN_STATUSES
from manx_learning.actions.selectors import actions_visible_to
from manx_learning.audits.selectors import audits_waiting_for
from manx_learning.briefings.services import briefings_led_by, briefings_to_acknowledge
from manx_learning.dataset.selectors import emerging_signal_ids
from manx_learning.publishing.selectors import runs_awaiting_approval_by
from manx_learning.reviews.models import PublicationChoice, Stage
from manx_learning.reviews.selectors import (
    requests_for_agency,
    responses_owed_by,
    reviews_visible_to,
)

# At most this many reviews of one kind are listed one by one; the list pages hold the rest.
DASHBOARD_ITEMS = 10


@dataclass
class DashboardLink:
    label: str
    href: str
    description: str = ""
    overdue: bool = False


@dataclass
class DashboardSection:
    title: str
    links: list[DashboardLink] = field(default_factory=list)
    note: str = ""


def _link(
    label: str, name: str, description: str = "", query: str = "", **kwargs: Any
) -> DashboardLink:
    href = reverse(name, kwargs=kwargs or None) + (f"?{query}" if query else "")
    return DashboardLink(label, href, description)


def _board_admin(user: Any) -> DashboardSection | None:
    links = []
    if has_capability(user, Capability.VIEW_PEOPLE):
        links.append(_link("People", "accounts:people", "Who can sign in, and their roles"))
    if has_capability(user, Capability.INVITE_PEOPLE):
        links.append(_link("Invite someone", "accounts:invite", "Send an invitation by email"))
    if has_capability(user, Capability.MANAGE_AGENCIES):
        links.append(_link("Agencies", "accounts:agency-list", "The Board's member agencies"))
        links.append(_link("Themes", "reviews:themes", "The learning themes used across reviews"))
        links.append(_link("Timescales", "reviews:timescales", "The clocks for each review stage"))
        links.append(_link("7-minute briefings", "briefings:briefings", "Draft, send and track"))
    if has_capability(user, Capability.MANAGE_ASSURANCE):
        links.append(_link("Surveys", "surveys:list", "Ask for feedback and read the results"))
    if has_capability(user, Capability.VIEW_AUDIT_TRAIL):
        links.append(
            _link("Audit trail", "board:audit-trail", "Every change and every view of records")
        )
    return DashboardSection("Running the Board", links) if links else None


def _review_link(review: Any, description: str) -> DashboardLink:
    return _link(
        f"{review.reference} {review.title}", "reviews:detail", description, code=review.code
    )


def _stage_count(reviews: Any, stage: str, label: str) -> DashboardLink:
    count = reviews.filter(stage=stage).count()
    return _link(f"{label}: {count}", "reviews:list", "", query=f"stage={stage}")


def _reviews_section(user: Any, today: date) -> DashboardSection:
    reviews = reviews_visible_to(user=user)
    section = DashboardSection("Reviews")
    if is_business_unit(user):
        for stage in (
            Stage.REFERRAL,
            Stage.SCREENING,
            Stage.DECISION,
            Stage.COMMISSIONING,
            Stage.GATHERING,
            Stage.ANALYSIS,
            Stage.APPROVAL,
        ):
            section.links.append(_stage_count(reviews, stage, Stage(stage).label))
        # Approved for publication and not yet published: the business unit's next step.
        to_publish = (
            reviews.filter(stage=Stage.APPROVED, publication_date__isnull=True)
            .exclude(approval__publication=PublicationChoice.NONE)
            .order_by("approval__board_approved_on")
        )
        for review in to_publish[:DASHBOARD_ITEMS]:
            section.links.append(
                _review_link(review, "Approved by the Board: anonymise and publish it")
            )
    if is_panel_member(user):
        section.links.append(_link("Panel meeting pack", "actions:pack", "Actions to assure"))
        section.links.append(_stage_count(reviews, Stage.DECISION, "Awaiting a Panel decision"))
        section.links.append(_stage_count(reviews, Stage.APPROVAL, "Awaiting Panel sign-off"))
    if is_board_member(user):
        section.links.append(_stage_count(reviews, Stage.APPROVAL, "Awaiting Board approval"))
    if is_reviewer(user):
        for review in reviews.filter(assignments__reviewer=user).exclude(
            stage__in=[Stage.APPROVED, Stage.NO_REVIEW]
        ):
            section.links.append(
                _review_link(review, f"Assigned to you: {review.get_stage_display()}")
            )
    for run in runs_awaiting_approval_by(user):
        review = run.report_version.review
        section.links.append(
            _link(
                f"Approve the anonymisation of {review.reference} {review.title}",
                "publishing:run",
                "A second person must check it before it can be published",
                code=run.code,
            )
        )
    section.links.append(
        _link("Refer a case", "reviews:refer", "When someone has been seriously harmed")
    )
    section.links.append(_link("All reviews you can see", "reviews:list"))
    return section


def _agency_section(user: Any, today: date) -> DashboardSection | None:
    if not is_agency_lead(user):
        return None
    section = DashboardSection(f"Waiting for {user.agency.name}")
    for request in requests_for_agency(user=user).order_by("due_date"):
        link = _link(
            f"{request.get_kind_display()} for {request.review.reference} {request.review.title}",
            "reviews:request-submit",
            f"Due {request.due_date:%-d %B %Y}",
            code=request.review.code,
            request_code=request.code,
        )
        link.overdue = request.is_overdue(today)
        section.links.append(link)
    for recommendation in responses_owed_by(user=user):
        reference = recommendation.review.reference
        link = _link(
            f"Respond to recommendation {recommendation.number} of {reference}",
            "reviews:recommendation-respond",
            f"Due {recommendation.responses_due:%-d %B %Y}" if recommendation.responses_due else "",
            code=recommendation.review.code,
            rec_code=recommendation.code,
        )
        link.overdue = bool(recommendation.responses_due and recommendation.responses_due < today)
        section.links.append(link)
    open_actions = actions_visible_to(user=user).filter(
        owner_agency_id=user.agency_id, status__in=OPEN_STATUSES
    )
    overdue = open_actions.filter(due_date__lt=today).count()
    if open_actions.exists():
        link = _link(
            f"Your agency's open actions: {open_actions.count()}",
            "actions:my-actions",
            f"{overdue} overdue" if overdue else "None overdue",
        )
        link.overdue = bool(overdue)
        section.links.append(link)
    for programme, submitted in audits_waiting_for(user=user):
        link = _link(
            f"Audit: {programme.title}",
            "audits:programme",
            f"{submitted} of {programme.sample_size} cases submitted; "
            f"the window closes {programme.audit_ends:%-d %B %Y}",
            code=programme.code,
        )
        link.overdue = programme.audit_ends < today
        section.links.append(link)
    if not section.links:
        section.note = "Nothing is waiting for your agency."
    return section


_ROLE_NOTES = {
    Role.DATA_OFFICER: "Submit your agency's data returns from Performance data above.",
}


def _learning_section(user: Any) -> DashboardSection:
    """Briefings sent to this person to read and reflect on, and the public library."""
    section = DashboardSection("Learning for you")
    for briefing in briefings_to_acknowledge(user):
        section.links.append(
            _link(
                briefing.title,
                "briefings:briefing-acknowledge",
                "7-minute briefing: read it and answer the three questions",
                code=briefing.code,
            )
        )
    if not section.links:
        section.note = "No briefings are waiting for you."
    agency = getattr(user.agency, "name", "your agency")
    for briefing in briefings_led_by(user, DASHBOARD_ITEMS):
        section.links.append(
            _link(
                f"Who in {agency} has read {briefing.title}",
                "briefings:briefing-reach",
                "Acknowledgements, reflections and your agency's change return",
                code=briefing.code,
            )
        )
    section.links.append(_link("Published learning", "publishing:library"))
    return section


def _dataset_section(user: Any, today: date) -> DashboardSection | None:
    """The performance dataset: how many series show a recent special-cause signal."""
    if not has_capability(user, Capability.VIEW_DATASET):
        return None
    count = len(emerging_signal_ids(today=today))
    return DashboardSection(
        "Performance data",
        [
            _link(
                f"Emerging trends: {count}",
                "dataset:trends",
                "Series whose data changed by more than chance would explain",
            ),
            _link("Dashboards", "dataset:dashboards", "Charts by Board priority and by agency"),
            _link("Indicator catalogue", "dataset:indicators", "What the Board measures"),
            *_returns_links(user),
        ],
    )


def _returns_links(user: Any) -> list[DashboardLink]:
    """Returns: the business unit's status board, or a data officer's own agency's returns."""
    if has_capability(user, Capability.MANAGE_DATASET):
        return [_link("Returns status board", "dataset:returns", "Which agencies have sent data")]
    if has_capability(user, Capability.SUBMIT_RETURNS):
        return [_link("Your agency's returns", "dataset:returns", "Upload or key in data")]
    return []


def _assurance_section(user: Any) -> DashboardSection | None:
    """Quality assurance: the evidence register, assessments and retests, the QA calendar."""
    if not has_capability(user, Capability.VIEW_ASSURANCE):
        return None
    return DashboardSection(
        "Quality assurance",
        [
            _link(
                "Evidence register",
                "assurance:evidence-list",
                "What the Board's judgements rest on",
            ),
            _link("Assessments and retests", "assurance:assessment-list", "Judgements and impact"),
            _link("QA calendar", "assurance:calendar", "Audits, surveys and retests due"),
            _link("Scrutiny reports", "assurance:scrutiny", "By Board priority or theme"),
        ],
    )


def dashboard_sections_for(user: Any) -> list[DashboardSection]:
    today = timezone.localdate()
    sections = [s for s in (_agency_section(user, today), _board_admin(user)) if s]
    sections.append(_reviews_section(user, today))
    sections.append(_learning_section(user))
    sections += [s for s in (_dataset_section(user, today), _assurance_section(user)) if s]
    sections += [
        DashboardSection(f"As {Role(code).label.lower()}", note=_ROLE_NOTES[code])
        for code in sorted(user.role_codes)
        if code in _ROLE_NOTES
    ]
    sections.append(
        DashboardSection(
            "Your account",
            [
                _link(
                    "Two-factor authentication",
                    "accounts:two-factor-setup",
                    "Protect your account with an authenticator app",
                ),
                _link("Change your password", "accounts:password-change", "Choose a new password"),
            ],
        )
    )
    return sections
