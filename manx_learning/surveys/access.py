"""Who may see and run surveys, by role and agency.

The business unit (MANAGE_ASSURANCE) builds, publishes, sends and closes surveys and sees every
result. The Panel and Board members see the results of every survey once it is published. An
agency lead (VIEW_ASSURANCE) sees Board-wide surveys and those about their own agency. Nobody
else sees results; anyone with the link may answer an open survey."""

from typing import Any

from django.db.models import Q, QuerySet

from manx_learning.accounts.permissions import (
    Capability,
    has_capability,
    is_panel_or_board,
    object_for,
)
from manx_learning.surveys.models import Survey, SurveyStatus


def can_manage(user: Any, survey: Survey | None = None) -> bool:
    return has_capability(user, Capability.MANAGE_ASSURANCE)


def _sees_every_published(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_ASSURANCE) and is_panel_or_board(user)


def surveys_visible_to(*, user: Any) -> QuerySet[Survey]:
    surveys = Survey.objects.select_related("retest_of")
    if can_manage(user):
        return surveys
    if not has_capability(user, Capability.VIEW_ASSURANCE):
        return surveys.none()
    published = surveys.exclude(status=SurveyStatus.DRAFT)
    if _sees_every_published(user):
        return published
    return published.filter(Q(agencies__isnull=True) | Q(agencies=user.agency_id)).distinct()


def can_view(user: Any, survey: Survey) -> bool:
    return surveys_visible_to(user=user).filter(pk=survey.pk).exists()


# The one way a view gets a survey by its code: 404 for someone who may not see it. ------------


def get_survey_for(user: Any, code: Any, *, write: bool = False) -> Survey:
    """`write=True`: building, publishing, sending, closing and retesting (the business unit)."""
    return object_for(
        user,
        Survey.objects.select_related("retest_of", "created_by"),
        code=code,
        may_view=can_view,
        may_write=can_manage,
        write=write,
    )
