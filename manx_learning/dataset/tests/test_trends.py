"""Signals are computed from stored observations with the indicator's SPC settings."""

from datetime import date

import pytest

from manx_learning.dataset.models import (
    Frequency,
    Improvement,
    Indicator,
    Observation,
    ProcessChange,
    Signal,
    Unit,
)
from manx_learning.dataset.trends import (
    recent_cutoff,
    refresh_all_signals,
    refresh_signals,
    series_analysis,
    total_series,
)

pytestmark = pytest.mark.django_db

FLAT = [10, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12]


def _indicator(**extra) -> Indicator:
    values = {
        "code": "MARAC-02",
        "name": "Repeat MARAC cases",
        "unit": Unit.COUNT,
        "frequency": Frequency.MONTHLY,
        "improvement": Improvement.DOWN,
    } | extra
    return Indicator.objects.create(**values)


def _observe(indicator, agency, values, start_year=2024, **extra):
    rows = []
    for i, value in enumerate(values):
        year, month = start_year + i // 12, i % 12 + 1
        rows.append(
            Observation(
                indicator=indicator,
                agency=agency,
                period=f"{year}-{month:02d}",
                period_start=date(year, month, 1),
                value=value,
                **extra,
            )
        )
    Observation.objects.bulk_create(rows)


def test_a_sustained_rise_is_stored_as_a_shift_of_concern(police):
    indicator = _indicator()
    _observe(indicator, police, [*FLAT, 15, 16, 15, 17, 16, 15, 16])

    stored = refresh_signals([(indicator.pk, police.pk)])

    signals = list(
        Signal.objects.filter(indicator=indicator, agency=police).order_by("period_start")
    )
    assert stored == len(signals) > 0
    last = signals[-1]
    assert last.period == "2025-07"
    assert "shift" in last.rules
    assert last.variation == "concern"  # lower is better, so a rise is a concern


def test_a_common_cause_series_stores_no_signals(police):
    indicator = _indicator()
    _observe(indicator, police, FLAT)
    assert refresh_signals([(indicator.pk, police.pk)]) == 0
    assert not Signal.objects.exists()


def test_the_total_is_analysed_when_two_agencies_report(police, health):
    indicator = _indicator()
    _observe(indicator, police, [*FLAT, 15, 16, 15, 17, 16, 15, 16])
    _observe(indicator, health, [*FLAT, 15, 16, 15, 17, 16, 15, 16])
    refresh_signals([(indicator.pk, police.pk)])
    assert Signal.objects.filter(indicator=indicator, agency__isnull=True).exists()
    # Health was not named, so its own series is left for its own refresh.
    assert not Signal.objects.filter(agency=health).exists()
    refresh_all_signals()
    assert Signal.objects.filter(agency=health).exists()


def test_refreshing_again_keeps_signal_ids_and_drops_stale_points(police):
    indicator = _indicator()
    _observe(indicator, police, [*FLAT, 15, 16, 15, 17, 16, 15, 16])
    refresh_signals([(indicator.pk, police.pk)])
    ids = set(Signal.objects.values_list("pk", flat=True))
    refresh_signals([(indicator.pk, police.pk)])
    assert set(Signal.objects.values_list("pk", flat=True)) == ids
    Observation.objects.filter(value__gte=15).delete()
    refresh_signals([(indicator.pk, police.pk)])
    assert not Signal.objects.exists()


def test_a_process_change_rebases_the_limits(police):
    indicator = _indicator()
    _observe(indicator, police, [*FLAT, 15, 16, 15, 17, 16, 15, 16, 15])
    ProcessChange.objects.create(indicator=indicator, period="2025-01", description="New MARAC")
    analysis = series_analysis(indicator, police)
    assert len(analysis.result.phases) == 2
    assert refresh_signals([(indicator.pk, police.pk)]) == 0


def test_the_baseline_fixes_limits_so_later_points_are_judged_against_them(police):
    indicator = _indicator(baseline_points=12)
    _observe(indicator, police, [*FLAT, 15, 16, 15, 17, 16, 15, 16])
    analysis = series_analysis(indicator, police)
    assert analysis.result.phases[0].baseline_points == 12
    assert analysis.result.mean == pytest.approx(sum(FLAT) / 12)


def test_run_lengths_come_from_settings(police, settings):
    # Limits fixed on the flat year; then 6 points above the mean (the last flat one and 5 more)
    # that stay inside the limits.
    indicator = _indicator(baseline_points=12)
    _observe(indicator, police, [*FLAT, 12, 12.5, 12, 13, 12.5])
    settings.SPC_SHIFT_LENGTH = 5
    settings.SPC_TREND_LENGTH = 5
    refresh_signals([(indicator.pk, police.pk)])
    assert any("shift" in signal.rules for signal in Signal.objects.all())
    settings.SPC_SHIFT_LENGTH = 7
    settings.SPC_TREND_LENGTH = 7
    refresh_signals([(indicator.pk, police.pk)])
    assert not any("shift" in signal.rules for signal in Signal.objects.all())


def test_a_percentage_total_is_recomputed_from_numerators():
    rows = {
        1: [("2026-01", date(2026, 1, 1), 50.0, 1.0, 2.0)],
        2: [("2026-01", date(2026, 1, 1), 10.0, 10.0, 100.0)],
    }
    assert total_series(Unit.PERCENT, rows) == [
        ("2026-01", date(2026, 1, 1), pytest.approx(11 / 102 * 100))
    ]


def test_a_period_missing_an_agency_is_left_out_of_the_total():
    rows = {
        1: [
            ("2026-01", date(2026, 1, 1), 5.0, None, None),
            ("2026-02", date(2026, 2, 1), 5.0, None, None),
        ],
        2: [("2026-01", date(2026, 1, 1), 7.0, None, None)],
    }
    assert total_series(Unit.COUNT, rows) == [("2026-01", date(2026, 1, 1), 12.0)]


def test_recent_cutoff_counts_back_whole_periods():
    today = date(2026, 11, 26)
    assert recent_cutoff(Frequency.MONTHLY, today, 6) == date(2026, 5, 1)
    assert recent_cutoff(Frequency.QUARTERLY, today, 6) == date(2025, 4, 1)
    assert recent_cutoff(Frequency.ANNUAL, today, 6) == date(2020, 1, 1)
