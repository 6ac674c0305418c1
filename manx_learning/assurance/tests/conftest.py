from datetime import date, timedelta

import pytest

from manx_learning.assurance import measures, services
from manx_learning.assurance.models import Assessment
from manx_learning.assurance.tests.factories import TODAY, add_evidence
from manx_learning.vocabulary.models import BoardPriority, Theme


@pytest.fixture
def neglect(db) -> BoardPriority:
    return BoardPriority.objects.create(
        title="Early help and neglect",
        outcome_sought="Neglect is recognised early",
        starts_on=date(2025, 4, 1),
        ends_on=date(2028, 3, 31),
    )


@pytest.fixture
def theme(db) -> Theme:
    return Theme.objects.get_or_create(name="Neglect")[0]


@pytest.fixture
def evidence_set(business_unit_officer, police, health, neglect):
    """One item each: police-tagged, health-tagged, and Board-wide (no agency)."""
    return {
        "police": add_evidence(
            business_unit_officer,
            title="Police dip sample",
            agencies=[police],
            priorities=[neglect],
        ),
        "health": add_evidence(
            business_unit_officer,
            title="Health visitor audit",
            agencies=[health],
            priorities=[neglect],
        ),
        "board": add_evidence(
            business_unit_officer, title="Practitioner survey", priorities=[neglect]
        ),
    }


@pytest.fixture
def assessment(business_unit_officer, neglect, evidence_set) -> Assessment:
    return services.assessment_create(
        by=business_unit_officer,
        title="Neglect: recognition and early help",
        question="Do practitioners recognise neglect early?",
        priority=neglect,
        theme=None,
        period_start=TODAY() - timedelta(days=365),
        period_end=TODAY() - timedelta(days=1),
    )


@pytest.fixture
def judged(assessment, business_unit_officer) -> Assessment:
    return services.assessment_judge(
        assessment=assessment,
        by=business_unit_officer,
        grade="requires_improvement",
        rationale="Neglect was recognised late in half the cases.",
        strengths="Health visitors escalate well.",
        areas_for_improvement="Use of the neglect screening tool.",
        judged_on=TODAY(),
        retest_due=TODAY() + timedelta(days=180),
    )


@pytest.fixture
def fake_provider():
    """Register a baseline-vs-retest provider for indicators for the length of a test (the
    dataset app's own provider, if any, is put back afterwards). `scores` sets what it returns."""
    label = "dataset.indicator"
    saved = measures._PROVIDERS.get(label)
    scores = {"baseline": 40.0, "retest": 62.0}

    def provider(obj, *, baseline_on=None, retest_on=None):
        baseline = measures.Measurement(
            label=f"Up to {baseline_on}", score=scores["baseline"], score_label="% on time", n=12
        )
        retest = (
            measures.Measurement(
                label=f"Up to {retest_on}",
                score=scores["retest"],
                score_label="% on time",
                n=14,
                detail=["Shift: 7 points above the mean"],
            )
            if scores["retest"] is not None
            else None
        )
        verdict, text = measures.compare(baseline, retest)
        return measures.Comparison(
            title=str(obj),
            kind="indicator",
            baseline=baseline,
            retest=retest,
            verdict=verdict,
            explanation=text,
        )

    measures.register(label, provider)
    yield scores
    if saved is None:
        measures._PROVIDERS.pop(label, None)
    else:
        measures._PROVIDERS[label] = saved


@pytest.fixture
def indicator(db):
    from manx_learning.dataset.models import Indicator

    return Indicator.objects.create(
        code="NEG-01",
        name="Neglect referrals assessed within 45 working days",
        unit="percent",
        frequency="quarterly",
        improvement="up",
    )
