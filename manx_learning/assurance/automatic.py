"""Evidence that reviews and briefings put into the register themselves.

- A review approved by the Board becomes "learning from local reviews" evidence summarising its
  findings (called at the end of `reviews.services.board_approve`).
- A briefing's reach (who it reached, who acknowledged it, which agencies acted on it) becomes
  "learning from local reviews" evidence too: dissemination is how the Board learns from its
  own reviews, and the figures say how far that learning got. The business unit records it
  with a button on the reach page; once recorded it is refreshed on each acknowledgement, team
  session and change return, so the register never shows stale reach.

Both are idempotent (one register row per review or briefing), and both link back."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from manx_learning.assurance.models import Evidence, EvidenceSource, Strength
from manx_learning.assurance.services import evidence_for_origin, evidence_record_automatic
from manx_learning.publishing import dissemination
from manx_learning.reviews.models import FindingKind
from manx_learning.vocabulary.models import Theme


def review_findings_record(*, review: Any, actor: Any = None) -> Evidence:
    findings = list(review.findings.all())
    learning = [f for f in findings if f.kind == FindingKind.LEARNING]
    good = [f for f in findings if f.kind == FindingKind.GOOD_PRACTICE]
    lines = [f"{review.reference} {review.title}: approved by the Board."]
    if learning:
        lines.append("Learning: " + "; ".join(f"{f.title}" for f in learning) + ".")
    if good:
        lines.append("Good practice: " + "; ".join(f"{f.title}" for f in good) + ".")
    if not findings:
        lines.append("No findings were recorded in the system.")
    themes = Theme.objects.filter(findings__review=review).distinct()
    return evidence_record_automatic(
        origin=review,
        source=EvidenceSource.LOCAL_REVIEW,
        title=f"Review findings: {review.reference} {review.title}",
        summary="\n".join(lines),
        dated=review.approval_date or timezone.localdate(),
        link_url=reverse("reviews:detail", args=[review.code]),
        # An approved multi-agency review is tested evidence: it went through Panel and Board.
        strength=Strength.STRONG,
        agencies=review.agencies.all(),
        themes=themes,
        actor=actor,
    )


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


def briefing_reach_record(*, briefing: Any, actor: Any = None) -> Evidence:
    figures = dissemination.reach(briefing)
    themes = (
        Theme.objects.filter(findings__review=briefing.review).distinct()
        if briefing.review_id
        else Theme.objects.none()
    )
    return evidence_record_automatic(
        origin=briefing,
        source=EvidenceSource.LOCAL_REVIEW,
        title=f"Briefing reach: {briefing.title}",
        summary=_reach_summary(figures),
        dated=timezone.localdate(),
        link_url=reverse("publishing:briefing-reach", args=[briefing.code]),
        strength=_reach_strength(figures),
        agencies=[row.agency for row in figures.rows],
        themes=themes,
        actor=actor,
    )


def briefing_reach_refresh(*, briefing: Any, actor: Any = None) -> Evidence | None:
    """Refresh the reach evidence if the business unit has recorded it; otherwise do nothing
    (so a briefing never enters the register without someone choosing to put it there)."""
    if evidence_for_origin(briefing) is None:
        return None
    return briefing_reach_record(briefing=briefing, actor=actor)
