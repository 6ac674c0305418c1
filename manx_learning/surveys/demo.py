"""The demo board's surveys (fictional answers, made reproducibly from a fixed seed).

- A practitioner survey on multi-agency working: the baseline in April 2026 with 40 responses,
  and its retest in October and November 2026 with 35, which shows practice improved.
- A families and carers survey with 3 responses, which shows results held back under 5.

Everything goes through the services, so the demo exercises the same rules as real use."""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from manx_learning.accounts.models import Agency, User
from manx_learning.surveys import services
from manx_learning.surveys.models import Audience, QuestionKind, Survey
from manx_learning.vocabulary.demo import demo_priorities_load
from manx_learning.vocabulary.models import Theme

BASELINE_TITLE = "Working together to keep people safe: practitioner survey"
FAMILIES_TITLE = "Your family's experience of child protection conferences"
DEMO_BY = "business@demo.test"

PRACTITIONER_QUESTIONS = [
    (QuestionKind.SCALE, "I know who to contact in other agencies when I am worried about someone"),
    (
        QuestionKind.SCALE,
        "Other agencies share information with me quickly enough to keep people safe",
    ),
    (QuestionKind.SCALE, "Strategy discussions include every agency that needs to be there"),
    (QuestionKind.SCALE, "I feel confident to challenge another agency's decision when I disagree"),
]
AGENCY_KINDS = [
    "Police",
    "Health",
    "Children's social care",
    "Adult social care",
    "Education",
    "Voluntary sector or other",
]
BASELINE_TEXTS = [
    "Information sharing is slow: we wait days for health to call back.",
    "Caseloads are too high to go to every strategy meeting.",
    "More joint training with the police would help.",
    "I often do not know who the right contact is in another agency.",
    "Consent confuses people, so information is not shared when it should be.",
    "Workload pressure means referrals are rushed.",
    "We rarely hear the child's voice in strategy discussions.",
    "Better communication when a case is closed by another agency.",
]
RETEST_TEXTS = [
    "The new contact list means I know who to phone in each agency.",
    "Joint training on information sharing made a real difference.",
    "Strategy discussions now include schools, which helps.",
    "Still short staffed, but communication between agencies is better.",
    "The 7-minute briefing on escalation gave me confidence to challenge.",
    "Health now responds the same day to most requests.",
    "We record the voice of the child in every strategy meeting now.",
]
FAMILY_QUESTIONS = [
    (QuestionKind.SCALE, "Before the meeting, someone explained what would happen"),
    (QuestionKind.SCALE, "People at the meeting listened to what I had to say"),
    (QuestionKind.SCALE, "I understood the plan for my family after the meeting"),
    (QuestionKind.TEXT, "What could we do better?"),
]


def _scale(rng: random.Random, agree_chance: float) -> str:
    if rng.random() < agree_chance:
        return rng.choice(["4", "4", "5"])
    return rng.choice(["1", "2", "2", "3", "3"])


def _moment(rng: random.Random, start: date, days: int) -> datetime:
    day = start + timedelta(days=rng.randrange(days))
    return timezone.make_aware(datetime.combine(day, time(rng.randrange(8, 18), rng.randrange(60))))


def _answers(survey: Survey, rng: random.Random, agree: float, texts: list[str]) -> dict:
    answers: dict = {}
    for question in survey.questions.all():
        if question.kind == QuestionKind.SCALE:
            answers[question.pk] = _scale(rng, agree)
        elif question.kind == QuestionKind.SINGLE:
            answers[question.pk] = rng.choice(question.choices)
        elif question.kind == QuestionKind.TEXT and rng.random() < 0.6:
            answers[question.pk] = rng.choice(texts)
    return answers


def _respond(survey: Survey, count: int, agree: float, texts: list[str], seed: int) -> None:
    rng = random.Random(seed)
    days = (min(survey.closes_on, timezone.localdate()) - survey.opens_on).days + 1
    for _ in range(count):
        answers = _answers(survey, rng, agree, texts)
        services.response_submit(
            survey=survey, answers=answers, now=_moment(rng, survey.opens_on, max(days, 1))
        )


def _practitioner_baseline(by: User, priorities: list, themes: list) -> Survey:
    survey = services.survey_create(
        by=by,
        title=BASELINE_TITLE,
        audience=Audience.PRACTITIONERS,
        intro=(
            "We want to know how well agencies work together on the Isle of Man. "
            "It takes about 5 minutes. Your answers are anonymous."
        ),
        opens_on=date(2026, 4, 1),
        closes_on=date(2026, 4, 30),
        retest_due_on=date(2026, 10, 1),
        themes=themes,
        priorities=priorities[:1],
    )
    for kind, text in PRACTITIONER_QUESTIONS:
        services.question_add(survey=survey, by=by, kind=kind, text=text)
    services.question_add(
        survey=survey,
        by=by,
        kind=QuestionKind.SINGLE,
        text="Which kind of agency do you work for?",
        choices=AGENCY_KINDS,
        group_by=True,
    )
    services.question_add(
        survey=survey,
        by=by,
        kind=QuestionKind.TEXT,
        text="What one thing would make working with other agencies better?",
        required=False,
    )
    services.survey_publish(survey=survey, by=by, today=survey.opens_on)
    _respond(survey, 40, 0.45, BASELINE_TEXTS, seed=2026_04)
    services.survey_close(survey=survey, by=by, today=survey.closes_on)
    return survey


def _practitioner_retest(baseline: Survey, by: User) -> Survey:
    retest = services.survey_retest_create(
        baseline=baseline,
        by=by,
        opens_on=date(2026, 10, 1),
        closes_on=date(2026, 11, 30),
        title=f"{BASELINE_TITLE} (retest)",
    )
    services.survey_publish(survey=retest, by=by, today=retest.opens_on)
    _respond(retest, 35, 0.72, RETEST_TEXTS, seed=2026_10)
    services.survey_evidence_refresh(survey=retest, by=by)
    return retest


def _families(by: User, priorities: list) -> Survey:
    survey = services.survey_create(
        by=by,
        title=FAMILIES_TITLE,
        audience=Audience.FAMILIES,
        intro=(
            "You went to a child protection conference about your family. We would like to "
            "know what it was like for you, so we can make these meetings better. It takes "
            "about 3 minutes. You do not have to give your name."
        ),
        why_identifying=(
            "Only if you would like someone to talk to you about your answers. We will use "
            "your details for that and nothing else."
        ),
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 12, 31),
        agencies=Agency.objects.filter(agency_code="MCCF"),
        priorities=priorities[:1],
    )
    for kind, text in FAMILY_QUESTIONS:
        services.question_add(survey=survey, by=by, kind=kind, text=text, required=False)
    services.question_add(
        survey=survey,
        by=by,
        kind=QuestionKind.TEXT,
        text="If you would like us to contact you, leave a phone number or e-mail address",
        asks_identifying=True,
    )
    services.survey_publish(survey=survey, by=by, today=survey.opens_on)
    texts = [
        "The social worker explained things well.",
        "It felt like everyone had decided before.",
    ]
    _respond(survey, 3, 0.5, texts, seed=2026_11)
    services.survey_evidence_refresh(survey=survey, by=by)
    return survey


@transaction.atomic
def demo_feedback_load() -> list[Survey]:
    """Idempotent: surveys are keyed by title, and left alone once they exist."""
    by = User.objects.get(email=DEMO_BY)
    priorities = demo_priorities_load()
    themes = list(Theme.objects.filter(name__in=["Multi-agency working", "Information sharing"]))
    baseline = Survey.objects.filter(title=BASELINE_TITLE, retest_of=None).first()
    if baseline is None:
        baseline = _practitioner_baseline(by, priorities, themes)
    retest = baseline.retests.first() or _practitioner_retest(baseline, by)
    families = Survey.objects.filter(title=FAMILIES_TITLE).first() or _families(by, priorities)
    return [baseline, retest, families]
