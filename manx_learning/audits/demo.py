"""The demo board's audits: a complete multi-agency neglect audit cycle whose retest improved, and
a single-agency domestic abuse audit whose retest did not. Cases, people and narratives are
fictional; case references are pseudonymous."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from manx_learning.accounts.models import Agency, User
from manx_learning.audits import services
from manx_learning.audits.models import AuditProgramme, AuditTool, CaseAudit, Grade
from manx_learning.reviews.services import themes_seed
from manx_learning.vocabulary.demo import demo_priorities_load
from manx_learning.vocabulary.models import Theme

# What an auditor writes about a section at each level (O, G, R, I: the four-point scale).
NARRATIVES = {
    "O": "Exemplary: the records show {what}, and the difference it made is written down.",
    "G": "The records show {what}; small gaps, but the child's day-to-day life is clear.",
    "R": "Some evidence of {what}, but it came late or was not followed through.",
    "I": "No evidence of {what}; the risk was not recognised and no one acted on it.",
}
WHAT = {
    "Recognition": "neglect recognised at the first missed health appointment",
    "Assessment": "an assessment that weighed the history, not only the latest incident",
    "Planning and intervention": "a plan saying who does what by when, reviewed as things changed",
    "Joint working": "health, police and social care sharing what they knew promptly",
    "Voice of the child or adult": "the child seen alone and their words shaping the plan",
    "Impact": "the child's attendance, weight and home conditions improving",
    "Overall quality": "practice that kept the child at the centre",
}
LABELS = {"O": "Outstanding", "G": "Good", "R": "Requires improvement", "I": "Inadequate"}


@dataclass(frozen=True)
class DemoProgramme:
    title: str
    theme: str
    priority: str
    agencies: tuple[str, ...]
    window: tuple[date, date]
    moderation_on: date
    prefix: str
    # One string per case per agency: the grade letter for each of the seven sections.
    grades: dict[str, tuple[str, ...]]
    good_practice: str
    areas: str
    recommendation: str = ""


NEGLECT = DemoProgramme(
    title="Neglect: multi-agency case audit 2026",
    theme="Neglect",
    priority="Early help and neglect",
    agencies=("IMC", "NOBLES", "MCCF"),
    window=(date(2026, 4, 1), date(2026, 4, 30)),
    moderation_on=date(2026, 5, 14),
    prefix="NG-2026",
    grades={
        "IMC": ("RRGRRRR", "GRRRGRR", "RRRIRRR"),
        "NOBLES": ("GGRRRGR", "RGRRRRR", "GRGRRGG"),
        "MCCF": ("GGGRRRG", "RGRRGRR", "GRRGRRR"),
    },
    good_practice=(
        "Health visitors recognised neglect early in two cases and escalated when appointments "
        "were missed. Children were seen alone in most social care visits."
    ),
    areas=(
        "Police attending domestic incidents rarely noted the home conditions or shared them. "
        "Plans were not reviewed when nothing changed for the child; chronologies were missing."
    ),
    recommendation=(
        "Agencies should use the neglect screening tool at every contact with a family where "
        "neglect is suspected, and record what they saw of the home and the child."
    ),
)
NEGLECT_RETEST = DemoProgramme(
    title="Neglect: multi-agency case audit 2026 – retest",
    theme="Neglect",
    priority="Early help and neglect",
    agencies=("IMC", "NOBLES", "MCCF"),
    window=(date(2026, 11, 2), date(2026, 11, 13)),
    moderation_on=date(2026, 11, 20),
    prefix="NGR-2026",
    grades={
        "IMC": ("GGGRGGR", "GGRGGGG", "RGGGRGG"),
        "NOBLES": ("OGGGGGG", "GGRGGGG", "GGGGRGG"),
        "MCCF": ("GGGGGOG", "GRGGGGG", "GGGRGGG"),
    },
    good_practice=(
        "Officers now record home conditions and share them with social care the next day. "
        "Plans were reviewed at every core group and changed when nothing changed."
    ),
    areas="Impact is still described as activity rather than what changed for the child.",
)
DOMESTIC_ABUSE = DemoProgramme(
    title="Domestic abuse: police response audit 2026",
    theme="Domestic abuse",
    priority="Domestic abuse and its impact on children and adults",
    agencies=("IMC",),
    window=(date(2026, 3, 2), date(2026, 3, 27)),
    moderation_on=date(2026, 4, 10),
    prefix="DA-2026",
    grades={"IMC": ("GRRRRGR", "RGRRRRR", "GRGRRRG", "RRRGRRR")},
    good_practice="Risk assessments were completed at every incident and MARAC referrals made.",
    areas=(
        "Children in the household were rarely spoken to, and repeat incidents were not linked "
        "to earlier ones."
    ),
    recommendation=(
        "Officers should speak to every child present at a domestic abuse incident, and the "
        "public protection unit should link repeat incidents before the MARAC."
    ),
)
DOMESTIC_ABUSE_RETEST = DemoProgramme(
    title="Domestic abuse: police response audit 2026 – retest",
    theme="Domestic abuse",
    priority="Domestic abuse and its impact on children and adults",
    agencies=("IMC",),
    window=(date(2026, 10, 5), date(2026, 10, 30)),
    moderation_on=date(2026, 11, 6),
    prefix="DAR-2026",
    grades={"IMC": ("GRRRRGR", "RGRRGRR", "RRGRRRG", "RRRGRRR")},
    good_practice="Repeat incidents are now flagged on the incident log.",
    areas=(
        "Children's voices are still missing: the change to the incident form has not yet "
        "reached response officers. The Board asked for a second retest in six months."
    ),
)


def _people() -> dict[str, User]:
    emails = {
        "IMC": "police.lead@demo.test",
        "NOBLES": "health.lead@demo.test",
        "SBBU": "business@demo.test",
    }
    return {code: User.objects.get(email=email) for code, email in emails.items()}


def _answers(tool: AuditTool, letters: str) -> dict[int, services.Answer]:
    grades = {g.label: g for g in Grade.objects.filter(scale=tool.scale)}
    return {
        section.pk: services.Answer(
            grades[LABELS[letter]], NARRATIVES[letter].format(what=WHAT[section.title])
        )
        for section, letter in zip(tool.sections.all(), letters, strict=True)
    }


def _run(
    plan: DemoProgramme, tool: AuditTool, people: dict[str, User], baseline=None
) -> AuditProgramme:
    bu = people["SBBU"]
    agencies = [Agency.objects.get(agency_code=code) for code in plan.agencies]
    programme = services.programme_create(
        by=bu,
        tool=tool,
        title=plan.title,
        kind="multi" if len(agencies) > 1 else "single",
        agencies=agencies,
        sample_size=max(len(cases) for cases in plan.grades.values()),
        audit_starts=plan.window[0],
        audit_ends=plan.window[1],
        moderation_on=plan.moderation_on,
        theme=Theme.objects.get(name=plan.theme),
        priorities=[p for p in demo_priorities_load() if p.title == plan.priority],
        retest_of=baseline,
    )
    for index, agency in enumerate(agencies, start=1):
        auditor = people.get(agency.agency_code, bu)
        for n, letters in enumerate(plan.grades[agency.agency_code], start=1):
            reference = f"{plan.prefix}-{index}{n:02d}"
            case = services.case_audit_add(
                programme=programme, agency=agency, by=auditor, case_reference=reference
            )
            answers = _answers(tool, letters)
            services.case_audit_save(case_audit=case, by=auditor, answers=answers, submit=True)
    services.programme_close_auditing(programme=programme, by=bu)
    return programme


def _moderate(programme: AuditProgramme, plan: DemoProgramme, bu: User) -> None:
    """One grade is raised at moderation (with its reason), then the record completes it."""
    first: CaseAudit = programme.case_audits.order_by("case_reference").first()
    item = first.grades.select_related("section").exclude(grade__label="Outstanding").first()
    better = Grade.objects.get(scale=item.grade.scale, rank=item.grade.rank - 1)
    services.grades_moderate(
        case_audit=first,
        by=bu,
        answers={
            item.section_id: services.Moderation(
                better, "The discussion heard the plan was reviewed weekly by phone."
            )
        },
    )
    services.moderation_record(
        programme=programme,
        by=bu,
        held_on=plan.moderation_on,
        attendees="Safeguarding leads of each agency taking part; business unit (chair)",
        agencies=programme.agencies.all(),
        good_practice=plan.good_practice,
        areas_for_development=plan.areas,
    )
    if plan.recommendation:
        services.programme_recommendation_add(
            programme=programme,
            by=bu,
            text=plan.recommendation,
            agencies=list(programme.agencies.all()),
            smart_outcome="Practice on the audit's theme meets the standard in the retest",
            smart_measure="The retest audit six months later, same tool and sample size",
            smart_owner="Each agency's safeguarding lead",
            smart_timescale="Before the retest",
        )


@transaction.atomic
def demo_audits_load() -> list[AuditProgramme]:
    """Idempotent: an audit cycle that already exists (by title) is left as it is."""
    tool = services.defaults_seed()
    themes_seed()
    demo_priorities_load()
    people = _people()
    done = []
    for baseline_plan, retest_plan in (
        (NEGLECT, NEGLECT_RETEST),
        (DOMESTIC_ABUSE, DOMESTIC_ABUSE_RETEST),
    ):
        baseline = AuditProgramme.objects.filter(title=baseline_plan.title).first()
        if baseline is None:
            baseline = _run(baseline_plan, tool, people)
            _moderate(baseline, baseline_plan, people["SBBU"])
        retest = AuditProgramme.objects.filter(title=retest_plan.title).first()
        if retest is None:
            retest = _run(retest_plan, tool, people, baseline=baseline)
            _moderate(retest, retest_plan, people["SBBU"])
        done += [baseline, retest]
    return done
