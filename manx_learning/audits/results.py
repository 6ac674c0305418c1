"""Reading a programme's grades: distributions per section, per agency, original against
moderated; the "% good or better" measurement; the baseline-against-retest comparison; and the
programme's dates for the QA calendar. `AssuranceConfig.ready` registers the two providers."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse

from manx_learning.accounts.models import Role, User
from manx_learning.audits.models import (
    AuditProgramme,
    Grade,
    ProgrammeStatus,
    SectionGrade,
)
from manx_learning.lib.qa_calendar import CalendarItem
from manx_learning.lib.verdicts import Comparison, Measurement, compare


@dataclass
class Bar:
    """One grade's share of a row, for the table and the bar chart."""

    grade: Grade
    count: int
    percent: float
    offset: float = 0.0  # where the bar starts, in percent, for the stacked chart

    @property
    def colour(self) -> str:
        """GOV.UK palette: greens for good or better, red for inadequate, amber in between."""
        if self.grade.is_good_or_better:
            return "#005a30" if self.grade.rank == 1 else "#00703c"
        return "#d4351c" if self.grade.is_inadequate else "#f47738"


@dataclass
class Row:
    label: str
    n: int
    bars: list[Bar] = field(default_factory=list)
    good_or_better: float | None = None


def _row(label: str, grades: list[Grade], scale: list[Grade]) -> Row:
    counts = Counter(g.pk for g in grades)
    n = len(grades)
    row, offset = Row(label=label, n=n), 0.0
    for grade in scale:
        percent = 100 * counts[grade.pk] / n if n else 0.0
        row.bars.append(Bar(grade, counts[grade.pk], percent, offset))
        offset += percent
    good = sum(counts[g.pk] for g in scale if g.is_good_or_better)
    row.good_or_better = 100 * good / n if n else None
    return row


@dataclass
class Results:
    scale: list[Grade]
    sections_original: list[Row]
    sections_moderated: list[Row]
    agencies: list[Row]
    overall_original: Row
    overall_moderated: Row
    changed_at_moderation: int
    cases: int


def _grades(programme: AuditProgramme) -> list[SectionGrade]:
    return list(
        SectionGrade.objects.filter(case_audit__programme=programme).select_related(
            "grade", "moderated_grade", "section", "case_audit__agency"
        )
    )


def programme_results(programme: AuditProgramme) -> Results:
    """Every table on the results page, from one query over the programme's grades."""
    scale = list(programme.tool.scale.grades.all())
    grades = _grades(programme)
    sections = list(programme.tool.sections.all())
    by_section = {s.pk: [g for g in grades if g.section_id == s.pk] for s in sections}
    agencies = sorted({g.case_audit.agency for g in grades}, key=lambda a: a.name)
    return Results(
        scale=scale,
        sections_original=[
            _row(s.title, [g.grade for g in by_section[s.pk]], scale) for s in sections
        ],
        sections_moderated=[
            _row(s.title, [g.final_grade for g in by_section[s.pk]], scale) for s in sections
        ],
        agencies=[
            _row(a.name, [g.final_grade for g in grades if g.case_audit.agency == a], scale)
            for a in agencies
        ],
        overall_original=_row("All sections", [g.grade for g in grades], scale),
        overall_moderated=_row("All sections", [g.final_grade for g in grades], scale),
        changed_at_moderation=sum(1 for g in grades if g.was_changed_at_moderation),
        cases=programme.case_audits.count(),
    )


# Baseline against retest ----------------------------------------------------------------------

SCORE_LABEL = "% of section grades good or better"


def programme_measurement(programme: AuditProgramme) -> Measurement:
    """The programme's headline: the share of its moderated section grades that are good or
    better, with the count per grade in scale order."""
    scale = list(programme.tool.scale.grades.all())
    finals = [g.final_grade for g in _grades(programme)]
    row = _row(programme.title, finals, scale)
    cases = programme.case_audits.count()
    when = programme.moderation.held_on if hasattr(programme, "moderation") else None
    return Measurement(
        label=f"{programme.title}{f', {when:%B %Y}' if when else ''}",
        score=row.good_or_better,
        score_label=SCORE_LABEL,
        n=row.n,
        distribution={bar.grade.label: bar.count for bar in row.bars},
        detail=[f"{cases} cases audited, {row.n} section grades"],
        url=reverse("audits:programme", kwargs={"code": programme.code}),
    )


def latest_retest(programme: AuditProgramme) -> AuditProgramme | None:
    return (
        programme.retests.filter(status=ProgrammeStatus.COMPLETED)
        .order_by("-completed_on", "-created_at")
        .first()
    )


def programme_comparison(
    programme: AuditProgramme, baseline_on: date | None = None, retest_on: date | None = None
) -> Comparison:
    """The `measures` provider: this programme as the baseline against its latest completed
    retest (the dates are not needed: a programme knows its own retest)."""
    baseline = programme_measurement(programme)
    retest_programme = latest_retest(programme)
    retest = programme_measurement(retest_programme) if retest_programme else None
    verdict, explanation = compare(baseline, retest)
    return Comparison(
        title=programme.title,
        kind="audit",
        baseline=baseline,
        retest=retest,
        verdict=verdict,
        explanation=explanation,
    )


def sides(comparison: Comparison | None) -> list[dict[str, object]]:
    """The two columns of the side-by-side view."""
    if comparison is None:
        return []
    return [
        {"title": "Baseline", "measurement": comparison.baseline},
        {"title": "Retest", "measurement": comparison.retest},
    ]


# The QA calendar ------------------------------------------------------------------------------


def _leads(programme: AuditProgramme) -> tuple[User, ...]:
    return tuple(
        User.objects.filter(
            is_active=True,
            agency__in=programme.agencies.all(),
            role_grants__role=Role.AGENCY_LEAD,
        ).distinct()
    )


def calendar_items(start: date, end: date) -> Iterator[CalendarItem]:
    """Audit windows closing, moderation meetings and retests due between `start` and `end`."""
    window = (start, end)
    programmes = AuditProgramme.objects.filter(
        Q(audit_ends__range=window) | Q(moderation_on__range=window) | Q(retest_on__range=window)
    ).prefetch_related("agencies", "retests")
    for programme in programmes:
        url = reverse("audits:programme", kwargs={"code": programme.code})
        agencies = tuple(programme.agencies.all())
        leads = _leads(programme)
        dates = [
            (
                programme.audit_ends,
                "audit",
                f"Audit window closes: {programme.title}",
                not programme.is_open_for_auditing,
            ),
            (
                programme.moderation_on,
                "audit",
                f"Moderation meeting: {programme.title}",
                programme.status == ProgrammeStatus.COMPLETED,
            ),
            (
                programme.retest_on,
                "retest",
                f"Retest due: {programme.title}",
                bool(programme.retests.all()),  # prefetched: no query per programme
            ),
        ]
        for due, kind, title, done in dates:
            if start <= due <= end:
                yield CalendarItem(
                    due=due,
                    kind=kind,
                    title=title,
                    url=url,
                    agencies=agencies,
                    remind=leads,
                    done=done,
                )
