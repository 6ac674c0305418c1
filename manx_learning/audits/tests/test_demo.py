"""The demo board shows a full audit cycle: a retest that improved and one that did not."""

import pytest
from django.core.management import call_command

from manx_learning.assurance import measures
from manx_learning.assurance.models import Evidence
from manx_learning.audits.demo import demo_audits_load
from manx_learning.audits.models import AuditProgramme, ProgrammeStatus


@pytest.fixture
def demo_people(db):
    from manx_learning.accounts.demo import demo_load

    demo_load()


def test_the_demo_has_an_improved_and_an_unchanged_retest(demo_people):
    demo_audits_load()
    demo_audits_load()  # idempotent
    assert AuditProgramme.objects.count() == 4
    assert set(AuditProgramme.objects.values_list("status", flat=True)) == {
        ProgrammeStatus.COMPLETED
    }
    neglect = AuditProgramme.objects.get(title="Neglect: multi-agency case audit 2026")
    abuse = AuditProgramme.objects.get(title="Domestic abuse: police response audit 2026")
    assert measures.comparison_for(neglect).verdict == measures.Verdict.IMPROVED
    assert measures.comparison_for(abuse).verdict == measures.Verdict.SAME
    assert neglect.case_audits.filter(case_reference="NG-2026-101").exists()
    assert neglect.case_audits.filter(escalated_at__isnull=False).count() == 1
    assert Evidence.objects.filter(is_automatic=True, source__endswith="_audit").count() == 4
    assert neglect.recommendation_links.count() == 1


def test_the_demo_command_loads_the_audits(db):
    call_command("demo", verbosity=0)
    assert AuditProgramme.objects.filter(retest_of__isnull=False).count() == 2
