"""Property tests: an SPC verdict must not depend on the units or the origin of the data.

Values are integers and scale factors are integer multiples of powers of two, so sums and
means move exactly and "exactly on the mean" survives the transformation. The limits involve
2.66 x AMR, which floating point cannot move exactly, so examples with a point within
rounding distance of a limit are set aside with ``assume`` (the rule there is a coin toss
in any implementation).
"""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from manx_learning.lib import spc
from manx_learning.lib.spc import analyse_series


@st.composite
def series(draw):
    """Noisy integers with an optional step and an optional steady climb, so rules fire."""
    n = draw(st.integers(min_value=2, max_value=60))
    values = draw(st.lists(st.integers(-20, 20), min_size=n, max_size=n))
    if draw(st.booleans()):
        at, step = draw(st.integers(0, n - 1)), draw(st.integers(-60, 60))
        values = values[:at] + [v + step for v in values[at:]]
    if draw(st.booleans()):
        at, slope = draw(st.integers(0, n - 1)), draw(st.integers(-9, 9))
        values = values[:at] + [v + slope * k for k, v in enumerate(values[at:])]
    return values


settings_options = st.fixed_dictionaries(
    {
        "improvement": st.sampled_from(spc.IMPROVEMENT_DIRECTIONS),
        "screen_outliers": st.booleans(),
        "baseline": st.none() | st.integers(2, 30),
    }
)


def clear_of_limits(values, result):
    """True when no value sits within rounding distance of a process or near limit."""
    for phase in result.phases:
        edges = (phase.lpl, phase.upl, phase.near_lpl, phase.near_upl)
        for y in values[phase.start : phase.stop]:
            for edge in edges:
                if abs(y - edge) <= 1e-9 * (1 + abs(y) + abs(edge)):
                    return False
    return True


def verdicts(result):
    return result.rules, result.variation, result.assurance


@given(series(), settings_options, st.integers(-(10**6), 10**6))
def test_shifting_every_value_shifts_the_chart_and_keeps_the_signals(values, options, c):
    before = analyse_series(values, **options)
    after = analyse_series([v + c for v in values], **options)
    assume(clear_of_limits(values, before))
    for old, new in zip(before.phases, after.phases, strict=True):
        assert new.mean == pytest.approx(old.mean + c, abs=1e-6)
        assert new.lpl == pytest.approx(old.lpl + c, abs=1e-6)
        assert new.upl == pytest.approx(old.upl + c, abs=1e-6)
    assert after.rules == before.rules
    assert after.variation == before.variation


@given(series(), settings_options, st.integers(1, 1000), st.integers(-10, 10))
def test_scaling_every_value_scales_the_chart_and_keeps_the_signals(values, options, m, e):
    k = m * 2.0**e
    before = analyse_series(values, **options)
    after = analyse_series([v * k for v in values], **options)
    assume(clear_of_limits(values, before))
    for old, new in zip(before.phases, after.phases, strict=True):
        assert new.mean == pytest.approx(old.mean * k, rel=1e-9, abs=1e-12)
        assert new.lpl == pytest.approx(old.lpl * k, rel=1e-9, abs=1e-9)
        assert new.upl == pytest.approx(old.upl * k, rel=1e-9, abs=1e-9)
    assert after.rules == before.rules
    assert after.variation == before.variation


SWAPPED = {spc.IMPROVEMENT: spc.CONCERN, spc.CONCERN: spc.IMPROVEMENT}
SWAPPED_ASSURANCE = {spc.PASS: spc.FAIL, spc.FAIL: spc.PASS}


@given(series(), st.none() | st.integers(-100, 100), st.booleans())
def test_reversing_the_improvement_direction_swaps_improvement_and_concern(values, target, screen):
    up = analyse_series(values, improvement=spc.UP, target=target, screen_outliers=screen)
    down = analyse_series(values, improvement=spc.DOWN, target=target, screen_outliers=screen)
    assert down.rules == up.rules
    assert down.variation == tuple(SWAPPED.get(v, v) for v in up.variation)
    assert down.assurance == SWAPPED_ASSURANCE.get(up.assurance, up.assurance)


@given(series(), st.sampled_from([spc.UP, spc.DOWN]), st.none() | st.integers(-100, 100))
def test_mirroring_the_values_and_the_direction_changes_no_verdict(values, direction, target):
    # Negation is exact in floating point, so this holds without any tolerance.
    mirrored_direction = spc.DOWN if direction == spc.UP else spc.UP
    mirrored_target = None if target is None else -target
    original = analyse_series(values, improvement=direction, target=target)
    mirrored = analyse_series(
        [-v for v in values], improvement=mirrored_direction, target=mirrored_target
    )
    assert verdicts(mirrored) == verdicts(original)


@given(series(), settings_options)
def test_every_point_gets_a_verdict_consistent_with_its_rules(values, options):
    result = analyse_series(values, **options)
    assert len(result.rules) == len(result.variation) == len(values)
    for rules, variation in zip(result.rules, result.variation, strict=True):
        assert set(rules) <= set(spc.RULES)
        assert (variation == spc.COMMON_CAUSE) == (not rules)
        if rules and options["improvement"] == spc.NEUTRAL:
            assert variation == spc.NEUTRAL


@given(series())
def test_the_limits_are_symmetric_about_the_mean(values):
    result = analyse_series(values)
    assert result.lpl <= result.mean <= result.upl
    assert result.upl - result.mean == pytest.approx(result.mean - result.lpl, abs=1e-9)
