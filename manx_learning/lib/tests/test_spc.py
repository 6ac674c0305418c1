"""Unit tests for the SPC engine: golden figures, each rule, variation, assurance, settings.

Most rule tests sit a few points after a fixed baseline of BASE (11, 9, 11, 9, ...), so the
chart is known exactly: mean 10, AMR 2, limits 4.68 / 15.32, outer third beyond 6.45 / 13.55.
"""

import pytest

from manx_learning.lib import spc
from manx_learning.lib.spc import Phase, SpcError, SpcSettings, analyse_series

GOLDEN = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]

BASE = [11, 9] * 5  # mean 10, every moving range 2; ends below the mean so runs start clean
AFTER = len(BASE)  # index of the first point after the baseline


def chart(tail, **options):
    return analyse_series(BASE + list(tail), baseline=len(BASE), **options)


def flagged(result, rule):
    return [i for i, rules in enumerate(result.rules) if rule in rules]


def after(*offsets):
    return [AFTER + k for k in offsets]


# --- Golden figures (NHSRplotthedots' published example) -----------------------------------------


def test_it_reproduces_the_published_mean_and_limits_with_screening():
    result = analyse_series(GOLDEN)
    assert result.mean == pytest.approx(1.944444, abs=1e-6)
    assert round(result.mean, 2) == 1.94
    assert round(result.lpl, 2) == -0.72
    assert round(result.upl, 2) == 4.60


def test_it_reproduces_the_nhs_excel_limits_without_screening():
    result = analyse_series(GOLDEN, screen_outliers=False)
    assert round(result.mean, 2) == 1.94
    assert round(result.lpl, 2) == -3.06
    assert round(result.upl, 2) == 6.95


def test_screening_drops_the_two_jumps_around_the_outlier():
    phase = analyse_series(GOLDEN).phases[0]
    assert phase.screened_ranges == 2
    assert phase.amr == pytest.approx(1.0)


def test_the_golden_outlier_is_the_only_special_cause():
    result = analyse_series(GOLDEN)
    assert flagged(result, spc.OUTSIDE_LIMITS) == [4]
    assert result.special_cause == tuple(i == 4 for i in range(len(GOLDEN)))


def test_the_near_limit_band_is_two_thirds_of_the_way_to_the_limits():
    phase = chart([]).phases[0]
    assert (phase.mean, phase.amr) == (10, 2)
    assert phase.upl == pytest.approx(10 + 2.66 * 2)
    assert phase.near_upl - phase.mean == pytest.approx((phase.upl - phase.mean) * 2 / 3)
    assert phase.mean - phase.near_lpl == pytest.approx((phase.mean - phase.lpl) * 2 / 3)


def test_a_constant_series_has_zero_width_limits_and_no_signals():
    result = analyse_series([5.0] * 12)
    assert (result.lpl, result.mean, result.upl) == (5, 5, 5)
    assert not any(result.special_cause)
    assert set(result.variation) == {spc.COMMON_CAUSE}


def test_two_points_are_enough_for_a_chart():
    result = analyse_series([1, 3])
    assert (result.mean, result.phases[0].amr) == (2, 2)


# --- Rule: outside the process limits ------------------------------------------------------------


def test_it_flags_a_point_above_the_upper_process_limit():
    assert flagged(chart([10, 16, 10]), spc.OUTSIDE_LIMITS) == after(1)


def test_it_flags_a_point_below_the_lower_process_limit():
    assert flagged(chart([10, 4, 10]), spc.OUTSIDE_LIMITS) == after(1)


def test_points_inside_the_limits_are_not_outside_them():
    assert flagged(chart([15.3, 4.7, 15.3]), spc.OUTSIDE_LIMITS) == []


# --- Rule: shift (run on one side of the mean) ---------------------------------------------------


def test_it_flags_a_shift_of_seven_points_above_the_mean():
    result = chart([11, 12, 11, 12, 11, 12, 11, 9])
    assert flagged(result, spc.SHIFT) == after(0, 1, 2, 3, 4, 5, 6)


def test_it_flags_a_shift_of_seven_points_below_the_mean():
    result = chart([11, 9, 8, 9, 8, 9, 8, 9, 11])  # BASE ends below the mean: step over first
    assert flagged(result, spc.SHIFT) == after(1, 2, 3, 4, 5, 6, 7)


def test_it_flags_every_point_of_a_shift_longer_than_seven():
    assert flagged(chart([11, 12] * 5), spc.SHIFT) == after(*range(10))


def test_six_points_on_one_side_of_the_mean_are_not_a_shift():
    assert flagged(chart([11, 12, 11, 12, 11, 12, 9]), spc.SHIFT) == []


def test_a_point_exactly_on_the_mean_breaks_a_shift():
    assert flagged(chart([11, 12, 11, 10, 12, 11, 12, 11]), spc.SHIFT) == []


def test_the_shift_length_is_configurable():
    result = chart([11, 12, 11, 12, 11, 9], shift_length=5)
    assert flagged(result, spc.SHIFT) == after(0, 1, 2, 3, 4)


# --- Rule: trend ---------------------------------------------------------------------------------


def test_it_flags_seven_increasing_points_as_a_trend():
    result = chart([8, 8.5, 9, 9.5, 10, 10.5, 11])
    assert flagged(result, spc.TREND) == after(0, 1, 2, 3, 4, 5, 6)


def test_it_flags_seven_decreasing_points_as_a_trend():
    result = chart([12, 11.5, 11, 10.5, 10, 9.5, 9])
    assert flagged(result, spc.TREND) == after(0, 1, 2, 3, 4, 5, 6)


def test_six_increasing_points_are_not_a_trend():
    assert flagged(chart([8, 8.5, 9, 9.5, 10, 10.5, 10.5]), spc.TREND) == []


def test_equal_neighbouring_values_break_a_trend():
    assert flagged(chart([8, 8.5, 9, 9, 9.5, 10, 10.5, 11]), spc.TREND) == []


def test_a_turning_point_belongs_to_both_trends_and_takes_the_later_direction():
    result = chart([7, 8, 9, 10, 11, 12, 13, 12, 11, 10, 9, 8, 7], improvement=spc.UP)
    assert flagged(result, spc.TREND) == after(*range(13))
    peak = AFTER + 6
    assert result.variation[peak - 1] == spc.IMPROVEMENT
    assert result.variation[peak] == spc.CONCERN


def test_equal_values_between_two_trends_leave_each_trend_its_own_direction():
    # NHSRplotthedots reads the direction off the zero step here and calls the 11 "decreasing".
    result = chart([5, 6, 7, 8, 9, 10, 11, 11, 10, 9, 8, 7, 6, 5], improvement=spc.UP)
    assert flagged(result, spc.TREND) == after(*range(14))
    assert set(result.variation[AFTER : AFTER + 7]) == {spc.IMPROVEMENT}
    assert set(result.variation[AFTER + 7 :]) == {spc.CONCERN}


def test_the_trend_length_is_configurable():
    result = chart([8, 9, 10, 11, 12, 8], trend_length=5)
    assert flagged(result, spc.TREND) == after(0, 1, 2, 3, 4)


# --- Rule: two of three in the outer third -------------------------------------------------------


def test_it_flags_two_of_three_points_in_the_upper_outer_third():
    assert flagged(chart([14, 12, 14]), spc.TWO_OF_THREE) == after(0, 2)


def test_it_flags_two_of_three_points_in_the_lower_outer_third():
    assert flagged(chart([6, 8, 6]), spc.TWO_OF_THREE) == after(0, 2)


def test_it_flags_two_consecutive_points_in_the_outer_third():
    assert flagged(chart([14, 14, 12]), spc.TWO_OF_THREE) == after(0, 1)


def test_the_middle_point_of_a_two_of_three_window_is_not_flagged():
    result = chart([14, 12, 14])
    assert result.rules[AFTER + 1] == ()
    assert result.variation[AFTER + 1] == spc.COMMON_CAUSE


def test_two_of_three_needs_all_three_points_on_the_same_side_of_the_mean():
    assert flagged(chart([14, 9, 14]), spc.TWO_OF_THREE) == []


def test_two_of_three_on_opposite_sides_of_the_mean_is_not_a_signal():
    assert flagged(chart([14, 6, 12]), spc.TWO_OF_THREE) == []


def test_one_point_in_the_outer_third_is_not_two_of_three():
    assert flagged(chart([14, 12, 12]), spc.TWO_OF_THREE) == []


def test_a_point_beyond_the_limits_does_not_count_towards_two_of_three():
    result = chart([16, 14, 12])
    assert flagged(result, spc.TWO_OF_THREE) == []
    assert flagged(result, spc.OUTSIDE_LIMITS) == after(0)


# --- Variation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "improvement", "expected"),
    [
        ([16], spc.UP, spc.IMPROVEMENT),
        ([16], spc.DOWN, spc.CONCERN),
        ([4], spc.UP, spc.CONCERN),
        ([4], spc.DOWN, spc.IMPROVEMENT),
        ([16], spc.NEUTRAL, spc.NEUTRAL),
        ([4], spc.NEUTRAL, spc.NEUTRAL),
    ],
)
def test_a_special_cause_is_judged_by_its_side_and_the_improvement_direction(
    tail, improvement, expected
):
    assert chart(tail, improvement=improvement).variation[AFTER] == expected


@pytest.mark.parametrize("improvement", spc.IMPROVEMENT_DIRECTIONS)
def test_common_cause_points_are_common_cause_whatever_the_direction(improvement):
    result = chart([16], improvement=improvement)
    assert set(result.variation[:AFTER]) == {spc.COMMON_CAUSE}


def test_the_default_improvement_direction_is_neutral():
    assert SpcSettings().improvement == spc.NEUTRAL
    assert chart([16]).variation[AFTER] == spc.NEUTRAL


def test_an_increasing_trend_below_the_mean_is_an_improvement_when_up_is_better():
    result = chart([4.8, 5.5, 6.5, 7, 8, 9, 9.5], improvement=spc.UP)
    assert flagged(result, spc.TREND) == after(*range(7))
    assert set(result.variation[AFTER:]) == {spc.IMPROVEMENT}


def test_a_point_beyond_the_limits_keeps_its_own_direction_inside_a_trend():
    result = chart([16, 13, 12, 11, 10.5, 10.2, 9.8], improvement=spc.UP)
    assert result.rules[AFTER] == (spc.OUTSIDE_LIMITS, spc.TREND)
    assert result.variation[AFTER] == spc.IMPROVEMENT
    assert set(result.variation[AFTER + 1 :]) == {spc.CONCERN}


def test_a_shift_below_the_mean_is_a_concern_when_up_is_better():
    result = chart([9, 8, 9, 8, 9, 8, 9], improvement=spc.UP)
    assert set(result.variation[AFTER:]) == {spc.CONCERN}


def test_rules_are_listed_in_a_fixed_order():
    result = chart([11, 12, 11, 14, 11, 12, 16, 12, 11])
    assert result.rules[AFTER + 6] == (spc.OUTSIDE_LIMITS, spc.SHIFT)


# --- Assurance -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "improvement", "expected"),
    [
        (5, spc.UP, spc.FAIL),  # target above the upper limit: the process can't reach it
        (5, spc.DOWN, spc.PASS),
        (-1, spc.UP, spc.PASS),  # target below the lower limit: every point will beat it
        (-1, spc.DOWN, spc.FAIL),
        (2, spc.UP, spc.INCONSISTENT),
        (2, spc.DOWN, spc.INCONSISTENT),
    ],
)
def test_assurance_compares_the_target_with_the_process_limits(target, improvement, expected):
    assert analyse_series(GOLDEN, improvement=improvement, target=target).assurance == expected


def test_there_is_no_assurance_without_a_target():
    assert analyse_series(GOLDEN, improvement=spc.UP).assurance is None


def test_there_is_no_assurance_for_a_neutral_indicator_even_with_a_target():
    assert analyse_series(GOLDEN, target=5).assurance is None


def test_a_target_exactly_on_a_limit_is_inconsistent():
    phase = Phase(0, 2, mean=0, amr=1, lpl=-2.66, upl=2.66, near_lpl=-1, near_upl=1,
                  baseline_points=2, screened_ranges=0)  # fmt: skip
    assert spc.assurance(phase, 2.66, spc.UP) == spc.INCONSISTENT
    assert spc.assurance(phase, -2.66, spc.DOWN) == spc.INCONSISTENT


def test_assurance_uses_the_last_phase():
    values = BASE + [31, 29] * 5
    result = analyse_series(values, improvement=spc.UP, target=20, rebase_at=[AFTER])
    assert result.assurance == spc.PASS


# --- Baselines and rebasing ----------------------------------------------------------------------


def test_a_baseline_fixes_the_mean_and_limits_on_the_first_n_points():
    result = chart([20] * 10)
    assert result.mean == 10
    assert result.upl == pytest.approx(15.32)
    assert result.phases[0].baseline_points == len(BASE)


def test_points_after_the_baseline_are_judged_against_the_fixed_limits():
    result = chart([20] * 10, improvement=spc.UP)
    assert flagged(result, spc.OUTSIDE_LIMITS) == after(*range(10))
    assert flagged(result, spc.SHIFT) == after(*range(10))


def test_a_baseline_longer_than_the_series_uses_every_point():
    assert analyse_series(GOLDEN, baseline=100).mean == analyse_series(GOLDEN).mean


def test_rebasing_gives_each_phase_its_own_mean_and_limits():
    result = analyse_series(BASE + [21, 19] * 5, rebase_at=[AFTER])
    assert [(p.start, p.stop, p.mean) for p in result.phases] == [(0, 10, 10), (10, 20, 20)]
    assert result.mean == 20
    assert result.lpl == pytest.approx(20 - 5.32)


def test_rebasing_at_a_real_change_removes_the_signals_it_caused():
    values = BASE + [21, 19] * 5
    assert any(analyse_series(values).special_cause)
    assert not any(analyse_series(values, rebase_at=[AFTER]).special_cause)


def test_a_baseline_applies_within_each_phase():
    values = BASE + [21, 19] * 4 + [40, 40]
    result = analyse_series(values, rebase_at=[AFTER], baseline=4)
    assert [(p.mean, p.baseline_points) for p in result.phases] == [(10, 4), (20, 4)]


def test_rules_do_not_run_across_a_rebase():
    # Four points above the first mean, then three above the second: seven in a row, but
    # each phase only has a run of four or three.
    values = [9, 11, 9, 11, 9, 11, 11, 11, 11, *[30, 31, 29, 20, 21, 19, 20, 21]]
    result = analyse_series(values, rebase_at=[9])
    sides = [v > result.phases[0 if i < 9 else 1].mean for i, v in enumerate(values)]
    assert sides[5:12] == [True] * 7
    assert flagged(result, spc.SHIFT) == []


def test_rebasing_at_the_first_point_changes_nothing():
    assert analyse_series(GOLDEN, rebase_at=[0]).phases == analyse_series(GOLDEN).phases


# --- Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("values", [[], [1.0]])
def test_it_refuses_fewer_than_two_points(values):
    with pytest.raises(SpcError, match="at least 2 points"):
        analyse_series(values)


def test_it_refuses_values_that_are_not_finite():
    with pytest.raises(SpcError, match="finite"):
        analyse_series([1, float("nan"), 2])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"baseline": 1}, "baseline"),
        ({"improvement": "sideways"}, "improvement"),
        ({"shift_length": 1}, "shift length"),
        ({"trend_length": 0}, "trend length"),
        ({"target": float("inf")}, "target"),
        ({"rebase_at": [18]}, "inside the series"),
        ({"rebase_at": [17]}, "fewer than 2 points"),
    ],
)
def test_it_refuses_settings_that_make_no_sense(options, message):
    with pytest.raises(SpcError, match=message):
        analyse_series(GOLDEN, **options)


# --- Result helpers ------------------------------------------------------------------------------


def test_points_give_one_verdict_object_per_value():
    points = analyse_series(GOLDEN, improvement=spc.UP).points()
    assert len(points) == len(GOLDEN)
    assert points[4] == spc.SpcPoint(4, 10.0, 0, True, (spc.OUTSIDE_LIMITS,), spc.IMPROVEMENT)


def test_the_json_shape_matches_the_cli_contract():
    data = analyse_series(GOLDEN).to_dict([f"p{i}" for i in range(len(GOLDEN))])
    assert {"mean", "lpl", "upl", "assurance", "points"} <= data.keys()
    assert data["points"][4] == {
        "period": "p4",
        "value": 10.0,
        "special_cause": True,
        "rules": ["outside_limits"],
        "variation": "neutral",
    }


# --- A verdict the latest points contradict (issue #13) -----------------------------------------

STEADY = [70, 72, 68, 71, 69, 73, 70, 67, 71, 72, 70, 69, 71, 68, 72, 70]


def test_a_rising_run_across_the_target_under_a_failing_verdict_is_reported():
    result = spc.analyse_series(
        [*STEADY, 80, 83, 86, 88, 90, 91, 91.7], improvement="up", target=85
    )
    assert result.assurance == spc.FAIL  # right for the limits as calculated
    change = spc.change_across_target(result)
    assert change is not None
    assert (change.variation, change.across) == (spc.IMPROVEMENT, 5)
    assert result.values[change.start] <= 80  # the run starts where the rise began


def test_a_run_that_has_not_reached_the_target_is_not_reported():
    result = spc.analyse_series([*STEADY, 76, 77, 78, 79, 80, 81, 82], improvement="up", target=95)
    assert result.assurance == spc.FAIL
    assert spc.change_across_target(result) is None


def test_a_falling_run_below_the_target_under_a_passing_verdict_is_reported():
    high = [v + 30 for v in STEADY]  # about 100, target 85: consistently meets
    result = spc.analyse_series([*high, 92, 89, 86, 84, 82, 80, 79], improvement="up", target=85)
    assert result.assurance == spc.PASS
    change = spc.change_across_target(result)
    assert change is not None and change.variation == spc.CONCERN and change.across >= 3


def test_nothing_is_reported_without_a_target_or_a_direction():
    values = [*STEADY, 80, 83, 86, 88, 90, 91, 91.7]
    assert spc.change_across_target(spc.analyse_series(values, improvement="up")) is None
    neutral = spc.analyse_series(values, improvement="neutral", target=85)
    assert spc.change_across_target(neutral) is None
