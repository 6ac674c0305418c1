"""The demo board's dataset: three years of monthly data for 15+ indicators across agencies, a
visible shift and a visible trend on the emerging-trends page, small counts suppressed in open
data, and the retest provider the QA framework uses."""

from datetime import date

import pytest
from django.urls import reverse

from manx_learning.accounts.demo import demo_load
from manx_learning.assurance import measures
from manx_learning.dataset.demo import demo_dataset_load
from manx_learning.dataset.models import Indicator, Observation
from manx_learning.dataset.selectors import emerging_signals

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


@pytest.fixture
def demo():
    demo_load()
    return demo_dataset_load()


def test_the_demo_holds_36_months_for_at_least_15_indicators_across_agencies(demo):
    assert len(demo) >= 15
    periods = sorted(set(Observation.objects.values_list("period", flat=True)))
    assert periods[0] == "2023-11" and periods[-1] == "2026-10" and len(periods) == 36
    assert Observation.objects.values("agency").distinct().count() >= 5
    adults = Indicator.objects.filter(code__startswith="AS-").count()
    children = Indicator.objects.filter(code__startswith="CSC-").count()
    assert adults >= 4 and children >= 6


def test_loading_twice_adds_nothing(demo):
    count = Observation.objects.count()
    demo_dataset_load()
    assert Observation.objects.count() == count
    assert Indicator.objects.count() == len(demo)


def test_the_shift_and_the_trend_show_on_emerging_trends(demo):
    latest = {s.indicator.code: s for s in emerging_signals(today=TODAY) if s.agency}
    assert "shift" in latest["DA-03"].rules and latest["DA-03"].variation == "concern"
    assert "trend" in latest["CSC-03"].rules and latest["CSC-03"].variation == "improvement"
    assert latest["DA-03"].period == latest["CSC-03"].period == "2026-10"


def test_small_numbers_are_suppressed_on_the_demo_open_data(client, demo):
    text = client.get(reverse("dataset:open-data-csv", args=["DA-02"])).content.decode()
    assert ",<5,yes" in text and ",[c],yes" in text


def test_an_indicator_compares_baseline_with_retest(demo):
    indicator = Indicator.objects.get(code="CSC-03")
    comparison = measures.comparison_for(
        indicator, baseline_on=date(2026, 2, 28), retest_on=date(2026, 10, 31)
    )
    assert comparison.verdict == measures.Verdict.IMPROVED
    assert comparison.baseline.n == 6
    assert comparison.retest.n == 8
    assert any("October 2026" in line for line in comparison.retest.detail)


def test_a_neutral_indicator_is_context_not_improvement(demo):
    indicator = Indicator.objects.get(code="DA-01")
    comparison = measures.comparison_for(
        indicator, baseline_on=date(2025, 10, 31), retest_on=date(2026, 10, 31)
    )
    assert comparison.verdict == measures.Verdict.SAME
    assert "no better direction" in comparison.explanation
