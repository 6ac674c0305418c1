"""Who may see and do what with audits, by role and by agency.

The business unit (MANAGE_ASSURANCE) builds tools and programmes and moderates. Agency leads
(CONDUCT_AUDITS) audit their own agency's sample only. The Panel and Board read results and case
audits; agency leads read programme results but only their own agency's case audits."""

from typing import Any

from manx_learning.accounts.permissions import (
    Capability,
    Check,
    has_capability,
    is_panel_or_board,
    object_for,
)
from manx_learning.audits.models import AuditProgramme, AuditTool, CaseAudit, ToolSection


def can_manage(user: Any, item: Any = None) -> bool:
    return has_capability(user, Capability.MANAGE_ASSURANCE)


def can_view_results(user: Any, programme: AuditProgramme | None = None) -> bool:
    return has_capability(user, Capability.VIEW_ASSURANCE) or can_manage(user)


def sees_every_case_audit(user: Any) -> bool:
    return can_manage(user) or (can_view_results(user) and is_panel_or_board(user))


def can_view_programme(user: Any, programme: AuditProgramme) -> bool:
    """Those who read results see every programme; an agency lead sees those their agency is in
    (as `selectors.programmes_visible_to` lists them)."""
    if can_view_results(user):
        return True
    return (
        has_capability(user, Capability.CONDUCT_AUDITS)
        and programme.agencies.filter(pk=user.agency_id).exists()
    )


def can_view_moderation(user: Any, programme: AuditProgramme) -> bool:
    """The moderation record, once there is one, for those who read results."""
    return can_view_results(user) and hasattr(programme, "moderation")


def can_view_case_audit(user: Any, case_audit: CaseAudit) -> bool:
    if sees_every_case_audit(user):
        return True
    return has_capability(user, Capability.CONDUCT_AUDITS) and user.agency_id == (
        case_audit.agency_id
    )


def can_grade(user: Any, case_audit: CaseAudit) -> bool:
    """The audited agency's lead, or the business unit entering grades on its behalf."""
    if can_manage(user):
        return True
    return has_capability(user, Capability.CONDUCT_AUDITS) and user.agency_id == (
        case_audit.agency_id
    )


def can_add_case(user: Any, programme: AuditProgramme) -> bool:
    """Someone who may grade a case for at least one of the programme's agencies."""
    return any(
        can_grade(user, CaseAudit(programme=programme, agency=agency))
        for agency in programme.agencies.all()
    )


def can_view_tool(user: Any, tool: AuditTool) -> bool:
    return can_view_results(user)


def can_view_section(user: Any, section: ToolSection) -> bool:
    return can_view_tool(user, section.tool)


# The one way a view gets each kind by its code: 404 for someone who may not see it. ------------


def get_programme_for(
    user: Any, code: Any, *, write: bool = False, need: Check[AuditProgramme] | None = None
) -> AuditProgramme:
    """`write=True`: running the programme (the business unit); `need`: a narrower check such as
    `can_view_results` or `can_add_case`."""
    return object_for(
        user,
        AuditProgramme.objects.select_related("tool__scale", "theme", "retest_of"),
        code=code,
        may_view=can_view_programme,
        may_write=can_manage,
        write=write,
        need=need,
    )


def get_case_for(
    user: Any, code: Any, *, write: bool = False, need: Check[CaseAudit] | None = None
) -> CaseAudit:
    """`write=True`: grading the case; `need`: a narrower check such as `can_manage`
    (moderating)."""
    return object_for(
        user,
        CaseAudit.objects.select_related("programme__tool__scale", "agency", "auditor"),
        code=code,
        may_view=can_view_case_audit,
        may_write=can_grade,
        write=write,
        need=need,
    )


def get_tool_for(user: Any, code: Any, *, write: bool = False) -> AuditTool:
    """`write=True`: changing or copying the tool (the business unit)."""
    return object_for(
        user,
        AuditTool.objects.select_related("scale"),
        code=code,
        may_view=can_view_tool,
        may_write=can_manage,
        write=write,
    )


def get_section_for(user: Any, code: Any, *, write: bool = False) -> ToolSection:
    """A tool's section, seen with its tool; `write=True`: removing it."""
    return object_for(
        user,
        ToolSection.objects.select_related("tool"),
        code=code,
        may_view=can_view_section,
        may_write=can_manage,
        write=write,
    )
