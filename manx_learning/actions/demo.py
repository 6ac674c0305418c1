"""Fictional recommendations and action plans for the demo board: some overdue, some assured,
and one recurring lesson (a 2021 audit recommendation that the Child M review makes again)."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from manx_learning.accounts.models import Agency, User
from manx_learning.actions import services
from manx_learning.actions.models import Action, Recommendation
from manx_learning.vocabulary.models import Theme

DEMO_SOURCES = (
    "Audit of child re-referrals (2021) (demo)",
    "Early help arrangements review (2021) (demo)",
    "National review: professional curiosity (2024) (demo)",
)


def _people() -> dict[str, User]:
    emails = {
        "business": "business@demo.test",
        "panel": "panel@demo.test",
        "police": "police.lead@demo.test",
        "health": "health.lead@demo.test",
    }
    return {key: User.objects.get(email=email) for key, email in emails.items()}


def _agency(code: str) -> Agency:
    return Agency.objects.get(agency_code=code)


def _theme(name: str) -> Theme:
    return Theme.objects.get(name=name)


def _evidence_pdf(title: str) -> SimpleUploadedFile:
    from weasyprint import HTML

    buffer = io.BytesIO(
        HTML(string=f"<h1>{title}</h1><p>Fictional evidence for the demo board.</p>").write_pdf()
    )
    return SimpleUploadedFile(f"{title.lower().replace(' ', '-')}.pdf", buffer.getvalue())


def _backdate(action: Action, days_ago: int) -> None:
    Action.objects.filter(pk=action.pk).update(
        due_date=timezone.localdate() - timedelta(days=days_ago)
    )


def _plan(
    rec: Recommendation,
    by: User,
    agency: str,
    text: str,
    days: int,
    *,
    lead_name: str | None = None,
    outcome: str = "Practice changes as the recommendation intends",
    impact_kind: str = "retest",
    measure: str = "A dip sample of 20 cases six months on shows the change",
) -> Action:
    return services.action_create(
        recommendation=rec,
        by=by,
        description=text,
        owner_agency=_agency(agency),
        lead_name=by.full_name if lead_name is None else lead_name,
        due_date=timezone.localdate() + timedelta(days=max(days, 1)),
        expected_outcome=outcome,
        impact_kind=impact_kind,
        impact_measure=measure,
    )


def _complete_with_evidence(action: Action, by: User, title: str) -> Action:
    services.evidence_add(
        action=action, by=by, kind="audit", description=title, upload=_evidence_pdf(title)
    )
    action.refresh_from_db()
    services.action_update(
        action=action,
        by=by,
        version=action.version,
        status="completed",
        note="Completed; evidence attached",
    )
    action.refresh_from_db()
    return action


def _old_audit(people: dict[str, User]) -> Recommendation:
    """2021: the same lesson as Child M's first recommendation. Actions were assured in 2022, and
    the lesson came back in 2025: the register shows it as previously identified."""
    rec = services.recommendation_create(
        by=people["business"],
        source_kind="audit",
        source_title=DEMO_SOURCES[0],
        source_year=2021,
        text=(
            "The emergency department should tell Children and Families every time a child "
            "already known to them attends, so repeated attendances are seen together."
        ),
        agencies=[_agency("NOBLES")],
        themes=[_theme("Information sharing")],
        smart_outcome="Every attendance of a known child is notified",
        smart_measure="Audit of notifications",
        smart_owner="Named nurse",
        smart_timescale="By December 2021",
    )
    action = _plan(
        rec,
        people["health"],
        "NOBLES",
        "Add a safeguarding notification step to the ED discharge checklist",
        30,
        outcome="Notifications sent for known children",
        impact_kind="check",
        measure="Monthly check of ten ED records for a notification",
    )
    _complete_with_evidence(action, people["health"], "ED notification audit 2022")
    services.action_assure(action=action, by=people["panel"], note="Audit showed 9 of 10 notified")
    return rec


def _early_help(people: dict[str, User]) -> Recommendation:
    """An early help strategy first asked for in 2021 and still not in place: long overdue."""
    rec = services.recommendation_create(
        by=people["business"],
        source_kind="other",
        source_title=DEMO_SOURCES[1],
        source_year=2021,
        to_board=True,
        text="The Board should agree an island-wide early help strategy with all member agencies.",
        themes=[_theme("Early help")],
        smart_outcome="A strategy agreed and published",
        smart_measure="Strategy approved by the Board",
        smart_owner="Board business manager",
        smart_timescale="By March 2022",
    )
    action = _plan(
        rec,
        people["business"],
        "MCCF",
        "Draft the early help strategy with partners",
        1,
        lead_name="Head of early help",
        impact_kind="indicator",
        measure="Re-referral rate within 12 months falls below the UK average",
    )
    services.action_update(
        action=action,
        by=people["business"],
        version=action.version,
        status="in_progress",
        note="Draft circulated to partners",
    )
    _backdate(action, 60)
    return rec


def _national(people: dict[str, User]) -> Recommendation:
    rec = services.recommendation_create(
        by=people["business"],
        source_kind="national",
        source_title=DEMO_SOURCES[2],
        source_year=2024,
        text="Train frontline staff in professional curiosity: asking, checking and challenging.",
        agencies=[_agency("IMC"), _agency("DESC")],
        themes=[_theme("Professional curiosity")],
        smart_outcome="Frontline staff trained",
        smart_measure="Training records and a follow-up survey",
        smart_owner="Agency training leads",
        smart_timescale="By June 2026",
    )
    action = _plan(
        rec,
        people["police"],
        "IMC",
        "Deliver professional curiosity training to all response officers",
        20,
        outcome="Officers ask about children in every domestic abuse call",
        impact_kind="retest",
        measure="Re-audit of 20 domestic abuse call records for questions about children",
    )
    _complete_with_evidence(action, people["police"], "Professional curiosity training records")
    return rec


def _child_m(people: dict[str, User]) -> None:
    # The reviews demo (loaded first) made the Child M review; its first recommendation, to
    # Noble's, was accepted there. Found through the register so this app needn't know reviews.
    first = Recommendation.objects.filter(review__title="Child M (demo)", number=1).first()
    if first is None:
        return
    action = _plan(
        first,
        people["health"],
        "NOBLES",
        "Build an automatic notification from the ED system to Children and Families",
        45,
        outcome="Children and Families see every attendance the next working day",
        impact_kind="indicator",
        measure="Share of ED attendances of known children notified",
    )
    services.action_update(
        action=action,
        by=people["health"],
        version=action.version,
        status="in_progress",
        note="Specification agreed with the ED system supplier",
    )
    audit = _plan(
        first,
        people["health"],
        "NOBLES",
        "Audit 20 ED attendances of known children",
        1,
        impact_kind="retest",
        measure="Re-audit of 20 attendances in six months",
    )
    _backdate(audit, 10)


@transaction.atomic
def demo_actions_load() -> int:
    """Create the demo register once; running again leaves it as it is."""
    if Recommendation.objects.filter(source_title__in=DEMO_SOURCES).exists():
        return Recommendation.objects.count()
    people = _people()
    _old_audit(people)
    _early_help(people)
    _national(people)
    _child_m(people)
    return Recommendation.objects.count()
