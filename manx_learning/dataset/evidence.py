"""A special-cause signal as QA evidence, offered to the evidence register through
`core.evidence` (the assurance app records it) when the business unit chooses to."""

from typing import Any

from manx_learning.accounts.models import User
from manx_learning.core.evidence import Offer, offer
from manx_learning.dataset.models import Signal
from manx_learning.dataset.periods import period_end, period_label
from manx_learning.dataset.trends import signal_summary
from manx_learning.vocabulary.models import EvidenceSource, Strength


def signal_record_evidence(*, signal: Signal, link_url: str, by: User | None) -> Any:
    """Put a signal into the QA evidence register (idempotent: once per signal)."""
    indicator = signal.indicator
    where = signal.agency.name if signal.agency_id else "all agencies"
    agencies = (
        [signal.agency]
        if signal.agency_id
        else list({o for o in [indicator.owner_agency] if o is not None})
    )
    offered = Offer(
        origin=signal,
        source=EvidenceSource.PERFORMANCE_DATA,
        title=f"{indicator.name} – {where}, {period_label(signal.period)}",
        summary=signal_summary(signal),
        dated=period_end(signal.period),
        link_url=link_url,
        # A statistical signal is robust about *that* something changed, not why.
        strength=Strength.MODERATE,
        agencies=agencies,
        priorities=[indicator.priority] if indicator.priority_id else [],
    )
    return offer(offered, actor=by)
