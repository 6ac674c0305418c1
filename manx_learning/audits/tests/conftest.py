from datetime import date

import pytest

from manx_learning.audits import services
from manx_learning.audits.models import AuditProgramme, CaseAudit


@pytest.fixture
def tool(db):
    return services.defaults_seed()


@pytest.fixture
def programme(tool, business_unit_officer, police, health) -> AuditProgramme:
    return services.programme_create(
        by=business_unit_officer,
        tool=tool,
        title="Neglect: multi-agency audit",
        kind="multi",
        agencies=[police, health],
        sample_size=3,
        audit_starts=date(2026, 4, 1),
        audit_ends=date(2026, 4, 30),
        moderation_on=date(2026, 5, 14),
    )


@pytest.fixture
def police_case(programme, police_lead, police) -> CaseAudit:
    return services.case_audit_add(
        programme=programme, agency=police, by=police_lead, case_reference="NG-2026-001"
    )
