"""Statistical process control (XmR charts) for the Performance Dataset.

This follows NHS England's "Making Data Count" (MDC) method as implemented by the
NHS-R community package NHSRplotthedots, so that our charts agree with the ones
partner agencies already publish.  See docs/spc.md for the rules, the settings,
the CLI contract and the golden figures the tests pin.

The module is deliberately framework-free (no Django, no numpy): it is used by
the web app, by the ``manx-learning spc`` management command and by batch jobs
that recompute thousands of indicators, so it must be importable anywhere and
fast in plain Python (see bench/bench_spc.py).
"""

from __future__ import annotations

import csv
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

# --- Constants -------------------------------------------------------------------------------

#: Process limits sit 2.66 average moving ranges from the mean (≈ 3 sigma for XmR charts).
LIMIT_FACTOR = 2.66
#: The "near limit" band bounds the outer third of the limits (≈ 2 sigma).
NEAR_LIMIT_FACTOR = 2 * LIMIT_FACTOR / 3
#: Moving ranges at or above 3.267 x AMR are treated as one-off jumps and screened out.
SCREENING_FACTOR = 3.267
DEFAULT_SHIFT_LENGTH = 7
DEFAULT_TREND_LENGTH = 7

# Rule names, in NHSRplotthedots' priority order (which rule decides a point's direction).
OUTSIDE_LIMITS = "outside_limits"
TREND = "trend"
TWO_OF_THREE = "two_of_three"
SHIFT = "shift"
RULES = (OUTSIDE_LIMITS, TREND, TWO_OF_THREE, SHIFT)

# Variation per point.
COMMON_CAUSE = "common_cause"
IMPROVEMENT = "improvement"
CONCERN = "concern"
NEUTRAL = "neutral"

# Improvement directions.
UP = "up"
DOWN = "down"
IMPROVEMENT_DIRECTIONS = (UP, DOWN, NEUTRAL)

# Assurance against a target.
PASS = "pass"  # noqa: S105 - an assurance verdict, not a password
FAIL = "fail"
INCONSISTENT = "inconsistent"

# Bit flags for the rules, so the hot loops work on small ints rather than sets of strings.
_OUT = 1
_TREND = 2
_TWO = 4
_SHIFT = 8
_RULES_BY_MASK: tuple[tuple[str, ...], ...] = tuple(
    tuple(name for bit, name in zip((_OUT, _TREND, _TWO, _SHIFT), RULES, strict=True) if m & bit)
    for m in range(16)
)
_DIRECTION_SIGN = {UP: 1, DOWN: -1, NEUTRAL: 0}


class SpcError(ValueError):
    """Bad series or settings. The message is written for the person who supplied them."""


# --- Settings and results ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpcSettings:
    """How to analyse one series. The defaults are the MDC / NHSRplotthedots defaults."""

    improvement: str = NEUTRAL
    target: float | None = None
    #: Fix the mean and limits on the first N points of each phase (None: use every point).
    baseline: int | None = None
    screen_outliers: bool = True
    #: 0-based indices where a new phase (a known process change) starts.
    rebase_at: tuple[int, ...] = ()
    shift_length: int = DEFAULT_SHIFT_LENGTH
    trend_length: int = DEFAULT_TREND_LENGTH

    def __post_init__(self) -> None:
        # Accept any iterable of indices but keep the settings hashable and immutable.
        object.__setattr__(self, "rebase_at", tuple(self.rebase_at))
        if self.improvement not in IMPROVEMENT_DIRECTIONS:
            raise SpcError(f"improvement must be one of {', '.join(IMPROVEMENT_DIRECTIONS)}")
        if self.target is not None and not math.isfinite(self.target):
            raise SpcError("target must be a finite number")
        # A single baseline point has no moving range, so no limits can be drawn.
        if self.baseline is not None and self.baseline < 2:
            raise SpcError("baseline must be at least 2 points")
        if self.shift_length < 2:
            raise SpcError("shift length must be at least 2 points")
        if self.trend_length < 2:
            raise SpcError("trend length must be at least 2 points")


DEFAULT_SETTINGS = SpcSettings()


@dataclass(frozen=True, slots=True)
class Phase:
    """One stretch of the series between process changes, with its own centre line and limits."""

    start: int  #: index of the first point (inclusive)
    stop: int  #: index after the last point (exclusive)
    mean: float
    amr: float  #: average moving range after any screening
    lpl: float
    upl: float
    near_lpl: float
    near_upl: float
    baseline_points: int  #: how many points the mean and limits were computed from
    screened_ranges: int  #: how many moving ranges screening dropped


@dataclass(frozen=True, slots=True)
class SpcPoint:
    """One point's verdict; built on demand from an :class:`SpcResult`."""

    index: int
    value: float
    phase: int
    special_cause: bool
    rules: tuple[str, ...]
    variation: str


@dataclass(frozen=True, slots=True)
class SpcResult:
    """The analysis of a series.

    Per-point results are kept as parallel tuples rather than a tuple of objects because
    building 600,000 small objects would cost more than the analysis itself (see the bench).
    """

    values: tuple[float, ...]
    phases: tuple[Phase, ...]
    rules: tuple[tuple[str, ...], ...]
    variation: tuple[str, ...]
    assurance: str | None
    settings: SpcSettings

    # The headline figures are the current (last) phase: that is the process being run now,
    # and it is what NHSRplotthedots measures assurance against.
    @property
    def mean(self) -> float:
        return self.phases[-1].mean

    @property
    def lpl(self) -> float:
        return self.phases[-1].lpl

    @property
    def upl(self) -> float:
        return self.phases[-1].upl

    @property
    def special_cause(self) -> tuple[bool, ...]:
        return tuple(bool(r) for r in self.rules)

    def points(self) -> list[SpcPoint]:
        """Per-point verdicts as objects (convenient for templates and tests)."""
        out: list[SpcPoint] = []
        for number, phase in enumerate(self.phases):
            for i in range(phase.start, phase.stop):
                rules = self.rules[i]
                out.append(
                    SpcPoint(i, self.values[i], number, bool(rules), rules, self.variation[i])
                )
        return out

    def to_dict(self, periods: Sequence[str] | None = None) -> dict[str, Any]:
        """The JSON shape of the CLI contract (see docs/spc.md)."""
        labels = periods if periods is not None else [str(i) for i in range(len(self.values))]
        return {
            "mean": self.mean,
            "lpl": self.lpl,
            "upl": self.upl,
            "assurance": self.assurance,
            "points": [
                {
                    "period": labels[i],
                    "value": value,
                    "special_cause": bool(self.rules[i]),
                    "rules": list(self.rules[i]),
                    "variation": self.variation[i],
                }
                for i, value in enumerate(self.values)
            ],
            "phases": [
                {
                    "start_period": labels[phase.start],
                    "mean": phase.mean,
                    "lpl": phase.lpl,
                    "upl": phase.upl,
                    "near_lpl": phase.near_lpl,
                    "near_upl": phase.near_upl,
                    "amr": phase.amr,
                    "baseline_points": phase.baseline_points,
                    "screened_ranges": phase.screened_ranges,
                }
                for phase in self.phases
            ],
        }


# --- Analysis ----------------------------------------------------------------------------------


def analyse_series(
    values: Sequence[float], settings: SpcSettings | None = None, **options: Any
) -> SpcResult:
    """Run the XmR chart and the four MDC rules over ``values`` (in time order).

    Pass an :class:`SpcSettings`, or override its fields by keyword, e.g.
    ``analyse_series(data, improvement="up", target=5)``.
    """
    settings = settings or DEFAULT_SETTINGS
    if options:
        settings = replace(settings, **options)
    ys = tuple(float(v) for v in values)
    if len(ys) < 2:
        raise SpcError("an SPC chart needs at least 2 points")
    if not all(math.isfinite(y) for y in ys):
        raise SpcError("every value must be a finite number")

    n = len(ys)
    masks = [0] * n
    signs = [0] * n  # +1 high / -1 low: the direction of the deciding rule
    phases = tuple(
        _phase_limits(ys, start, stop, settings.baseline, settings.screen_outliers)
        for start, stop in _phase_bounds(n, settings.rebase_at)
    )
    for phase in phases:
        _flag_phase(ys, phase, settings, masks, signs)

    improvement = _DIRECTION_SIGN[settings.improvement]
    return SpcResult(
        values=ys,
        phases=phases,
        rules=tuple(_RULES_BY_MASK[m] for m in masks),
        variation=tuple(_variation(m, s, improvement) for m, s in zip(masks, signs, strict=True)),
        assurance=assurance(phases[-1], settings.target, settings.improvement),
        settings=settings,
    )


def assurance(phase: Phase, target: float | None, improvement: str) -> str | None:
    """Will the process reliably meet ``target``? None without a target or a direction.

    A neutral indicator has no "good side", so there is nothing to pass or fail
    (NHSRplotthedots returns NA there too).
    """
    if target is None or improvement == NEUTRAL:
        return None
    if target > phase.upl:
        return FAIL if improvement == UP else PASS
    if target < phase.lpl:
        return PASS if improvement == UP else FAIL
    return INCONSISTENT


@dataclass(frozen=True, slots=True)
class ChangeAcrossTarget:
    """The latest points are a special-cause run on the other side of the target from what the
    assurance verdict says: the verdict is right for the limits as calculated, but the process
    has probably changed, and limits recalculated from the change may tell a different story."""

    start: int  # index of the run's first point: where to recalculate the limits from
    points: int  # how many points the run has
    across: int  # how many of them are on the other side of the target
    variation: str  # IMPROVEMENT (a failing process now meeting it) or CONCERN


def change_across_target(result: SpcResult) -> ChangeAcrossTarget | None:
    """A trailing run of special-cause points, all improvement (under a "consistently misses"
    verdict) or all concern (under "consistently meets"), whose latest point is across the
    target. None when the verdict and the recent points agree."""
    target, direction = result.settings.target, _DIRECTION_SIGN[result.settings.improvement]
    if target is None or direction == 0 or result.assurance not in (PASS, FAIL):
        return None
    wanted = IMPROVEMENT if result.assurance == FAIL else CONCERN
    start = len(result.values)
    while start > 0 and result.rules[start - 1] and result.variation[start - 1] == wanted:
        start -= 1
    run = result.values[start:]
    if not run:
        return None

    def meets(value: float) -> bool:
        return (value - target) * direction >= 0

    across = sum(meets(v) != (result.assurance == PASS) for v in run)
    if meets(run[-1]) == (result.assurance == PASS):
        return None  # the latest point still agrees with the verdict
    return ChangeAcrossTarget(start=start, points=len(run), across=across, variation=wanted)


def _phase_bounds(n: int, rebase_at: Iterable[int]) -> list[tuple[int, int]]:
    starts = sorted(set(rebase_at) - {0})
    if starts and (starts[0] < 0 or starts[-1] >= n):
        raise SpcError(f"rebase points must fall inside the series (0 to {n - 1})")
    edges = [0, *starts, n]
    bounds = list(itertools.pairwise(edges))
    for start, stop in bounds:
        if stop - start < 2:
            raise SpcError(f"the phase starting at point {start + 1} has fewer than 2 points")
    return bounds


def _phase_limits(
    ys: Sequence[float], start: int, stop: int, baseline: int | None, screen: bool
) -> Phase:
    base_stop = stop if baseline is None else min(stop, start + baseline)
    base = ys[start:base_stop]
    mean = sum(base) / len(base)
    ranges = [abs(b - a) for a, b in itertools.pairwise(base)]
    amr = sum(ranges) / len(ranges)
    screened = 0
    # With AMR = 0 every range would be ">= 3.267 x AMR" and screening would leave nothing.
    if screen and amr > 0:
        cutoff = SCREENING_FACTOR * amr
        kept = [r for r in ranges if r < cutoff]
        screened = len(ranges) - len(kept)
        amr = sum(kept) / len(kept)
    width = LIMIT_FACTOR * amr
    near = NEAR_LIMIT_FACTOR * amr
    return Phase(
        start=start,
        stop=stop,
        mean=mean,
        amr=amr,
        lpl=mean - width,
        upl=mean + width,
        near_lpl=mean - near,
        near_upl=mean + near,
        baseline_points=len(base),
        screened_ranges=screened,
    )


def _flag_phase(
    ys: Sequence[float], phase: Phase, settings: SpcSettings, masks: list[int], signs: list[int]
) -> None:
    """Set rule bits and deciding directions for one phase's points (rules never span phases)."""
    start, stop = phase.start, phase.stop
    mean, lpl, upl = phase.mean, phase.lpl, phase.upl
    near_lpl, near_upl = phase.near_lpl, phase.near_upl
    sides = []
    close = []
    for i in range(start, stop):
        y = ys[i]
        side = 1 if y > mean else (-1 if y < mean else 0)
        sides.append(side)
        if y > upl or y < lpl:
            masks[i] = _OUT
            signs[i] = side
            close.append(0)
        else:
            # Points beyond the process limits do not count towards "2 of 3" (NHSRplotthedots).
            close.append(1 if (y > near_upl or y < near_lpl) else 0)
    _flag_trends(ys, start, stop, settings.trend_length, masks, signs)
    _flag_two_of_three(sides, close, start, masks, signs)
    _flag_shifts(sides, start, settings.shift_length, masks, signs)


def _flag_trends(
    ys: Sequence[float], start: int, stop: int, length: int, masks: list[int], signs: list[int]
) -> None:
    # A run of k equal, non-zero steps spans k + 1 points. Equal neighbours (step 0) break it.
    run_start = start  # first point of the current run
    run_step = 0
    prev = ys[start]
    for i in range(start + 1, stop + 1):
        if i < stop:
            y = ys[i]
            step = 1 if y > prev else (-1 if y < prev else 0)
            prev = y
            if step == run_step:
                continue
        else:
            step = 0
        if run_step and i - run_start >= length:
            _mark_trend(run_start, i, run_step, masks, signs)
        # The turning point belongs to both runs, so the new run starts at the previous point.
        run_start = i - 1
        run_step = step


def _mark_trend(first: int, stop: int, step: int, masks: list[int], signs: list[int]) -> None:
    for j in range(first, stop):
        mask = masks[j]
        # A turning point in two trends takes the later one's direction, as NHSRplotthedots does;
        # a point beyond the limits keeps the limit's direction (that rule has priority).
        if not mask & _OUT:
            signs[j] = step
        masks[j] = mask | _TREND


def _flag_two_of_three(
    sides: list[int], close: list[int], start: int, masks: list[int], signs: list[int]
) -> None:
    # NHSRplotthedots: a window of 3 consecutive points qualifies when all 3 are on the same
    # side of the mean and at least 2 of them lie in the outer third (inside the limits);
    # only those outer-third points are flagged.
    for k in range(len(sides) - 2):
        side = sides[k]
        if (
            side
            and sides[k + 1] == side
            and sides[k + 2] == side
            and close[k] + close[k + 1] + close[k + 2] >= 2
        ):
            for j in range(k, k + 3):
                if close[j]:
                    i = start + j
                    if not masks[i] & _TREND:
                        signs[i] = side
                    masks[i] |= _TWO


def _flag_shifts(
    sides: list[int], start: int, length: int, masks: list[int], signs: list[int]
) -> None:
    # A point exactly on the mean (side 0) ends a run and never starts one.
    count = len(sides)
    run_start = 0
    for k in range(1, count + 1):
        if k < count and sides[k] == sides[run_start]:
            continue
        side = sides[run_start]
        if side and k - run_start >= length:
            for j in range(start + run_start, start + k):
                mask = masks[j]
                if not mask:
                    signs[j] = side
                masks[j] = mask | _SHIFT
        run_start = k


def _variation(mask: int, sign: int, improvement: int) -> str:
    if not mask:
        return COMMON_CAUSE
    if not improvement:
        return NEUTRAL
    return IMPROVEMENT if sign == improvement else CONCERN


# --- Reading a series --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Series:
    """A series read from a CSV file: period labels and values, in file order."""

    periods: tuple[str, ...]
    values: tuple[float, ...]


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def read_series_csv(path: str | Path) -> Series:
    """Read a ``period,value`` CSV (header names matched ignoring case and spaces).

    A UTF-8 BOM, CRLF line ends, extra columns and blank rows are fine. Problems raise
    :class:`SpcError` with the row number as a spreadsheet shows it (the header is row 1).
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return _parse_series(csv.reader(handle), path.name)
    except FileNotFoundError:
        raise SpcError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SpcError(f"{path}: is a directory, not a CSV file") from None
    except UnicodeDecodeError:
        raise SpcError(f"{path}: not a UTF-8 text file") from None
    except csv.Error as exc:
        raise SpcError(f"{path}: not a readable CSV file ({exc})") from None
    except OSError as exc:
        raise SpcError(f"{path}: cannot read the file ({exc.strerror or exc})") from None


def _parse_series(reader: Any, name: str) -> Series:
    header = next((row for row in reader if any(cell.strip() for cell in row)), None)
    if header is None:
        raise SpcError(f"{name}: the file is empty; expected columns period,value")
    columns = [cell.strip().lower() for cell in header]
    missing = [col for col in ("period", "value") if col not in columns]
    if missing:
        raise SpcError(f"{name}: missing column(s) {', '.join(missing)}; expected period,value")
    period_at, value_at = columns.index("period"), columns.index("value")
    periods: list[str] = []
    values: list[float] = []
    data_row = 0
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        data_row += 1
        where = f"{name} row {reader.line_num} (data row {data_row})"
        period = row[period_at].strip() if period_at < len(row) else ""
        raw = row[value_at].strip() if value_at < len(row) else ""
        if not period:
            raise SpcError(f"{where}: the period is missing")
        if not _NUMBER.fullmatch(raw):
            shown = f"value {raw!r} is not a number" if raw else "the value is missing"
            raise SpcError(f"{where}: {shown}")
        periods.append(period)
        values.append(float(raw))
    if len(values) < 2:
        raise SpcError(f"{name}: an SPC chart needs at least 2 points, found {len(values)}")
    return Series(tuple(periods), tuple(values))


def rebase_indices(periods: Sequence[str], rebase_periods: Iterable[str]) -> tuple[int, ...]:
    """Turn the periods where a new phase starts into indices, or explain which one is unknown."""
    position = {period: i for i, period in enumerate(periods)}
    indices = []
    for period in rebase_periods:
        label = period.strip()
        if label not in position:
            raise SpcError(f"rebase period {label!r} is not in the series")
        indices.append(position[label])
    return tuple(indices)
