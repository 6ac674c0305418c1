"""A briefing's reach as QA evidence: who it reached, who acknowledged it and which agencies
acted on it. Dissemination is how the Board learns from its own reviews, so this is "learning
from local reviews" evidence. The business unit records it with a button on the reach page; once
recorded it is refreshed on each acknowledgement, team session and change return, so the register
never shows stale reach. Offered through `core.evidence` (the assurance app records it)."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from manx_learning.accounts.models import User
from manx_learning.briefings import services
from manx_learning.briefings.models import Briefing
from manx_learning.core.evidence import Offer, entry_for, offer
from manx_learning.vocabulary.models import EvidenceSource, Strength, Theme


def _reach_summary(figures: Any) -> str:
    lines = []
    for row in figures.rows:
        acted = "returned what it will change" if row.change_returned else "no change return yet"
        lines.append(
            f"{row.agency.name}: reached {row.reached}, acknowledged {row.acknowledged} "
            f"({row.acknowledged_percent}%), {row.sessions} team session(s) with "
            f"{row.attendees} attendee(s); {acted}."
        )
    total = figures.totals
    lines.append(
        f"Total: reached {total.reached}, acknowledged {total.acknowledged} "
        f"({total.acknowledged_percent}%); {figures.returns} of {len(figures.rows)} "
        f"agencies acted on it."
    )
    return "\n".join(lines) if figures.rows else "Not sent to any agency yet."


def _reach_strength(figures: Any) -> str:
    percent = figures.totals.acknowledged_percent
    if figures.totals.reached >= 20 and percent >= 60:
        return Strength.STRONG
    return Strength.MODERATE if figures.totals.reached >= 5 else Strength.LIMITED


def briefing_reach_offer(briefing: Briefing) -> Offer:
    figures = services.reach(briefing)
    themes = (
        Theme.objects.filter(findings__review=briefing.review).distinct()
        if briefing.review_id
        else Theme.objects.none()
    )
    return Offer(
        origin=briefing,
        source=EvidenceSource.LOCAL_REVIEW,
        title=f"Briefing reach: {briefing.title}",
        summary=_reach_summary(figures),
        dated=timezone.localdate(),
        link_url=reverse("briefings:briefing-reach", args=[briefing.code]),
        strength=_reach_strength(figures),
        agencies=[row.agency for row in figures.rows],
        themes=themes,
    )


def briefing_reach_record(*, briefing: Briefing, actor: User | None = None) -> Any:
    """Record (or refresh) the briefing's reach in the QA evidence register."""
    return offer(briefing_reach_offer(briefing), actor=actor)


def briefing_reach_refresh(*, briefing: Briefing, actor: User | None = None) -> Any | None:
    """Refresh the reach evidence if the business unit has recorded it; otherwise do nothing
    (so a briefing never enters the register without someone choosing to put it there)."""
    if entry_for(briefing) is None:
        return None
    return briefing_reach_record(briefing=briefing, actor=actor)
