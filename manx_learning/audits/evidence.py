"""A completed audit programme as QA evidence: its moderated result, offered to the evidence
register through `core.evidence` (the assurance app records it)."""

from typing import Any

from django.urls import reverse

from manx_learning.accounts.models import User
from manx_learning.audits.models import AuditProgramme, ProgrammeKind
from manx_learning.audits.results import programme_measurement
from manx_learning.core.evidence import Offer, offer
from manx_learning.vocabulary.models import EvidenceSource, Strength


def programme_evidence_record(*, programme: AuditProgramme, by: User | None = None) -> Any:
    """Put a completed programme's result into the QA evidence register (idempotent)."""
    measurement = programme_measurement(programme)
    record = programme.moderation
    source = (
        EvidenceSource.MULTI_AGENCY_AUDIT
        if programme.kind == ProgrammeKind.MULTI
        else EvidenceSource.SINGLE_AGENCY_AUDIT
    )
    cases = programme.case_audits.count()
    summary = (
        f"{measurement.score:.0f}% of moderated section grades were good or better "
        f"({measurement.n} grades across {cases} cases). "
        f"Good practice: {record.good_practice} Areas for development: "
        f"{record.areas_for_development}"
    )
    offered = Offer(
        origin=programme,
        source=source,
        title=f"Audit: {programme.title}",
        summary=summary,
        dated=record.held_on,
        link_url=reverse("audits:programme", kwargs={"code": programme.code}),
        strength=Strength.STRONG if cases >= 10 else Strength.MODERATE,
        agencies=programme.agencies.all(),
        themes=[programme.theme] if programme.theme else [],
        priorities=programme.priorities.all(),
    )
    return offer(offered, actor=by)
