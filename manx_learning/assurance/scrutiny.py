"""The scrutiny report for a theme or a Board priority: the evidence by source, the Board's
judgements, the actions that follow them (with RAG) and the retest results. One builder feeds
both the page and the tagged PDF, so they never disagree."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from manx_learning.accounts.permissions import Capability, has_capability
from manx_learning.actions.models import Action
from manx_learning.actions.selectors import actions_visible_to
from manx_learning.assurance import retests, selectors
from manx_learning.assurance.models import Assessment, Evidence
from manx_learning.dataset import selectors as dataset_selectors
from manx_learning.vocabulary.models import BoardPriority, EvidenceSource


@dataclass
class AssessmentSection:
    assessment: Assessment
    retest: Any  # the latest recorded Retest, or None
    comparisons: list[dict[str, Any]]
    verdict_label: str
    verdict_tag: str


@dataclass
class ScrutinyReport:
    subject: str
    kind: str  # "theme" or "priority"
    outcome_sought: str
    today: date
    evidence_by_source: list[tuple[str, list[Evidence]]] = field(default_factory=list)
    evidence_count: int = 0
    # A priority's dashboard series showing special-cause variation now: performance data as
    # the dashboard counts it, beside any performance evidence recorded in the register.
    signals: list[Any] = field(default_factory=list)
    dashboard_url: str = ""
    assessments: list[AssessmentSection] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Scrutiny report: {self.subject}"

    @property
    def performance_label(self) -> str:
        """The source row where the dashboard's special-cause series are listed too."""
        return str(EvidenceSource.PERFORMANCE_DATA.label)

    @property
    def performance_count(self) -> int:
        """Performance evidence in the register plus the dashboard's special-cause series."""
        recorded = dict(self.evidence_by_source).get(self.performance_label, [])
        return len(recorded) + len(self.signals)

    @property
    def kind_label(self) -> str:
        return "Board priority" if self.kind == "priority" else "Theme"


def _by_source(evidence: list[Evidence]) -> list[tuple[str, list[Evidence]]]:
    """In the framework's order of sources; empty sources are kept so gaps show."""
    return [
        (label, [e for e in evidence if e.source == value])
        for value, label in EvidenceSource.choices
    ]


def _section(assessment: Assessment) -> AssessmentSection:
    latest = assessment.retests.first()
    if latest:
        rows, verdict = latest.snapshot, retests.Verdict(latest.verdict)
    else:
        live = retests.retest_result(assessment)
        rows, verdict = [retests.as_dict(c) for c in live.comparisons], live.verdict
    return AssessmentSection(
        assessment=assessment,
        retest=latest,
        comparisons=[retests.display(r) for r in rows],
        verdict_label=verdict.label,
        verdict_tag=verdict.tag,
    )


def scrutiny_report(
    *, user: Any, theme: Any = None, priority: BoardPriority | None = None
) -> ScrutinyReport:
    today = timezone.localdate()
    if priority is not None:
        evidence_q, assessment_q = Q(priorities=priority), Q(priority=priority)
        report = ScrutinyReport(
            subject=priority.title,
            kind="priority",
            outcome_sought=priority.outcome_sought,
            today=today,
        )
        action_q = Q(impact_assessment__priority=priority)
    else:
        evidence_q, assessment_q = Q(themes=theme), Q(theme=theme)
        report = ScrutinyReport(subject=theme.name, kind="theme", outcome_sought="", today=today)
        action_q = Q(impact_assessment__theme=theme) | Q(recommendation__themes=theme)
    evidence = list(selectors.evidence_visible_to(user=user).filter(evidence_q).distinct())
    report.evidence_by_source, report.evidence_count = _by_source(evidence), len(evidence)
    if priority is not None and has_capability(user, Capability.VIEW_DATASET):
        views, _ = dataset_selectors.priority_views(priority)
        report.signals = dataset_selectors.special_cause_views(views)
        report.dashboard_url = reverse("dataset:priority-dashboard", args=[priority.code])
    assessments = selectors.assessments_visible_to(user=user).filter(assessment_q)
    report.assessments = [_section(a) for a in assessments.prefetch_related("retests")]
    actions = actions_visible_to(user=user).filter(action_q).distinct().order_by("due_date")
    report.actions = [_action_row(a, today) for a in actions]
    return report


def _action_row(action: Action, today: date) -> dict[str, Any]:
    return {"action": action, "rag": action.rag(today), "days_overdue": action.days_overdue(today)}
