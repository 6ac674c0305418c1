"""Reads of the register and action plans, filtered by who is asking."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from manx_learning.accounts.permissions import is_agency_lead
from manx_learning.actions import access
from manx_learning.actions.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Action,
    ActionStatus,
    Recommendation,
    RecommendationResponse,
    ResponseKind,
)
from manx_learning.lib.similarity import THRESHOLD, Index


def recommendations_visible_to(*, user: Any) -> QuerySet[Recommendation]:
    """The business unit, Panel and Board see the whole register; an agency lead sees what is
    addressed to their agency or has actions owned by it; others see nothing."""
    everything = Recommendation.objects.select_related("review").prefetch_related(
        "agencies",
        "themes",
        Prefetch("responses", queryset=RecommendationResponse.objects.select_related("agency")),
        Prefetch("actions", queryset=Action.objects.select_related("owner_agency")),
    )
    if access.sees_whole_register(user):
        return everything
    if is_agency_lead(user):
        agency = user.agency_id
        ids = Recommendation.objects.filter(
            Q(agencies__pk=agency) | Q(actions__owner_agency_id=agency)
        ).values("pk")
        return everything.filter(pk__in=ids)
    return Recommendation.objects.none()


def actions_visible_to(*, user: Any) -> QuerySet[Action]:
    actions = Action.objects.select_related("recommendation__review", "owner_agency", "lead")
    if access.sees_whole_register(user):
        return actions
    if not getattr(user, "is_authenticated", False):
        return Action.objects.none()
    mine = Q(lead=user)
    if is_agency_lead(user):
        mine |= Q(owner_agency_id=user.agency_id)
    return actions.filter(mine)


def with_overdue_flag(actions: QuerySet[Action], today: date) -> QuerySet[Action]:
    return actions.filter(status__in=OPEN_STATUSES, due_date__lt=today)


def recommendations_with_overdue_actions(
    recommendations: QuerySet[Recommendation], today: date
) -> QuerySet[Recommendation]:
    overdue = Action.objects.filter(
        recommendation=OuterRef("pk"), status__in=OPEN_STATUSES, due_date__lt=today
    )
    return recommendations.filter(Exists(overdue))


class RecommendationStatus:
    AWAITING_RESPONSE = "awaiting_response"
    NOT_ACCEPTED = "not_accepted"
    NO_ACTIONS = "no_actions"
    IN_PROGRESS = "in_progress"
    AWAITING_ASSURANCE = "awaiting_assurance"
    ASSURED = "assured"
    CLOSED = "closed"

    LABELS = {
        AWAITING_RESPONSE: "Awaiting responses",
        NOT_ACCEPTED: "Not accepted",
        NO_ACTIONS: "Accepted, no actions yet",
        IN_PROGRESS: "Actions in progress",
        AWAITING_ASSURANCE: "Awaiting Panel assurance",
        ASSURED: "Assured",
        CLOSED: "Closed",
    }
    TAGS = {
        AWAITING_RESPONSE: "govuk-tag--grey",
        NOT_ACCEPTED: "govuk-tag--red",
        NO_ACTIONS: "govuk-tag--yellow",
        IN_PROGRESS: "govuk-tag--blue",
        AWAITING_ASSURANCE: "govuk-tag--purple",
        ASSURED: "govuk-tag--green",
        CLOSED: "govuk-tag--grey",
    }


def recommendation_status(recommendation: Recommendation) -> str:
    """Derived from responses and actions (use with `recommendations_visible_to`, which prefetches
    both), never typed by hand."""
    responses = list(recommendation.responses.all())
    actions = list(recommendation.actions.all())
    addressed = {a.pk for a in recommendation.agencies.all()}
    answered = {r.agency_id for r in responses}
    owes_responses = recommendation.review_id is not None
    if owes_responses and addressed - answered and not actions:
        return RecommendationStatus.AWAITING_RESPONSE
    if (
        responses
        and all(r.response == ResponseKind.NOT_ACCEPTED for r in responses)
        and not actions
    ):
        return RecommendationStatus.NOT_ACCEPTED
    if not actions:
        return RecommendationStatus.NO_ACTIONS
    statuses = {a.status for a in actions}
    if statuses & OPEN_STATUSES:
        return RecommendationStatus.IN_PROGRESS
    if ActionStatus.COMPLETED in statuses:
        return RecommendationStatus.AWAITING_ASSURANCE
    if statuses == {ActionStatus.ASSURED}:
        return RecommendationStatus.ASSURED
    if statuses <= CLOSED_STATUSES:
        return RecommendationStatus.CLOSED
    return RecommendationStatus.IN_PROGRESS


def _whole_register() -> QuerySet[Recommendation]:
    return Recommendation.objects.select_related("review").prefetch_related(
        "agencies", "responses", "actions"
    )


@dataclass(frozen=True)
class SimilarRecommendation:
    recommendation: Recommendation
    score: float
    status: str
    # Whether the reader may open it. A reviewer writing recommendations is shown matches from
    # the whole register, but those outside what they may see name no review or child.
    visible: bool = True

    @property
    def status_label(self) -> str:
        return RecommendationStatus.LABELS[self.status]

    @property
    def label(self) -> str:
        """A case review's reference and title name a child (by pseudonym): someone who may not
        open the recommendation is told only that it came from an earlier review."""
        if self.visible or not self.recommendation.review_id:
            return str(self.recommendation)
        return f"An earlier {self.recommendation.get_source_kind_display().lower()}"


def similar_recommendations(
    *,
    text: str,
    user: Any,
    exclude: Recommendation | None = None,
    limit: int = 5,
    threshold: float = THRESHOLD,
    whole_register: bool = False,
) -> list[SimilarRecommendation]:
    """Earlier recommendations, from any source and year, that say much the same as `text`, with
    their status: "previously identified in Review X (2021), closed as completed".

    Everyone searches what they may see. `whole_register=True` is for the author of a review's
    findings and recommendations (its assigned reviewers and the business unit, on that
    review's pages), who must know what the Board has recommended before; matches they may not
    open are shown by wording, year and status only."""
    if not text.strip():
        return []
    visible_to_user = recommendations_visible_to(user=user)
    pool = list(_whole_register() if whole_register else visible_to_user)
    index = Index((r.pk, r.text) for r in pool)
    by_pk: dict[object, Recommendation] = {r.pk: r for r in pool}
    matches = index.similar(
        text, threshold=threshold, limit=limit, exclude=exclude.pk if exclude else None
    )
    keys = [by_pk[m.key].pk for m in matches]
    seen = set(visible_to_user.filter(pk__in=keys).values_list("pk", flat=True)) if keys else set()
    return [
        SimilarRecommendation(
            by_pk[m.key], m.score, recommendation_status(by_pk[m.key]), visible=m.key in seen
        )
        for m in matches
    ]
