"""Who may see and act on returns, by role and by agency.

The business unit runs the dataset and sees every agency's returns; a data officer sees and
submits only their own agency's. Everyone else sees no returns (the published charts are the
other side of the dataset)."""

from typing import Any

from django.http import Http404
from django.utils import timezone

from manx_learning.accounts.models import Agency
from manx_learning.accounts.permissions import Capability, Check, has_capability, object_for
from manx_learning.dataset.models import ApiToken, Indicator, Observation, Signal, ValueQuery
from manx_learning.dataset.periods import PeriodError, parse_period


def can_manage_returns(user: Any, item: Any = None) -> bool:
    """Queries, acceptance, the status board and API tokens: the business unit."""
    return has_capability(user, Capability.MANAGE_DATASET)


def can_view_return(user: Any, agency_id: int) -> bool:
    return can_manage_returns(user) or (
        has_capability(user, Capability.SUBMIT_RETURNS) and user.agency_id == agency_id
    )


def can_submit_return(user: Any, agency_id: int) -> bool:
    """A data officer for their own agency; the business unit may key a return in for any agency
    (e.g. one sent on paper)."""
    return can_view_return(user, agency_id) and has_capability(user, Capability.SUBMIT_RETURNS)


def can_answer_query(user: Any, agency_id: int) -> bool:
    return has_capability(user, Capability.SUBMIT_RETURNS) and user.agency_id == agency_id


def can_view_returns_of(user: Any, agency: Agency) -> bool:
    return can_view_return(user, agency.pk)


def can_submit_returns_of(user: Any, agency: Agency) -> bool:
    return can_submit_return(user, agency.pk)


def can_view_query(user: Any, query: ValueQuery) -> bool:
    """A query is part of its return: seen by whoever sees that return."""
    return can_view_return(user, query.data_return.agency_id)


def can_answer(user: Any, query: ValueQuery) -> bool:
    return can_answer_query(user, query.data_return.agency_id)


# The catalogue, charts, dashboards and trends: anyone with VIEW_DATASET reads them.


def can_view_dataset(user: Any, item: Any = None) -> bool:
    return has_capability(user, Capability.VIEW_DATASET)


def can_manage_catalogue(user: Any, indicator: Indicator | None = None) -> bool:
    """Indicators, benchmarks and process changes: the business unit."""
    return has_capability(user, Capability.MANAGE_DATASET)


def can_comment(user: Any, observation: Observation) -> bool:
    """Commentary on a value: the business unit, or a data officer of the agency that reported
    it."""
    if has_capability(user, Capability.MANAGE_DATASET):
        return True
    return (
        has_capability(user, Capability.SUBMIT_RETURNS) and user.agency_id == observation.agency_id
    )


def can_record_evidence(user: Any, signal: Signal | None = None) -> bool:
    """Putting a signal into the QA evidence register: whoever runs quality assurance."""
    return has_capability(user, Capability.MANAGE_ASSURANCE)


# The one way a view gets each kind by its code: 404 for someone who may not see it. ------------


def get_indicator_for(user: Any, code: Any, *, write: bool = False) -> Indicator:
    """`write=True`: changing the indicator, its benchmarks and its process changes."""
    return object_for(
        user,
        Indicator.objects.select_related("owner_agency", "priority"),
        code=code,
        may_view=can_view_dataset,
        may_write=can_manage_catalogue,
        write=write,
    )


def get_return_for(
    user: Any,
    agency_code: Any,
    period: str,
    *,
    write: bool = False,
    need: Check[Agency] | None = None,
) -> tuple[Agency, str]:
    """An agency's return for a period, as the agency and the period's canonical form. A period
    that is not one, or has not started, is not found. `write=True`: submitting the return;
    `need`: a narrower check such as `can_manage_returns`."""
    try:
        canonical, _, start = parse_period(period)
    except PeriodError:
        raise Http404("No such period") from None
    if start > timezone.localdate():
        raise Http404("That period has not started")
    agency = object_for(
        user,
        Agency.objects.all(),
        code=agency_code,
        may_view=can_view_returns_of,
        may_write=can_submit_returns_of,
        write=write,
        need=need,
    )
    return agency, canonical


def get_query_for(user: Any, code: Any, *, write: bool = False) -> ValueQuery:
    """`write=True`: answering the query (the agency's data officer)."""
    return object_for(
        user,
        ValueQuery.objects.select_related("data_return__agency", "observation__indicator"),
        code=code,
        may_view=can_view_query,
        may_write=can_answer,
        write=write,
    )


def get_token_for(user: Any, code: Any, *, write: bool = False) -> ApiToken:
    """API tokens are the business unit's; `write=True`: revoking one."""
    return object_for(
        user,
        ApiToken.objects.select_related("agency"),
        code=code,
        may_view=can_manage_returns,
        may_write=can_manage_returns,
        write=write,
    )


def get_signal_for(user: Any, pk: Any, *, write: bool = False) -> Signal:
    """`write=True`: putting the signal into the QA evidence register."""
    return object_for(
        user,
        Signal.objects.select_related("indicator", "indicator__priority", "agency"),
        pk=pk,
        may_view=can_view_dataset,
        may_write=can_record_evidence,
        write=write,
    )
