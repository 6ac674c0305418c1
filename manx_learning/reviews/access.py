"""Who may see and do what on a review: by role, by agency, and by assignment.

Lists come from `selectors.reviews_visible_to`; these helpers answer for one review."""

from typing import Any

from manx_learning.accounts.models import Role
from manx_learning.accounts.permissions import (
    Check,
    is_agency_lead,
    is_board_member,
    is_business_unit,
    is_panel_member,
    is_reviewer,
    leads_agency,
    object_for,
)
from manx_learning.reviews.models import AgencyRequest, Review, Stage

STAFF_ROLES = set(Role.values)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role_codes)


def can_refer(user: Any) -> bool:
    """Anyone with a staff role can refer a case."""
    return _active(user)


def is_assigned_reviewer(user: Any, review: Review) -> bool:
    return is_reviewer(user) and review.assignments.filter(reviewer=user).exists()


def is_panel(user: Any) -> bool:
    return is_panel_member(user)


def is_board(user: Any) -> bool:
    return is_board_member(user)


def agency_involved(user: Any, review: Review) -> bool:
    """An agency lead acts for reviews their agency is involved in or has been asked about."""
    if not is_agency_lead(user):
        return False
    agency_id = user.agency_id
    return (
        review.referring_agency_id == agency_id
        or review.agencies.filter(pk=agency_id).exists()
        or review.requests.filter(agency_id=agency_id).exists()
        or review.recommendations.filter(agencies__pk=agency_id).exists()
    )


def can_view_review(user: Any, review: Review) -> bool:
    if not _active(user):
        return False
    if is_business_unit(user) or is_panel(user) or review.referred_by_id == user.pk:
        return True
    if is_board(user) and review.stage in {Stage.APPROVAL, Stage.APPROVED}:
        return True
    return is_assigned_reviewer(user, review) or agency_involved(user, review)


def can_manage_review(user: Any, review: Review | None = None) -> bool:
    """The business unit runs the process: requests, screening, commissioning."""
    return is_business_unit(user)


def can_decide(user: Any, review: Review | None = None) -> bool:
    """The SCMR Panel records decisions; the business unit may record one for the Panel."""
    return is_panel(user) or is_business_unit(user)


def can_work_on_review(user: Any, review: Review) -> bool:
    """Findings, recommendations, chronology analysis and report drafts: the business unit and the
    reviewers assigned to this review."""
    return is_business_unit(user) or is_assigned_reviewer(user, review)


def can_view_findings(user: Any, review: Review) -> bool:
    """Findings and the report: the business unit, the assigned reviewers, the Panel, and Board
    members once the review has come to them for approval. Agency leads see neither: they see
    the recommendations addressed to them on the response page."""
    return can_view_review(user, review) and (
        can_work_on_review(user, review)
        or is_panel(user)
        or (is_board(user) and review.stage in {Stage.APPROVAL, Stage.APPROVED})
    )


def can_view_register(user: Any, review: Review) -> bool:
    """The identifier register holds real names: business unit and assigned reviewers only."""
    return can_work_on_review(user, review)


def can_view_chronology(user: Any, review: Review) -> bool:
    return can_work_on_review(user, review) or is_panel(user)


def can_submit_request(user: Any, request: AgencyRequest) -> bool:
    if is_business_unit(user):
        return True
    return leads_agency(user, request.agency_id)


def can_view_request(user: Any, agency_request: AgencyRequest) -> bool:
    """The agency asked, the business unit, the review's reviewers, and the Panel."""
    review = agency_request.review
    return (
        can_submit_request(user, agency_request)
        or can_work_on_review(user, review)
        or is_panel(user)
    )


def can_respond_for(user: Any, agency_id: int) -> bool:
    return leads_agency(user, agency_id)


def can_sign_off(user: Any, review: Review | None = None) -> bool:
    return is_panel(user)


def can_approve(user: Any, review: Review | None = None) -> bool:
    return is_board(user)


# The one way a view gets each kind by its code: 404 for someone who may not see it. ------------


def get_review_for(
    user: Any, code: Any, *, write: bool = False, need: Check[Review] | None = None
) -> Review:
    """`write=True`: findings, recommendations, chronology and report drafts (the business unit
    and the assigned reviewers); `need`: a narrower check such as `can_manage_review`."""
    return object_for(
        user,
        Review.objects.select_related("referring_agency"),
        code=code,
        may_view=can_view_review,
        may_write=can_work_on_review,
        write=write,
        need=need,
    )


def get_request_for(
    user: Any, code: Any, request_code: Any, *, write: bool = False
) -> AgencyRequest:
    """An agency request inside its review; `write=True`: submitting the agency's answer."""
    related = ("review", "agency", "submitted_by", "requested_by")
    return object_for(
        user,
        AgencyRequest.objects.select_related(*related),
        review__code=code,
        code=request_code,
        may_view=can_view_request,
        may_write=can_submit_request,
        write=write,
    )
