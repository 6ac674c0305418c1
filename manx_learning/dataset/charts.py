"""XmR (Making Data Count) charts drawn on the server as inline SVG.

No JavaScript and no inline `style` attributes (the CSP forbids them); colours are SVG
presentation attributes. Special-cause points differ by *shape* as well as colour (improvement a
square, concern a diamond, neutral a triangle, common cause a small circle), so the chart does not
depend on colour alone. The SVG is `role="img"` with a `<title>` and a `<desc>` that says in words
what the chart shows; the page always puts the data table beside it. Output is deterministic (no
random ids, fixed number formatting) so it can be cached and compared in tests.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from manx_learning.lib import spc

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 48

# GOV.UK colours (Frontend v5 palette).
INK = "#0b0c0c"
GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"
BLUE = "#1d70b8"
ORANGE = "#f47738"
PURPLE = "#4c2c92"
GREEN = "#00703c"
BAND = "#cce2d8"
TURQUOISE = "#28a197"

MARKERS = {
    spc.IMPROVEMENT: ("square", BLUE, "special cause – improvement"),
    spc.CONCERN: ("diamond", ORANGE, "special cause – concern"),
    spc.NEUTRAL: ("triangle", PURPLE, "special cause – neither better nor worse"),
    spc.COMMON_CAUSE: ("circle", GREY, "common cause"),
}

RULE_LABELS = {
    spc.OUTSIDE_LIMITS: "a point beyond the process limits",
    spc.TWO_OF_THREE: "two of three points close to a limit",
    spc.TREND: "a run of points rising or falling",
    spc.SHIFT: "a run of points on one side of the mean",
}


@dataclass
class ChartData:
    """What to draw. `result` None draws a plain line (too few points, or suppressed gaps)."""

    chart_id: str
    title: str
    periods: Sequence[str]
    labels: Sequence[str]
    values: Sequence[float | None]
    unit_label: str = ""
    result: spc.SpcResult | None = None
    target: float | None = None
    band: tuple[float, float] | None = None
    references: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    changes: Sequence[tuple[str, str]] = ()  # (period, description)
    # Indexes of values whose return is not yet accepted: drawn hollow, said in words.
    provisional: frozenset[int] = frozenset()


def fmt(value: float | None) -> str:
    """Numbers as people read them: whole numbers without decimals, others to one place."""
    if value is None:
        return "–"
    if not math.isfinite(value):
        return "too large to show"
    if abs(value) >= 1e15:
        return f"{value:.3g}"
    if math.isclose(value, round(value), abs_tol=1e-9):
        return f"{round(value):,}"
    return f"{value:,.1f}"


# Values beyond this are drawn at it: a chart must survive any value stored (1e308 was accepted
# once, and its arithmetic overflowed or divided by zero), though new values are checked.
_DRAWN_LIMIT = 1e15


def _drawable(value: float) -> float:
    if not math.isfinite(value):
        return _DRAWN_LIMIT if value > 0 else -_DRAWN_LIMIT
    return max(-_DRAWN_LIMIT, min(_DRAWN_LIMIT, value))


class _Scale:
    def __init__(self, count: int, low: float, high: float) -> None:
        low, high = _drawable(low), _drawable(high)
        if high - low <= max(abs(high), 1.0) * 1e-9:
            spread = max(1.0, abs(high) * 0.1)
            low, high = low - spread, high + spread
        pad = (high - low) * 0.08
        self.low, self.high = low - pad, high + pad
        self.count = count
        self.plot_w = WIDTH - LEFT - RIGHT
        self.plot_h = HEIGHT - TOP - BOTTOM

    def x(self, index: float) -> float:
        if self.count <= 1:
            return LEFT + self.plot_w / 2
        return LEFT + self.plot_w * index / (self.count - 1)

    def y(self, value: float) -> float:
        return TOP + self.plot_h * (self.high - _drawable(value)) / (self.high - self.low)


def _n(value: float) -> str:
    return f"{value:.1f}"


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    tick = first
    while tick <= high + 1e-9:
        ticks.append(round(tick, 10))
        tick += step
    return ticks


def _marker(shape: str, x: float, y: float, colour: str, text: str, hollow: bool = False) -> str:
    """A point's marker; a hollow one (white inside, its colour as a thick outline) is a
    provisional value, still recognisable by its shape."""
    tooltip = f"<title>{escape(text)}</title>"
    paint = f'fill="#ffffff" stroke="{colour}" stroke-width="2"' if hollow else f'fill="{colour}"'
    if shape == "square":
        return (
            f'<rect x="{_n(x - 5)}" y="{_n(y - 5)}" width="10" height="10" {paint}>{tooltip}</rect>'
        )
    if shape == "diamond":
        points = f"{_n(x)},{_n(y - 7)} {_n(x + 7)},{_n(y)} {_n(x)},{_n(y + 7)} {_n(x - 7)},{_n(y)}"
        return f'<polygon points="{points}" {paint}>{tooltip}</polygon>'
    if shape == "triangle":
        points = f"{_n(x)},{_n(y - 7)} {_n(x + 6)},{_n(y + 5)} {_n(x - 6)},{_n(y + 5)}"
        return f'<polygon points="{points}" {paint}>{tooltip}</polygon>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" {paint}>{tooltip}</circle>'


def _hline(scale: _Scale, start: int, stop: int, value: float, colour: str, dash: str = "") -> str:
    x1, x2 = scale.x(start), scale.x(max(start, stop - 1))
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    y = _n(scale.y(value))
    return (
        f'<line x1="{_n(x1)}" y1="{y}" x2="{_n(x2)}" y2="{y}" stroke="{colour}" '
        f'stroke-width="1.5"{dashed}/>'
    )


def _polyline(
    points: list[tuple[float, float]], colour: str, dash: str = "", width: float = 2
) -> str:
    if len(points) < 2:
        return ""
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
    return (
        f'<polyline points="{coords}" fill="none" stroke="{colour}" '
        f'stroke-width="{width}"{dashed}/>'
    )


def describe(data: ChartData) -> str:
    """The chart in one paragraph of words (the SVG's <desc>)."""
    shown = [(p, v) for p, v in zip(data.labels, data.values, strict=True) if v is not None]
    if not shown:
        return "There are no values to show yet."
    parts = [
        f"{len(shown)} values from {shown[0][0]} to {shown[-1][0]}; latest {fmt(shown[-1][1])}."
    ]
    result = data.result
    if result is not None:
        parts.append(
            f"Mean {fmt(result.mean)}, process limits {fmt(result.lpl)} to {fmt(result.upl)}."
        )
        special = [i for i, rules in enumerate(result.rules) if rules]
        if special:
            latest = special[-1]
            rules = ", ".join(RULE_LABELS[r] for r in result.rules[latest])
            parts.append(
                f"{len(special)} point{'s' if len(special) != 1 else ''} show special cause "
                f"variation; the latest, {data.labels[latest]}, is "
                f"{MARKERS[result.variation[latest]][2]} ({rules})."
            )
        else:
            parts.append("Every point shows common cause variation.")
    if data.band is not None:
        parts.append(f"Healthy band {fmt(data.band[0])} to {fmt(data.band[1])}.")
    elif data.target is not None:
        parts.append(f"Target {fmt(data.target)}.")
    for name in data.references:
        parts.append(f"Dotted turquoise line: {name}.")
    if data.provisional:
        count = len(data.provisional)
        parts.append(
            f"{count} value{'s are' if count != 1 else ' is'} provisional (drawn hollow): the "
            "agency's return is not yet accepted."
        )
    return " ".join(parts)


def _bounds(data: ChartData) -> tuple[float, float]:
    numbers = [v for v in data.values if v is not None]
    if data.result is not None:
        for phase in data.result.phases:
            numbers += [phase.lpl, phase.upl]
    if data.target is not None:
        numbers.append(data.target)
    if data.band is not None:
        numbers += list(data.band)
    for series in data.references.values():
        numbers += [series[p] for p in data.periods if p in series]
    if not numbers:
        return 0.0, 1.0
    return min(numbers), max(numbers)


def xmr_svg(data: ChartData) -> SafeString:
    """The chart as an SVG string, safe to put in a template."""
    low, high = _bounds(data)
    scale = _Scale(len(data.values), low, high)
    title_id, desc_id = f"{data.chart_id}-title", f"{data.chart_id}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" class="app-chart" '
        f'font-family="GDS Transport, arial, sans-serif" font-size="14">',
        f'<title id="{title_id}">{escape(data.title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(data))}</desc>',
    ]
    out += _axes(data, scale)
    if data.band is not None:
        top, bottom = scale.y(max(data.band)), scale.y(min(data.band))
        out.append(
            f'<rect x="{LEFT}" y="{_n(top)}" width="{scale.plot_w}" height="{_n(bottom - top)}" '
            f'fill="{BAND}" fill-opacity="0.6"/>'
        )
    if data.target is not None:
        out.append(_hline(scale, 0, len(data.values), data.target, GREEN, "8 3 2 3"))
    if data.result is not None:
        for phase in data.result.phases:
            out.append(_hline(scale, phase.start, phase.stop, phase.mean, INK))
            out.append(_hline(scale, phase.start, phase.stop, phase.lpl, GREY, "6 4"))
            out.append(_hline(scale, phase.start, phase.stop, phase.upl, GREY, "6 4"))
    for period, description in data.changes:
        if period in data.periods:
            x = _n(scale.x(list(data.periods).index(period) - 0.5))
            out.append(
                f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{HEIGHT - BOTTOM}" stroke="{PURPLE}" '
                f'stroke-dasharray="2 3"><title>{escape(description)}</title></line>'
            )
    for series in data.references.values():
        points = [
            (scale.x(i), scale.y(series[p])) for i, p in enumerate(data.periods) if p in series
        ]
        out.append(_polyline(points, TURQUOISE, "2 3", 2))
    out += _data_line(data, scale)
    out.append("</svg>")
    # Every text inside is escaped above.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703


def _data_line(data: ChartData, scale: _Scale) -> list[str]:
    out = []
    run: list[tuple[float, float]] = []
    for i, value in enumerate(data.values):
        if value is None:  # a gap (e.g. a suppressed value) breaks the line
            out.append(_polyline(run, GREY))
            run = []
            continue
        run.append((scale.x(i), scale.y(value)))
    out.append(_polyline(run, GREY))
    for i, value in enumerate(data.values):
        if value is None:
            continue
        variation = data.result.variation[i] if data.result is not None else spc.COMMON_CAUSE
        shape, colour, words = MARKERS[variation]
        hollow = i in data.provisional
        status = ", provisional: return not yet accepted" if hollow else ""
        text = f"{data.labels[i]}: {fmt(value)}{data.unit_label} ({words}{status})"
        out.append(_marker(shape, scale.x(i), scale.y(value), colour, text, hollow))
    return out


def _axes(data: ChartData, scale: _Scale) -> list[str]:
    out = []
    bottom = HEIGHT - BOTTOM
    for tick in _ticks(scale.low, scale.high):
        y = _n(scale.y(tick))
        out.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{LIGHT_GREY}" '
            f'stroke-width="0.5"/>'
            f'<text x="{LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" '
            f'fill="{INK}">{escape(fmt(tick))}</text>'
        )
    out.append(
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="{INK}"/>'
    )
    count = len(data.values)
    every = max(1, math.ceil(count / 9))
    for i in range(0, count, every):
        x = _n(scale.x(i))
        out.append(
            f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{bottom + 4}" stroke="{INK}"/>'
            f'<text x="{x}" y="{bottom + 18}" text-anchor="middle" fill="{INK}">'
            f"{escape(short_label_text(data, i))}</text>"
        )
    return out


def short_label_text(data: ChartData, index: int) -> str:
    label = data.labels[index]
    # "November 2023" -> "Nov 2023" keeps the axis readable on a phone.
    words = label.split()
    if len(words) == 2 and words[1].isdigit() and len(words[0]) > 3:
        return f"{words[0][:3]} {words[1][2:]}"
    return label
