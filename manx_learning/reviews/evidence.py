"""A review approved by the Board as QA evidence: "learning from local reviews" summarising its
findings, offered to the evidence register through `core.evidence` (assurance records it).
One register row per review; approving again refreshes it."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from manx_learning.accounts.models import User
from manx_learning.core.evidence import Offer, offer
from manx_learning.reviews.models import FindingKind, Review
from manx_learning.vocabulary.models import EvidenceSource, Strength, Theme


def review_findings_offer(review: Review) -> Offer:
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
    return Offer(
        origin=review,
        source=EvidenceSource.LOCAL_REVIEW,
        title=f"Review findings: {review.reference} {review.title}",
        summary="\n".join(lines),
        dated=review.approval_date or timezone.localdate(),
        link_url=reverse("reviews:detail", args=[review.code]),
        # An approved multi-agency review is tested evidence: it went through Panel and Board.
        strength=Strength.STRONG,
        agencies=review.agencies.all(),
        themes=Theme.objects.filter(findings__review=review).distinct(),
    )


def review_findings_record(*, review: Review, actor: User | None = None) -> Any:
    """Put the approved review's findings into the QA evidence register (idempotent)."""
    return offer(review_findings_offer(review), actor=actor)
