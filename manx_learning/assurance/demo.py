"""The demo board's strategic priorities (fictional, in the style of a real board's plan), its
hand-entered QA evidence, and two assessments with action plans and retests: neglect, which
improved, and domestic abuse, which did not."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from manx_learning.accounts.models import Agency, User
from manx_learning.actions.models import Action, ActionStatus
from manx_learning.assurance import measures, services
from manx_learning.assurance.models import Assessment, Evidence
from manx_learning.vocabulary.demo import demo_priorities_load
from manx_learning.vocabulary.models import BoardPriority

# Evidence, assessments and retests -------------------------------------------------------------

NEGLECT = "Early help and neglect"
DOMESTIC_ABUSE = "Domestic abuse and its impact on children and adults"

# (title, source, days ago, priority, agency codes, strength, summary)
DEMO_EVIDENCE = [
    (
        "Observation of three core group meetings (demo)",
        "practice_observation",
        420,
        NEGLECT,
        ("MCCF",),
        "limited",
        "Two of three core groups discussed the home conditions without using the graded care "
        "profile; the chair of the third used it well and the plan was clearer for it.",
    ),
    (
        "Parents' feedback at the family network event (demo)",
        "family_feedback",
        400,
        NEGLECT,
        (),
        "moderate",
        "Eleven parents said help came 'only when things fell apart'. Most valued the family "
        "support worker; few knew who their lead professional was.",
    ),
    (
        "Schools' safeguarding leads forum: neglect referrals (demo)",
        "stakeholder_feedback",
        380,
        NEGLECT,
        ("DESC",),
        "moderate",
        "Schools described referring neglect concerns several times before a response; most "
        "found the new early help request form clearer.",
    ),
    (
        "National Panel review: neglect and cumulative harm (demo)",
        "national_review",
        450,
        NEGLECT,
        (),
        "strong",
        "The national review's learning on cumulative harm and 'start again' syndrome matches "
        "the Board's own review findings.",
    ),
    (
        "MARAC chairs' observation of repeat cases (demo)",
        "practice_observation",
        330,
        DOMESTIC_ABUSE,
        ("IMC",),
        "moderate",
        "Repeat cases were heard without the previous safety plan to hand in four of nine "
        "observed discussions.",
    ),
]


def _people() -> dict[str, Any]:
    return {"business": User.objects.get(email="business@demo.test")}


def _demo_evidence(by: Any, priorities: dict[str, BoardPriority]) -> list[Evidence]:
    items = []
    today = timezone.localdate()
    for title, source, days, priority, codes, strength, summary in DEMO_EVIDENCE:
        found = Evidence.objects.filter(title=title, is_automatic=False).first()
        items.append(
            found
            or services.evidence_create(
                by=by,
                title=title,
                source=source,
                dated=today - timedelta(days=days),
                summary=summary,
                strength=strength,
                agencies=list(Agency.objects.filter(agency_code__in=codes)),
                priorities=[priorities[priority]],
                themes=[],
                link_url="",
            )
        )
    return items


def _find(app_label: str, model_name: str, **lookup: Any) -> Any:
    """A demo object of another app by its title or code, or None if that app or its demo is
    not there (the assessment then simply has fewer measures)."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    return model.objects.filter(**lookup).first()


def _measures(assessment: Assessment, by: Any, targets: list[Any]) -> None:
    for target in targets:
        if target is None or not measures.supports(target):
            continue
        target_type = ContentType.objects.get_for_model(target)
        chosen = assessment.measures.filter(target_type=target_type, target_id=str(target.pk))
        if not chosen.exists():
            services.measure_add(assessment=assessment, by=by, target=target)


@dataclass(frozen=True)
class DemoAssessment:
    title: str
    priority: str
    grade: str
    retest_grade: str
    rationale: str
    strengths: str
    areas: str
    retest_rationale: str
    actions: tuple[tuple[str, str, str], ...]  # (agency code, lead, what will be done)
    targets: tuple[tuple[str, str, dict[str, Any]], ...]


DEMO_ASSESSMENTS = (
    DemoAssessment(
        title="Neglect: is it recognised early and is help timely? (demo)",
        priority=NEGLECT,
        grade="requires_improvement",
        retest_grade="good",
        rationale="The multi-agency audit found neglect recognised late in half the cases, and "
        "parents and schools said help came only at crisis.",
        strengths="Health visitors and school nurses escalate persistent concerns; family "
        "support workers are valued by parents.",
        areas="Consistent use of the graded care profile; a named lead professional for every "
        "family in early help; schools' referrals answered first time.",
        retest_rationale="The re-audit found most cases Good, with the graded care profile used "
        "at the first core group; the practitioner survey and early help data moved the same way.",
        actions=(
            (
                "MCCF",
                "Team manager, Children and Families",
                "Use the graded care profile at "
                "every first core group where neglect is a concern, and record its scores",
            ),
            (
                "DESC",
                "Designated safeguarding lead network chair",
                "Schools' neglect referrals "
                "are triaged by the early help hub the same day, with a named contact",
            ),
        ),
        targets=(
            ("audits", "AuditProgramme", {"title": "Neglect: multi-agency case audit 2026"}),
            (
                "surveys",
                "Survey",
                {
                    "title": "Working together to keep people safe: practitioner survey",
                    "retest_of": None,
                },
            ),
            ("dataset", "Indicator", {"code": "EH-01"}),
        ),
    ),
    DemoAssessment(
        title="Domestic abuse: are repeat victims and their children safer? (demo)",
        priority=DOMESTIC_ABUSE,
        grade="requires_improvement",
        retest_grade="requires_improvement",
        rationale="The police response audit found risk assessments incomplete in repeat cases; "
        "MARAC chairs observed safety plans missing at repeat hearings.",
        strengths="First responses are prompt; Operation Encompass notices reach schools.",
        areas="Risk assessment in repeat incidents; previous safety plans at every repeat MARAC.",
        retest_rationale="The re-audit found little change and repeat referrals stayed above "
        "the mean. The briefing reached response officers but practice has not yet changed; "
        "the Board asked for a second retest in six months.",
        actions=(
            (
                "IMC",
                "Inspector, Public Protection Unit",
                "Supervisors check the DASH risk "
                "assessment in every repeat incident before the shift ends",
            ),
        ),
        targets=(
            ("audits", "AuditProgramme", {"title": "Domestic abuse: police response audit 2026"}),
            ("dataset", "Indicator", {"code": "DA-03"}),
        ),
    ),
)


def _demo_assessment(plan: DemoAssessment, by: Any, priority: BoardPriority) -> Assessment:
    """Judged eight months ago, actions due before the retest, retested last week. Dates are
    moved back after the services have checked them, as the actions demo does."""
    today = timezone.localdate()
    assessment = services.assessment_create(
        by=by,
        title=plan.title,
        question="",
        priority=priority,
        theme=None,
        period_start=today - timedelta(days=600),
        period_end=today - timedelta(days=250),
    )
    services.assessment_judge(
        assessment=assessment,
        by=by,
        grade=plan.grade,
        rationale=plan.rationale,
        strengths=plan.strengths,
        areas_for_improvement=plan.areas,
        judged_on=today - timedelta(days=240),
        retest_due=today + timedelta(days=60),
    )
    _measures(assessment, by, [_find(a, m, **lookup) for a, m, lookup in plan.targets])
    for code, lead, what in plan.actions:
        action = services.plan_action_add(
            assessment=assessment,
            by=by,
            description=what,
            owner_agency=Agency.objects.get(agency_code=code),
            lead_name=lead,
            due_date=today + timedelta(days=30),
            expected_outcome="Practice meets the standard at the retest",
        )
        Action.objects.filter(pk=action.pk).update(
            due_date=today - timedelta(days=60),
            status=ActionStatus.COMPLETED,
            completed_on=today - timedelta(days=70),
        )
    services.retest_record(
        assessment=assessment,
        by=by,
        grade=plan.retest_grade,
        rationale=plan.retest_rationale,
        retested_on=today - timedelta(days=7),
    )
    Assessment.objects.filter(pk=assessment.pk).update(retest_due=today - timedelta(days=10))
    return assessment


@transaction.atomic
def demo_assurance_load() -> list[Assessment]:
    """Idempotent: evidence and assessments are keyed by title and made only once. Measures
    link to the audits, surveys and indicators of those apps' demos where they exist."""
    priorities = {p.title: p for p in demo_priorities_load()}
    by = _people()["business"]
    # Dated inside the assessments' periods, so starting an assessment gathers it.
    _demo_evidence(by, priorities)
    made = []
    for plan in DEMO_ASSESSMENTS:
        found = Assessment.objects.filter(title=plan.title).first()
        if found is None:
            found = _demo_assessment(plan, by, priorities[plan.priority])
        made.append(found)
    return made
