"""The demo board's QA: hand-entered evidence, a neglect assessment whose retest improved and a
domestic abuse one whose retest did not, loaded idempotently after the other demos."""

import pytest
from django.core.management import call_command

from manx_learning.actions.models import Action
from manx_learning.assurance.models import Assessment, Evidence


@pytest.mark.django_db(transaction=True)
def test_the_demo_loads_assessments_that_improved_and_did_not(capsys):
    call_command("demo", verbosity=0)
    call_command("demo", verbosity=0)  # idempotent
    neglect = Assessment.objects.get(title__startswith="Neglect:")
    abuse = Assessment.objects.get(title__startswith="Domestic abuse:")
    assert neglect.retests.get().verdict == "improved"
    assert abuse.retests.get().verdict != "improved"
    kinds = {m.target_type.model for m in neglect.measures.all()}
    assert kinds == {"auditprogramme", "survey", "indicator"}
    assert Action.objects.filter(impact_assessment=neglect).count() == 2
    assert Evidence.objects.filter(is_automatic=False, title__endswith="(demo)").count() == 5
    assert neglect.evidence.count() >= 4
