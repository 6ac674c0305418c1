"""Who may see and act on an anonymisation run. A run shows the report's real names beside their
replacements, so it is seen by those who may see the review's identifier register (the business
unit and the review's assigned reviewers); only the business unit publishes.

Reviews themselves are got through `reviews.access`; the public pages look items up by slug
through `selectors.public_items()` and need no one's access."""

from typing import Any

from manx_learning.accounts.permissions import is_business_unit, object_for
from manx_learning.publishing.models import AnonymisationRun
from manx_learning.reviews import access as reviews_access


def can_view_run(user: Any, run: AnonymisationRun) -> bool:
    return reviews_access.can_view_register(user, run.report_version.review)


def can_publish(user: Any, run: AnonymisationRun | None = None) -> bool:
    return is_business_unit(user)


def get_run_for(user: Any, code: Any, *, write: bool = False) -> AnonymisationRun:
    """`write=True`: publishing the run's anonymised report (the business unit)."""
    return object_for(
        user,
        AnonymisationRun.objects.select_related("report_version__review", "run_by", "approved_by"),
        code=code,
        may_view=can_view_run,
        may_write=can_publish,
        write=write,
    )
