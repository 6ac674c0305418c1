"""Reads of reviews, filtered by who is asking."""

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from manx_learning.accounts.permissions import (
    is_agency_lead,
    is_board_member,
    is_business_unit,
    is_panel_member,
    is_reviewer,
)
from manx_learning.actions.models import Recommendation
from manx_learning.reviews.models import AgencyRequest, ChronologyEntry, Review, Stage


def reviews_visible_to(*, user: Any) -> QuerySet[Review]:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.role_codes):
        return Review.objects.none()
    reviews = Review.objects.select_related("referring_agency")
    if is_business_unit(user) or is_panel_member(user):
        return reviews
    visible = Q(referred_by=user)
    if is_board_member(user):
        visible |= Q(stage__in=[Stage.APPROVAL, Stage.APPROVED])
    if is_reviewer(user):
        visible |= Q(assignments__reviewer=user)
    if is_agency_lead(user):
        agency = user.agency_id
        visible |= (
            Q(referring_agency_id=agency)
            | Q(agencies__pk=agency)
            | Q(requests__agency_id=agency)
            | Q(recommendations__agencies__pk=agency)
        )
    ids = Review.objects.filter(visible).values("pk")
    return reviews.filter(pk__in=ids)


def requests_for_agency(*, user: Any) -> QuerySet[AgencyRequest]:
    """Requests waiting for the person's agency (for an agency lead's dashboard)."""
    if not is_agency_lead(user):
        return AgencyRequest.objects.none()
    # Outstanding until answered or withdrawn, even once the review is approved without it.
    return (
        AgencyRequest.objects.filter(
            agency_id=user.agency_id, submitted_at__isnull=True, withdrawn_at__isnull=True
        )
        .exclude(review__stage=Stage.NO_REVIEW)
        .select_related("review", "agency")
    )


def responses_owed_by(*, user: Any) -> list[Recommendation]:
    """Recommendations addressed to the person's agency that it has not yet answered."""
    if not is_agency_lead(user):
        return []
    recommendations = (
        # Formal responses are owed to review recommendations; audits and adopted national
        # reviews go straight to action planning.
        Recommendation.objects.filter(agencies__pk=user.agency_id, review__isnull=False)
        .exclude(responses__agency_id=user.agency_id)
        .select_related("review")
    )
    return list(recommendations)


def finding_entry_choices(*, review: Review) -> QuerySet[ChronologyEntry]:
    """The chronology entries a finding may be linked to: the key practice episodes and flagged
    entries (the reviewer marks them on the chronology page). Offering every entry as a checkbox
    cannot work for a chronology of hundreds or thousands."""
    return (
        review.chronology.select_related("agency")
        .filter(Q(is_key_episode=True) | Q(flagged=True))
        .order_by("occurred_on", "occurred_at", "pk")
    )


def chronology_for(
    *,
    review: Review,
    agency_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    key_only: bool = False,
    flagged_only: bool = False,
) -> QuerySet[ChronologyEntry]:
    entries = review.chronology.select_related("agency")
    if agency_id:
        entries = entries.filter(agency_id=agency_id)
    if date_from:
        entries = entries.filter(occurred_on__gte=date_from)
    if date_to:
        entries = entries.filter(occurred_on__lte=date_to)
    if key_only:
        entries = entries.filter(is_key_episode=True)
    if flagged_only:
        entries = entries.filter(flagged=True)
    return entries
