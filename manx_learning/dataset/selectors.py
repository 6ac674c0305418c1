"""Reads for the analysis pages: the catalogue with its filters, a series ready to chart with its
table, the emerging-trends list and the dashboards.

Dataset figures are aggregate counts and rates, not personal data, so everyone with VIEW_DATASET
sees every agency's series and its commentary; the views check the capability."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from manx_learning.accounts.models import Agency
from manx_learning.dataset import charts, opendata
from manx_learning.dataset.models import Frequency, Indicator, Observation, Signal, Unit
from manx_learning.dataset.periods import PeriodError, period_label
from manx_learning.dataset.trends import SeriesAnalysis, recent_cutoff, series_analysis
from manx_learning.lib import spc
from manx_learning.vocabulary import selectors as vocabulary_selectors
from manx_learning.vocabulary.models import BoardPriority

UNIT_SUFFIX: dict[str, str] = {
    Unit.PERCENT: "%",
    Unit.RATE: " per 10,000",
    Unit.DAYS: " days",
    Unit.COUNT: "",
}

VARIATION_TEXT = {
    spc.IMPROVEMENT: ("Special cause – improvement", "blue"),
    spc.CONCERN: ("Special cause – concern", "orange"),
    spc.NEUTRAL: ("Special cause – neither better nor worse", "purple"),
    spc.COMMON_CAUSE: ("Common cause – no significant change", "grey"),
}
# The dashboards' data tables, one word per point (see TableRow.variation_label).
VARIATION_WORDS = {spc.IMPROVEMENT: "Improvement", spc.CONCERN: "Concern"}
ASSURANCE_TEXT = {
    spc.PASS: ("Consistently meets the target", "green"),
    spc.FAIL: ("Consistently misses the target", "red"),
    spc.INCONSISTENT: ("Hit and miss: sometimes meets the target", "yellow"),
}


def recent_periods() -> int:
    return int(getattr(settings, "DATASET_RECENT_PERIODS", 6))


# --- The catalogue -----------------------------------------------------------------------------


def indicator_list(
    *,
    q: str = "",
    priority: BoardPriority | None = None,
    agency: Agency | None = None,
    frequency: str = "",
    include_inactive: bool = True,
) -> QuerySet[Indicator]:
    indicators = Indicator.objects.select_related("owner_agency", "priority")
    if not include_inactive:
        indicators = indicators.filter(is_active=True)
    for word in q.split():
        indicators = indicators.filter(
            Q(code__icontains=word) | Q(name__icontains=word) | Q(definition__icontains=word)
        )
    if priority is not None:
        indicators = indicators.filter(priority=priority)
    if agency is not None:
        indicators = indicators.filter(
            Q(owner_agency=agency) | Q(reporting_agencies=agency) | Q(observations__agency=agency)
        ).distinct()
    if frequency:
        indicators = indicators.filter(frequency=frequency)
    return indicators.order_by("code")


def reporting_agencies(indicator: Indicator) -> list[Agency]:
    """Agencies with values for this indicator, by name."""
    ids = (
        Observation.objects.filter(indicator=indicator)
        .values_list("agency_id", flat=True)
        .distinct()
    )
    return list(Agency.objects.filter(pk__in=list(ids)).order_by("name"))


# --- One series, ready for a page --------------------------------------------------------------


@dataclass
class TableRow:
    period: str
    label: str
    value: float
    variation: str
    rules: tuple[str, ...]
    references: list[float | None]
    notes: list[str]
    # The agency's return for the period (for a total, any agency's) is not yet accepted.
    provisional: bool = False

    @property
    def variation_label(self) -> str:
        """The data table's word for the point: common cause unless a rule fired."""
        if not self.rules:
            return "Common cause"
        return VARIATION_WORDS.get(self.variation, "Special cause")


@dataclass
class SeriesView:
    """A chart, its table and its verdicts, for one indicator and one agency (None: all)."""

    indicator: Indicator
    agency: Agency | None
    analysis: SeriesAnalysis
    svg: str
    rows: list[TableRow]
    reference_names: list[str]
    latest_variation: str | None
    assurance: str | None
    unit_suffix: str
    chart_url: str
    notes: list[tuple[str, str]] = field(default_factory=list)
    change: spc.ChangeAcrossTarget | None = None

    @property
    def change_text(self) -> str:
        """Beside an assurance verdict the latest points contradict, what they show and what to
        do: the verdict is right for the limits as calculated, the process has likely changed."""
        if self.change is None:
            return ""
        c = self.change
        kind = "improvement" if c.variation == spc.IMPROVEMENT else "concern"
        side = "meet" if c.variation == spc.IMPROVEMENT else "miss"
        since = self.rows[c.start].label if c.start < len(self.rows) else ""
        return (
            f"The last {c.points} points are special-cause {kind}, and {c.across} of them "
            f"{side} the target: the process has probably changed since {since}. The verdict is "
            "for the limits as calculated from the earlier points; record a process change at "
            f"{since} to recalculate the limits from it and see whether it now {side}s the "
            "target reliably."
        )

    @property
    def name(self) -> str:
        return self.agency.name if self.agency else "All agencies"

    @property
    def provisional_count(self) -> int:
        return sum(row.provisional for row in self.rows)

    def commentable_by(self, agencies: set[int] | None) -> bool:
        """Whether the table offers commentary links: agency series only (the total's values
        belong to no one agency), for people who may comment on that agency's values."""
        if self.agency is None:
            return False
        return agencies is None or self.agency.pk in agencies

    @property
    def anchor(self) -> str:
        return series_anchor(self.indicator, self.agency)

    @property
    def latest(self) -> TableRow | None:
        return self.rows[-1] if self.rows else None

    @property
    def variation_text(self) -> tuple[str, str] | None:
        return VARIATION_TEXT.get(self.latest_variation or "")

    @property
    def assurance_text(self) -> tuple[str, str] | None:
        return ASSURANCE_TEXT.get(self.assurance or "")


def series_anchor(indicator: Indicator, agency: Agency | None) -> str:
    return f"series-{indicator.code}-{agency.agency_code if agency else 'all'}".lower()


def chart_url(indicator: Indicator, agency: Agency | None) -> str:
    url = reverse("dataset:indicator", args=[indicator.code])
    return f"{url}#{series_anchor(indicator, agency)}"


def provisional_periods(indicator: Indicator, agency: Agency | None) -> set[str]:
    """Periods of this series holding a value whose return the business unit has not accepted
    (for the all-agencies total, any agency's): charts and tables mark them provisional."""
    values = Observation.objects.filter(indicator=indicator, breakdown="")
    if agency is not None:
        values = values.filter(agency=agency)
    return set(
        values.exclude(opendata.return_accepted())
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )


def series_view(indicator: Indicator, agency: Agency | None) -> SeriesView:
    analysis = series_analysis(indicator, agency)
    result = analysis.result
    labels = [_label(p) for p in analysis.periods]
    provisional = provisional_periods(indicator, agency)
    reference_names = sorted(analysis.references)
    rows = [
        TableRow(
            period=period,
            label=labels[i],
            value=value,
            variation=result.variation[i] if result else spc.COMMON_CAUSE,
            rules=result.rules[i] if result else (),
            references=[analysis.references[name].get(period) for name in reference_names],
            notes=analysis.notes.get(period, []),
            provisional=period in provisional,
        )
        for i, (period, value) in enumerate(zip(analysis.periods, analysis.values, strict=True))
    ]
    suffix = UNIT_SUFFIX.get(indicator.unit, "")
    band = (
        (indicator.target_low, indicator.target_high)
        if indicator.target_low is not None and indicator.target_high is not None
        else None
    )
    slug = agency.agency_code.lower() if agency else "all"
    data = charts.ChartData(
        chart_id=f"chart-{indicator.code.lower()}-{slug}",
        title=f"{indicator.name} – {agency.name if agency else 'all agencies'}",
        periods=analysis.periods,
        labels=labels,
        values=analysis.values,
        unit_label=suffix,
        result=result,
        target=indicator.target,
        band=band,
        references=analysis.references,
        changes=[(c.period, c.description) for c in analysis.process_changes],
        provisional=frozenset(i for i, p in enumerate(analysis.periods) if p in provisional),
    )
    return SeriesView(
        indicator=indicator,
        agency=agency,
        analysis=analysis,
        svg=charts.xmr_svg(data),
        rows=rows,
        reference_names=reference_names,
        latest_variation=rows[-1].variation if rows and result else None,
        assurance=result.assurance if result else None,
        change=spc.change_across_target(result) if result else None,
        unit_suffix=suffix,
        chart_url=chart_url(indicator, agency),
        notes=[(row.label, note) for row in reversed(rows) for note in row.notes][:6],
    )


def _label(period: str) -> str:
    try:
        return period_label(period)
    except PeriodError:
        return period


def indicator_series_views(indicator: Indicator) -> list[SeriesView]:
    """The total first (when two or more agencies report), then each agency."""
    agencies = reporting_agencies(indicator)
    views = [series_view(indicator, None)] if len(agencies) >= 2 else []
    return views + [series_view(indicator, agency) for agency in agencies]


def headline_view(indicator: Indicator) -> SeriesView | None:
    """The one series a dashboard shows: the total, or the only agency's series."""
    agencies = reporting_agencies(indicator)
    if not agencies:
        return None
    return series_view(indicator, None if len(agencies) >= 2 else agencies[0])


def priority_views(priority: BoardPriority) -> tuple[list[SeriesView], list[Indicator]]:
    """A Board priority's dashboard: the headline series of each active indicator, and the
    indicators with no data yet. The scrutiny report reads the same, so the two agree."""
    indicators = indicator_list(priority=priority, include_inactive=False)
    views = [view for view in map(headline_view, indicators) if view is not None]
    shown = {view.indicator.pk for view in views}
    return views, [i for i in indicators if i.pk not in shown]


def special_cause_views(views: list[SeriesView]) -> list[SeriesView]:
    """The series whose latest point is special cause (improvement, concern or neither)."""
    return [v for v in views if v.latest_variation not in (None, spc.COMMON_CAUSE)]


# --- Emerging trends ---------------------------------------------------------------------------


@dataclass
class EmergingSignal:
    signal: Signal
    indicator: Indicator
    agency: Agency | None
    label: str
    variation_text: tuple[str, str]
    rules_text: list[str]
    chart_url: str
    unit_suffix: str
    group: str
    in_register: bool = False  # already in the QA evidence register


def _group_title(signal: Signal) -> str:
    priority = signal.indicator.priority
    return priority.title if priority else "Not linked to a Board priority"


def emerging_signal_ids(*, today: date, periods: int | None = None) -> list[int]:
    """The latest special-cause signal of every series whose latest signal is recent (within
    `periods` periods of today for the indicator's frequency), ordered by Board priority (those
    without one last), then newest and most severe first.

    Reads only the Signal table (indexed on period_start) as plain tuples, and the small
    indicator, priority and agency tables as dictionaries, so it stays fast however many
    observations there are; objects are built only for the page shown (`emerging_items`)."""
    periods = recent_periods() if periods is None else periods
    cutoffs = {f: recent_cutoff(f, today, periods) for f in Frequency.values}
    indicators = {
        pk: (frequency, priority_id, code)
        for pk, frequency, priority_id, code in Indicator.objects.filter(is_active=True)
        .order_by()
        .values_list("pk", "frequency", "priority_id", "code")
    }
    # Each frequency has its own window; within it the database picks each series' latest
    # signal (a window function), so only one row per series reaches Python.
    recent = Q()
    for frequency, cutoff in cutoffs.items():
        recent |= Q(indicator__frequency=frequency, period_start__gte=cutoff)
    rows = (
        Signal.objects.filter(recent, indicator__is_active=True)
        .annotate(
            newest=Window(
                RowNumber(),
                partition_by=[F("indicator_id"), F("agency_id")],
                order_by=F("period_start").desc(),
            )
        )
        .filter(newest=1)
        .order_by()
        .values_list("pk", "indicator_id", "agency_id", "period_start", "severity")
    )
    latest = [row for row in rows if row[1] in indicators]
    titles = dict(BoardPriority.objects.order_by().values_list("pk", "title"))
    names = dict(Agency.objects.order_by().values_list("pk", "name"))

    def order(row: tuple[Any, ...]) -> tuple[Any, ...]:
        _, indicator_id, agency_id, start, severity = row
        priority_id, code = indicators[indicator_id][1:]
        return (
            priority_id is None,
            titles.get(priority_id, ""),
            -start.toordinal(),
            -severity,
            code,
            names.get(agency_id, ""),
        )

    return [row[0] for row in sorted(latest, key=order)]


def emerging_signals(*, today: date, periods: int | None = None) -> list[Signal]:
    """As `emerging_signal_ids`, as Signal objects (for small sets and tests)."""
    return signals_in_order(emerging_signal_ids(today=today, periods=periods))


def signals_in_order(ids: list[int]) -> list[Signal]:
    found = Signal.objects.select_related("indicator", "indicator__priority", "agency").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def emerging_items(signals: list[Signal]) -> list[EmergingSignal]:
    """Decorate one page of signals for display."""
    return [_emerging(signal) for signal in signals]


def _emerging(signal: Signal) -> EmergingSignal:
    indicator = signal.indicator
    return EmergingSignal(
        signal=signal,
        indicator=indicator,
        agency=signal.agency,
        label=_label(signal.period),
        variation_text=VARIATION_TEXT.get(signal.variation, VARIATION_TEXT[spc.NEUTRAL]),
        rules_text=[charts.RULE_LABELS.get(rule, rule) for rule in signal.rules],
        chart_url=chart_url(indicator, signal.agency),
        unit_suffix=UNIT_SUFFIX.get(indicator.unit, ""),
        group=_group_title(signal),
    )


# --- Dashboards --------------------------------------------------------------------------------


def dashboard_priorities() -> list[tuple[BoardPriority, int]]:
    priorities = vocabulary_selectors.current_priorities().order_by("title")
    counts: dict[Any, int] = defaultdict(int)
    for priority_id in Indicator.objects.filter(is_active=True).values_list(
        "priority_id", flat=True
    ):
        counts[priority_id] += 1
    return [(p, counts[p.pk]) for p in priorities]


def dashboard_agencies() -> list[tuple[Agency, int]]:
    """Agencies that own or report at least one indicator."""
    counts: dict[int, set[int]] = defaultdict(set)
    for indicator_id, agency_id in Observation.objects.values_list(
        "indicator_id", "agency_id"
    ).distinct():
        counts[agency_id].add(indicator_id)
    for indicator_id, agency_id in Indicator.objects.exclude(owner_agency=None).values_list(
        "pk", "owner_agency_id"
    ):
        counts[agency_id].add(indicator_id)
    agencies = Agency.objects.filter(pk__in=list(counts)).order_by("name")
    return [(agency, len(counts[agency.pk])) for agency in agencies]
