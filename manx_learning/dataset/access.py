"""Who may see and act on returns, by role and by agency.

The business unit runs the dataset and sees every agency's returns; a data officer sees and
submits only their own agency's. Everyone else sees no returns (the published charts are the
other side of the dataset)."""

from typing import Any

from manx_learning.accounts.permissions import Capability, has_capability


def can_manage_returns(user: Any) -> bool:
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
