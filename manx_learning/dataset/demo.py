"""The demo board's performance dataset: 18 fictional indicators for children and adults, three
years of monthly values (November 2023 to October 2026) from several agencies, England-average
benchmarks, process changes and commentary.

The values are seeded noise around realistic levels, plus two stories the emerging-trends page
should show: repeat MARAC referrals rising from month 28 (a shift) and assessments within 45
working days improving for the last 8 months (a trend). Every figure is made up."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from manx_learning.accounts.models import Agency, Role, User
from manx_learning.dataset.importing import AgencyRef, IndicatorRef, ValidRow
from manx_learning.dataset.models import (
    Frequency,
    Improvement,
    Indicator,
    Observation,
    ProcessChange,
    ReferenceValue,
    Return,
    ReturnStatus,
    SubmissionMethod,
    Unit,
)
from manx_learning.dataset.services import observations_store, return_accept
from manx_learning.dataset.trends import refresh_all_signals
from manx_learning.vocabulary.demo import demo_priorities_load

SEED = 20261031
FIRST = (2023, 11)
MONTHS = 36  # November 2023 to October 2026
EARLY_HELP, DOMESTIC_ABUSE, ADULTS = 0, 1, 2

Generator = Callable[[random.Random, int], float]


def month(index: int) -> tuple[str, date]:
    count = FIRST[0] * 12 + FIRST[1] - 1 + index
    year, number = divmod(count, 12)
    return f"{year:04d}-{number + 1:02d}", date(year, number + 1, 1)


def noisy(level: float, spread: float) -> Generator:
    return lambda rng, i: level + rng.gauss(0, spread)


def step(before: float, after: float, at: int, spread: float) -> Generator:
    """A sustained change from month `at` (0-based)."""
    return lambda rng, i: (after if i >= at else before) + rng.gauss(0, spread)


def improving(level: float, start: int, per_month: float, spread: float) -> Generator:
    """Flat, then rising by `per_month` each month from `start`; the noise is kept smaller than
    the rise so every month beats the one before (a trend the rules will see)."""

    def value(rng: random.Random, i: int) -> float:
        if i < start:
            return level + rng.gauss(0, spread)
        return level + per_month * (i - start + 1) + rng.uniform(-0.2, 0.2) * per_month

    return value


@dataclass
class Series:
    agency: str
    values: Generator
    denominator: Generator | None = None  # for percentages: numerator = value% of it


@dataclass
class DemoIndicator:
    code: str
    name: str
    definition: str
    numerator: str
    denominator: str
    unit: str
    improvement: str
    owner: str
    priority: int | None
    series: list[Series]
    target: float | None = None
    band: tuple[float, float] | None = None
    disaggregations: list[str] = field(default_factory=list)
    published: bool = False
    england: tuple[float, float, float] | None = None  # 2023-24, 2024-25, 2025-26 averages
    decimals: int = 1
    baseline: int | None = None  # fix the limits on the first N months


def _indicators() -> list[DemoIndicator]:
    cases = noisy  # readability below
    return [
        DemoIndicator(
            "CSC-01",
            "Referrals to children's social care",
            "Requests for a service for a child not already open to children's social care.",
            "Referrals received in the month",
            "",
            Unit.COUNT,
            Improvement.NEUTRAL,
            "MCCF",
            EARLY_HELP,
            [Series("MCCF", step(118, 96, 17, 9))],
            disaggregations=["age band", "gender", "referral source"],
            decimals=0,
        ),
        DemoIndicator(
            "CSC-02",
            "Re-referrals within 12 months",
            "Referrals for a child who was last referred less than 12 months earlier. A high rate "
            "can mean cases were closed too soon.",
            "Referrals in the month within 12 months of a previous referral",
            "Referrals in the month",
            Unit.PERCENT,
            Improvement.DOWN,
            "MCCF",
            EARLY_HELP,
            [Series("MCCF", noisy(21.5, 2.2), noisy(105, 8))],
            target=20,
            england=(22.4, 21.9, 21.6),
        ),
        DemoIndicator(
            "CSC-03",
            "Assessments completed within 45 working days",
            "Child and family assessments completed within 45 working days of the referral.",
            "Assessments completed in the month within 45 working days",
            "Assessments completed in the month",
            Unit.PERCENT,
            Improvement.UP,
            "MCCF",
            EARLY_HELP,
            [Series("MCCF", improving(71, 28, 2.5, 2.4), noisy(80, 6))],
            target=85,
            england=(82.5, 82.0, 83.1),
            # Limits fixed on the two years before the change, so the new months are judged
            # against how the service used to run.
            baseline=24,
        ),
        DemoIndicator(
            "CSC-04",
            "Initial child protection conferences within 15 working days",
            "Initial conferences held within 15 working days of the strategy discussion.",
            "Initial conferences in the month held within 15 working days",
            "Initial conferences in the month",
            Unit.PERCENT,
            Improvement.UP,
            "MCCF",
            EARLY_HELP,
            [Series("MCCF", noisy(84, 5), noisy(14, 3))],
            target=90,
            england=(78.6, 79.2, 80.0),
        ),
        DemoIndicator(
            "CSC-05",
            "Children subject to a child protection plan",
            "Children on a child protection plan at the end of the month, per 10,000 children.",
            "Children on a plan at month end",
            "Children aged 0 to 17 (per 10,000)",
            Unit.RATE,
            Improvement.NEUTRAL,
            "MCCF",
            EARLY_HELP,
            [Series("MCCF", noisy(41, 2.5))],
            disaggregations=["age band", "category of abuse"],
            published=True,
            england=(41.6, 40.5, 39.9),
        ),
        DemoIndicator(
            "CSC-06",
            "Second or subsequent child protection plan",
            "Children starting a plan who have had one before. 10% to 15% is healthy; very low "
            "can mean risk is not being recognised again.",
            "Plans started in the month for a child who had a plan before",
            "Plans started in the month",
            Unit.PERCENT,
            Improvement.NEUTRAL,
            "MCCF",
            EARLY_HELP,
            [Series("MCCF", noisy(14, 3.2), noisy(16, 3))],
            band=(10, 15),
            england=(23.3, 23.6, 23.0),
        ),
        DemoIndicator(
            "CSC-07",
            "Child protection plans lasting 2 years or more",
            "Plans ended in the month that had lasted two years or more.",
            "Plans ended in the month after 2 years or more",
            "Plans ended in the month",
            Unit.PERCENT,
            Improvement.DOWN,
            "MCCF",
            EARLY_HELP,
            [Series("MCCF", noisy(4.5, 1.6), noisy(18, 3))],
            target=4,
            england=(3.9, 4.1, 4.0),
        ),
        DemoIndicator(
            "EH-01",
            "Early help assessments started",
            "Early help assessments started by each agency in the month.",
            "Early help assessments started",
            "",
            Unit.COUNT,
            Improvement.UP,
            "MCCF",
            EARLY_HELP,
            [
                # More assessments since the neglect briefing and the schools' hub (April 2026).
                Series("MCCF", step(38, 46, 29, 5)),
                Series("DESC", step(24, 28, 29, 4)),
                Series("NOBLES", cases(11, 3)),
                Series("VOL", cases(4, 1.6)),
            ],
            published=True,
            decimals=0,
        ),
        DemoIndicator(
            "DA-01",
            "Domestic abuse incidents recorded by the police",
            "Domestic abuse incidents and crimes recorded by the Isle of Man Constabulary.",
            "Incidents recorded in the month",
            "",
            Unit.COUNT,
            Improvement.NEUTRAL,
            "IMC",
            DOMESTIC_ABUSE,
            [Series("IMC", cases(96, 9))],
            published=True,
            decimals=0,
        ),
        DemoIndicator(
            "DA-02",
            "MARAC cases discussed",
            "High-risk domestic abuse cases discussed at the Multi-Agency Risk Assessment "
            "Conference, by referring agency.",
            "Cases discussed in the month",
            "",
            Unit.COUNT,
            Improvement.NEUTRAL,
            "IMC",
            DOMESTIC_ABUSE,
            [
                Series("IMC", cases(15, 3)),
                Series("MCCF", cases(5, 1.8)),
                Series("NOBLES", cases(3, 1.4)),
                Series("VOL", cases(2, 1.2)),
            ],
            published=True,
            decimals=0,
        ),
        DemoIndicator(
            "DA-03",
            "Repeat MARAC referrals",
            "Cases referred to MARAC again within 12 months of the last referral.",
            "Repeat referrals in the month",
            "",
            Unit.COUNT,
            Improvement.DOWN,
            "IMC",
            DOMESTIC_ABUSE,
            [Series("IMC", step(6, 10.5, 27, 1.3))],
            decimals=0,
        ),
        DemoIndicator(
            "DA-04",
            "Operation Encompass notifications before the next school day",
            "Police notifications to a child's school about a domestic abuse incident, sent "
            "before the start of the next school day.",
            "Notifications sent before the next school day",
            "Notifications due",
            Unit.PERCENT,
            Improvement.UP,
            "IMC",
            DOMESTIC_ABUSE,
            [Series("IMC", noisy(93, 3), noisy(40, 6))],
            target=95,
        ),
        DemoIndicator(
            "AS-01",
            "Adult safeguarding concerns received",
            "Concerns that an adult with care and support needs is at risk of abuse or neglect.",
            "Concerns received in the month",
            "",
            Unit.COUNT,
            Improvement.NEUTRAL,
            "MCASC",
            ADULTS,
            [Series("MCASC", cases(148, 13))],
            disaggregations=["age band", "gender", "type of risk"],
            decimals=0,
        ),
        DemoIndicator(
            "AS-02",
            "Section 42-style enquiries started",
            "Statutory safeguarding enquiries started after a concern.",
            "Enquiries started",
            "",
            Unit.COUNT,
            Improvement.NEUTRAL,
            "MCASC",
            ADULTS,
            [Series("MCASC", step(38, 46, 26, 4.5))],
            decimals=0,
        ),
        DemoIndicator(
            "AS-03",
            "Concerns leading to an enquiry (conversion rate)",
            "The share of concerns that led to a safeguarding enquiry.",
            "Enquiries started from concerns received in the month",
            "Concerns received in the month",
            Unit.PERCENT,
            Improvement.NEUTRAL,
            "MCASC",
            ADULTS,
            [Series("MCASC", noisy(27, 3), noisy(148, 13))],
            england=(29.0, 28.4, 28.1),
        ),
        DemoIndicator(
            "AS-04",
            "Adults asked about the outcomes they want",
            "Making Safeguarding Personal: adults (or their representative) asked what outcomes "
            "they wanted from the enquiry.",
            "Concluded enquiries where the person was asked about desired outcomes",
            "Concluded enquiries",
            Unit.PERCENT,
            Improvement.UP,
            "MCASC",
            ADULTS,
            [Series("MCASC", noisy(81, 4), noisy(36, 4))],
            target=90,
            published=True,
            england=(81.0, 82.3, 83.0),
        ),
        DemoIndicator(
            "AS-05",
            "Desired outcomes fully or partly achieved",
            "Making Safeguarding Personal: of the people who said what they wanted, those whose "
            "outcomes were fully or partly achieved.",
            "Concluded enquiries with outcomes fully or partly achieved",
            "Concluded enquiries where outcomes were expressed",
            Unit.PERCENT,
            Improvement.UP,
            "MCASC",
            ADULTS,
            [Series("MCASC", noisy(91, 3), noisy(29, 4))],
            target=90,
            england=(94.0, 94.5, 94.7),
        ),
        DemoIndicator(
            "WF-01",
            "Staff up to date with safeguarding training",
            "Staff in safeguarding roles whose required safeguarding training is current.",
            "Staff with training current",
            "Staff in safeguarding roles",
            Unit.PERCENT,
            Improvement.UP,
            "SBBU",
            None,
            [
                Series("IMC", noisy(86, 2.5), noisy(240, 3)),
                Series("NOBLES", noisy(82, 3), noisy(610, 6)),
                Series("MCMH", noisy(88, 3), noisy(140, 3)),
                Series("MCCF", noisy(91, 2), noisy(180, 3)),
            ],
            target=90,
        ),
    ]


PROCESS_CHANGES = [
    (
        "CSC-01",
        "2025-04",
        "Multi-Agency Safeguarding Hub opened: police notifications are "
        "screened before they become referrals",
    ),
    (
        "AS-02",
        "2026-01",
        "Enquiry recording changed: Section 42-style and other enquiries are counted separately",
    ),
]

COMMENTARY = {
    ("DA-03", "IMC", "2026-09"): "Repeat referrals have stayed high since March. Front-line "
    "officers finished DASH refresher training in February and are identifying repeat victims "
    "earlier; the MARAC steering group is checking whether risk is really rising.",
    ("DA-03", "IMC", "2026-10"): "Eighth month above the mean. Case audit of 20 repeat cases "
    "booked for December.",
    ("CSC-03", "MCCF", "2026-10"): "Timeliness has improved every month since March, when two "
    "extra team managers joined the assessment service.",
    ("CSC-01", "MCCF", "2025-04"): "First month of the MASH: notifications that need no "
    "social care response are now passed to early help instead.",
    ("AS-04", "MCASC", "2026-10"): "Two enquiries closed without the person being asked; both "
    "were reviewed with the team.",
    ("EH-01", "VOL", "2026-10"): "Island Family Support now records early help assessments on "
    "the shared form.",
}


def _value(
    demo: DemoIndicator, rng: random.Random, series: Series, i: int
) -> tuple[str, date, float, float | None, float | None]:
    period, start = month(i)
    raw = max(0.0, series.values(rng, i))
    numerator = denominator = None
    if demo.unit == Unit.PERCENT and series.denominator is not None:
        denominator = float(max(5, round(series.denominator(rng, i))))
        numerator = float(min(denominator, round(denominator * min(raw, 100) / 100)))
        value = round(100 * numerator / denominator, 1)
    elif demo.unit == Unit.COUNT:
        value = float(round(raw))
    else:
        value = round(raw, demo.decimals)
    return period, start, value, numerator, denominator


def _indicator(demo: DemoIndicator, agencies: dict[str, Agency], priorities: list) -> Indicator:
    indicator, _ = Indicator.objects.update_or_create(
        code=demo.code,
        defaults={
            "name": demo.name,
            "definition": demo.definition,
            "numerator_definition": demo.numerator,
            "denominator_definition": demo.denominator,
            "unit": demo.unit,
            "frequency": Frequency.MONTHLY,
            "improvement": demo.improvement,
            "target": demo.target,
            "target_low": demo.band[0] if demo.band else None,
            "target_high": demo.band[1] if demo.band else None,
            "owner_agency": agencies[demo.owner],
            "priority": priorities[demo.priority] if demo.priority is not None else None,
            "disaggregations": demo.disaggregations,
            "baseline_points": demo.baseline,
            "is_published": demo.published,
            "is_active": True,
        },
    )
    indicator.reporting_agencies.set([agencies[s.agency] for s in demo.series])
    return indicator


def _observations(
    demo: DemoIndicator, indicator: Indicator, agencies: dict[str, Agency]
) -> list[ValidRow]:
    """The indicator's three years of values as checked rows, to be stored the way an agency's
    returns are (so each agency and month has its Return and version). Nothing when it already
    has values: the demo is idempotent and people may have added notes."""
    if Observation.objects.filter(indicator=indicator).exists():
        return []
    # One generator per indicator, so adding an indicator never changes another's values.
    rng = random.Random(f"{SEED}-{demo.code}")
    ref = IndicatorRef(indicator.pk, indicator.code, indicator.unit, indicator.frequency)
    rows = []
    for series in demo.series:
        agency = agencies[series.agency]
        by = AgencyRef(agency.pk, agency.agency_code, agency.name)
        for i in range(MONTHS):
            period, start, value, numerator, denominator = _value(demo, rng, series, i)
            note = COMMENTARY.get((demo.code, series.agency, period), "")
            rows.append(
                ValidRow(len(rows) + 2, ref, by, period, start, value, numerator, denominator, note)
            )
    return rows


def _accept_all_but_latest(latest: str) -> None:
    """The business unit has accepted every demo return except the latest month's, which are
    submitted and waiting: so open data stops at the last accepted month and the returns board
    has work to do."""
    # The demo's business-unit account when the accounts are loaded (the dataset alone may be).
    officer = (
        User.objects.filter(is_active=True, role_grants__role=Role.BUSINESS_UNIT)
        .order_by("pk")
        .first()
    )
    waiting = Return.objects.filter(status=ReturnStatus.SUBMITTED, period__lt=latest)
    for data_return in waiting.order_by("period_start", "agency_id"):
        return_accept(data_return=data_return, by=officer)


def _references(demo: DemoIndicator, indicator: Indicator) -> None:
    if demo.england is None:
        return
    for i in range(MONTHS):
        period, start = month(i)
        # Financial years: April to March, as the national collections are published.
        year_index = (start.year - 2023) - (1 if start.month < 4 else 0)
        value = demo.england[min(max(year_index, 0), 2)]
        ReferenceValue.objects.update_or_create(
            indicator=indicator,
            series="England average",
            period=period,
            defaults={
                "period_start": start,
                "value": value,
                "source": "Published national statistics (illustrative figure for the demo)",
            },
        )


@transaction.atomic
def demo_dataset_load() -> list[Indicator]:
    """Idempotent: indicators are keyed by code; values, benchmarks and process changes are added
    once. Signals are recomputed every time."""
    priorities = demo_priorities_load()
    agencies = {agency.agency_code: agency for agency in Agency.objects.all()}
    indicators, rows = [], []
    for demo in _indicators():
        indicator = _indicator(demo, agencies, priorities)
        rows += _observations(demo, indicator, agencies)
        _references(demo, indicator)
        indicators.append(indicator)
    if rows:
        # Through the same service as an agency's upload, so returns and versions follow.
        observations_store(
            rows=rows, method=SubmissionMethod.COMMAND, actor_label="demo", refresh=False
        )
        _accept_all_but_latest(month(MONTHS - 1)[0])
    by_code = {indicator.code: indicator for indicator in indicators}
    for code, period, description in PROCESS_CHANGES:
        ProcessChange.objects.get_or_create(
            indicator=by_code[code], period=period, agency=None, description=description
        )
    refresh_all_signals()
    return indicators
