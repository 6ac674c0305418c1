"""Who may see and change the QA framework, by role and agency.

The business unit, the SCMR Panel and Board members see all of it. An agency lead sees the
evidence tagged with their agency plus Board-wide evidence that names no agency, because
evidence about another agency (an audit of its cases, its staff survey) is that agency's to
share. Assessments, retests, the calendar and scrutiny reports are the Board's own judgements,
so every role with VIEW_ASSURANCE may read them; the evidence listed inside them is still
narrowed to what the reader may see. Only the business unit (MANAGE_ASSURANCE) changes things."""

from typing import Any

from manx_learning.accounts.permissions import (
    Capability,
    Check,
    has_capability,
    is_agency_lead,
    is_panel_or_board,
    object_for,
)
from manx_learning.assurance.models import (
    Assessment,
    AssessmentMeasure,
    Evidence,
    EvidenceAttachment,
)


def can_view(user: Any, item: Any = None) -> bool:
    return has_capability(user, Capability.VIEW_ASSURANCE)


def can_manage(user: Any, item: Any = None) -> bool:
    return has_capability(user, Capability.MANAGE_ASSURANCE)


def sees_all_evidence(user: Any) -> bool:
    return can_view(user) and (can_manage(user) or is_panel_or_board(user))


def can_view_evidence(user: Any, evidence: Evidence) -> bool:
    if sees_all_evidence(user):
        return True
    if not (can_view(user) and is_agency_lead(user)):
        return False
    agencies = set(evidence.agencies.values_list("pk", flat=True))
    return not agencies or user.agency_id in agencies


def can_edit_evidence(user: Any, evidence: Evidence) -> bool:
    """Evidence added by hand; automatic evidence is kept up to date from where it came from."""
    return can_manage(user) and not evidence.is_automatic


def can_view_attachment(user: Any, attachment: EvidenceAttachment) -> bool:
    return can_view_evidence(user, attachment.evidence)


def can_view_assessment(user: Any, assessment: Assessment) -> bool:
    """Assessments are the Board's own judgements: every role with VIEW_ASSURANCE reads them."""
    return can_view(user)


def can_view_measure(user: Any, measure: AssessmentMeasure) -> bool:
    return can_view_assessment(user, measure.assessment)


# The one way a view gets each kind by its code: 404 for someone who may not see it. ------------


def get_evidence_for(
    user: Any, code: Any, *, write: bool = False, need: Check[Evidence] | None = None
) -> Evidence:
    """`write=True`: adding attachments (the business unit); `need`: a narrower check such as
    `can_edit_evidence`."""
    return object_for(
        user,
        Evidence.objects.select_related("added_by"),
        code=code,
        may_view=can_view_evidence,
        may_write=can_manage,
        write=write,
        need=need,
    )


def get_attachment_for(user: Any, code: Any, *, write: bool = False) -> EvidenceAttachment:
    """An attachment is seen by those who may see its evidence."""
    return object_for(
        user,
        EvidenceAttachment.objects.select_related("evidence"),
        code=code,
        may_view=can_view_attachment,
        may_write=can_manage,
        write=write,
    )


def get_assessment_for(user: Any, code: Any, *, write: bool = False) -> Assessment:
    """`write=True`: changing the assessment, its evidence, judgement, measures or action plan."""
    related = ("theme", "priority", "judged_by", "recommendation")
    return object_for(
        user,
        Assessment.objects.select_related(*related),
        code=code,
        may_view=can_view_assessment,
        may_write=can_manage,
        write=write,
    )


def get_measure_for(user: Any, code: Any, *, write: bool = False) -> AssessmentMeasure:
    """A measure is seen by those who may see its assessment; `write=True`: removing it."""
    return object_for(
        user,
        AssessmentMeasure.objects.select_related("assessment"),
        code=code,
        may_view=can_view_measure,
        may_write=can_manage,
        write=write,
    )
