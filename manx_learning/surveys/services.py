"""Business rules for surveys: building, publishing, sending, answering, closing, retesting, and
putting the results into the QA evidence register.

Every staff write is audited. An anonymous answer is audited too, but against the survey (never
the response) and with no IP address: see `response_submit`."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from manx_learning.accounts.models import Agency, Role, User
from manx_learning.accounts.permissions import require
from manx_learning.core import request_context
from manx_learning.core.evidence import offer
from manx_learning.core.services import audit_log
from manx_learning.core.tasks import send_email_on_commit
from manx_learning.surveys import access, evidence
from manx_learning.surveys.models import (
    MAX_CHOICE_LABEL,
    MAX_CHOICES,
    MAX_TEXT_ANSWER,
    SCALE_VALUES,
    Answer,
    Audience,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveySend,
    SurveyStatus,
)

# What someone the access rules say no to is told.
DENIED = "Only the business unit runs surveys."

EMAIL_TEMPLATE = "surveys/email/survey"
# Audiences whose people have accounts here, so the link can be e-mailed through the system.
SENDABLE_AUDIENCES = (Audience.PRACTITIONERS, Audience.STAKEHOLDERS)
ANONYMOUS_LABEL = "anonymous respondent"


def _require_draft(survey: Survey) -> None:
    if not survey.is_draft:
        raise ValidationError(
            "Questions cannot change once the survey is published: answers already given, "
            "and any retest, must mean the same thing."
        )


def _save(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


# Surveys ---------------------------------------------------------------------------------------


def _check_dates(opens_on: date, closes_on: date, retest_due_on: date | None) -> None:
    if closes_on < opens_on:
        raise ValidationError(
            {"closes_on": "The closing date must be on or after the opening date"}
        )
    if retest_due_on and retest_due_on <= closes_on:
        raise ValidationError({"retest_due_on": "The retest must be due after the survey closes"})


def _check_why_identifying(survey: Survey, why: str) -> None:
    if not why.strip() and survey.pk and survey.questions.filter(asks_identifying=True).exists():
        raise ValidationError(
            {
                "why_identifying": "Say why the survey asks for identifying details: "
                "a question asks for them"
            }
        )


def _set_tags(
    survey: Survey, agencies: Iterable[Any], themes: Iterable[Any], priorities: Iterable[Any]
) -> None:
    survey.agencies.set(list(agencies))
    survey.themes.set(list(themes))
    survey.priorities.set(list(priorities))


@transaction.atomic
def survey_create(
    *,
    by: User,
    title: str,
    audience: str,
    intro: str,
    opens_on: date,
    closes_on: date,
    why_identifying: str = "",
    retest_due_on: date | None = None,
    agencies: Iterable[Agency] = (),
    themes: Iterable[Any] = (),
    priorities: Iterable[Any] = (),
) -> Survey:
    require(access.can_manage(by), DENIED)
    _check_dates(opens_on, closes_on, retest_due_on)
    survey = _save(
        Survey(
            title=title.strip(),
            audience=audience,
            intro=intro.strip(),
            why_identifying=why_identifying.strip(),
            opens_on=opens_on,
            closes_on=closes_on,
            retest_due_on=retest_due_on,
            created_by=by,
        )
    )
    _set_tags(survey, agencies, themes, priorities)
    audit_log(actor=by, verb="survey.created", target=survey, detail={"audience": audience})
    return survey


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    by: User,
    title: str,
    audience: str,
    intro: str,
    opens_on: date,
    closes_on: date,
    why_identifying: str = "",
    retest_due_on: date | None = None,
    agencies: Iterable[Agency] = (),
    themes: Iterable[Any] = (),
    priorities: Iterable[Any] = (),
) -> Survey:
    """Details may change until the survey closes; the audience only while it is a draft."""
    require(access.can_manage(by), DENIED)
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError("A closed survey cannot be changed. Run it again as a retest.")
    if audience != survey.audience and survey.status != SurveyStatus.DRAFT:
        raise ValidationError({"audience": "The audience cannot change once the survey is open"})
    _check_dates(opens_on, closes_on, retest_due_on)
    _check_why_identifying(survey, why_identifying)
    survey.title, survey.audience, survey.intro = title.strip(), audience, intro.strip()
    survey.why_identifying = why_identifying.strip()
    survey.opens_on, survey.closes_on, survey.retest_due_on = opens_on, closes_on, retest_due_on
    _save(survey)
    _set_tags(survey, agencies, themes, priorities)
    audit_log(actor=by, verb="survey.updated", target=survey)
    return survey


def publish_problems(survey: Survey, today: date) -> list[str]:
    """What stops a survey being published, in plain words (empty when it can be)."""
    problems = []
    questions = list(survey.questions.all())
    if not questions:
        problems.append("Add at least one question")
    if any(q.asks_identifying for q in questions) and not survey.why_identifying.strip():
        problems.append("Say why the survey asks for identifying details")
    if survey.closes_on < today:
        problems.append("The closing date has passed: change it to today or later")
    for number, question in enumerate(questions, 1):
        if question.is_choice and len(question.choices) < 2:
            problems.append(f"Question {number} needs at least two options")
    return problems


@transaction.atomic
def survey_publish(*, survey: Survey, by: User, today: date | None = None) -> Survey:
    """Open the public link. Answers are taken from the opening date to the closing date."""
    require(access.can_manage(by), DENIED)
    today = today or timezone.localdate()
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError("This survey has already been published.")
    problems = publish_problems(survey, today)
    if problems:
        raise ValidationError(problems)
    survey.status, survey.opened_at = SurveyStatus.OPEN, timezone.now()
    _save(survey)
    audit_log(actor=by, verb="survey.published", target=survey)
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, by: User, today: date | None = None) -> Survey:
    """Stop taking answers and put the results into the QA evidence register."""
    require(access.can_manage(by), DENIED)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError("Only an open survey can be closed.")
    today = today or timezone.localdate()
    survey.status, survey.closed_at = SurveyStatus.CLOSED, timezone.now()
    survey.closes_on = max(min(survey.closes_on, today), survey.opens_on)
    _save(survey)
    audit_log(actor=by, verb="survey.closed", target=survey)
    survey_evidence_refresh(survey=survey, by=by)
    return survey


def surveys_close_due(*, today: date | None = None) -> int:
    """Close every open survey whose closing date has passed (the daily job). Idempotent."""
    today = today or timezone.localdate()
    due = Survey.objects.filter(status=SurveyStatus.OPEN, closes_on__lt=today)
    closed = 0
    for survey in due:
        with transaction.atomic():
            survey.status, survey.closed_at = SurveyStatus.CLOSED, timezone.now()
            _save(survey)
            audit_log(actor=None, verb="survey.closed", target=survey, detail={"by": "schedule"})
            survey_evidence_refresh(survey=survey, by=None)
        closed += 1
    return closed


# Questions -------------------------------------------------------------------------------------


def _clean_choices(kind: str, choices: Iterable[str]) -> list[str]:
    if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return []
    cleaned: list[str] = []
    for line, choice in enumerate(choices, 1):
        label = " ".join(str(choice).split())
        if not label or label in cleaned:
            continue
        if len(label) > MAX_CHOICE_LABEL:
            raise ValidationError(
                {"choices": f"Option {line} must be {MAX_CHOICE_LABEL} characters or fewer"}
            )
        cleaned.append(label)
    if len(cleaned) < 2:
        raise ValidationError({"choices": "Enter at least two options, one on each line"})
    if len(cleaned) > MAX_CHOICES:
        raise ValidationError({"choices": f"Enter {MAX_CHOICES} options or fewer"})
    return cleaned


def _question_values(
    *,
    kind: str,
    text: str,
    help_text: str,
    required: bool,
    choices: Iterable[str],
    group_by: bool,
    asks_identifying: bool,
) -> dict[str, Any]:
    if group_by and kind != QuestionKind.SINGLE:
        raise ValidationError(
            {"group_by": "Only a 'choose one option' question can split the results"}
        )
    return {
        "kind": kind,
        "text": text.strip(),
        "help_text": help_text.strip(),
        # Nobody has to identify themselves to give feedback: such questions are always optional.
        "required": required and not asks_identifying,
        "choices": _clean_choices(kind, choices),
        "group_by": group_by,
        "asks_identifying": asks_identifying,
    }


@transaction.atomic
def question_add(
    *,
    survey: Survey,
    by: User,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = True,
    choices: Iterable[str] = (),
    group_by: bool = False,
    asks_identifying: bool = False,
) -> Question:
    require(access.can_manage(by), DENIED)
    _require_draft(survey)
    values = _question_values(
        kind=kind,
        text=text,
        help_text=help_text,
        required=required,
        choices=choices,
        group_by=group_by,
        asks_identifying=asks_identifying,
    )
    last = survey.questions.aggregate(last=Max("order"))["last"] or 0
    question = _save(Question(survey=survey, order=last + 1, **values))
    audit_log(actor=by, verb="survey.question_added", target=survey, detail={"kind": kind})
    return question


@transaction.atomic
def question_update(
    *,
    question: Question,
    by: User,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = True,
    choices: Iterable[str] = (),
    group_by: bool = False,
    asks_identifying: bool = False,
) -> Question:
    require(access.can_manage(by), DENIED)
    _require_draft(question.survey)
    values = _question_values(
        kind=kind,
        text=text,
        help_text=help_text,
        required=required,
        choices=choices,
        group_by=group_by,
        asks_identifying=asks_identifying,
    )
    for name, value in values.items():
        setattr(question, name, value)
    _save(question)
    audit_log(actor=by, verb="survey.question_changed", target=question.survey)
    return question


@transaction.atomic
def question_remove(*, question: Question, by: User) -> None:
    require(access.can_manage(by), DENIED)
    survey = question.survey
    _require_draft(survey)
    question.delete()
    _renumber(survey)
    audit_log(actor=by, verb="survey.question_removed", target=survey)


def _renumber(survey: Survey) -> None:
    for number, question in enumerate(survey.questions.all(), 1):
        if question.order != number:
            Question.objects.filter(pk=question.pk).update(order=number)


@transaction.atomic
def question_move(*, question: Question, by: User, direction: str) -> None:
    """Swap a question with the one above ("up") or below ("down")."""
    require(access.can_manage(by), DENIED)
    survey = question.survey
    _require_draft(survey)
    _renumber(survey)
    questions = list(survey.questions.all())
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return
    first, second = questions[index], questions[other]
    Question.objects.filter(pk=first.pk).update(order=second.order)
    Question.objects.filter(pk=second.pk).update(order=first.order)
    audit_log(actor=by, verb="survey.question_moved", target=survey)


# Retest ----------------------------------------------------------------------------------------


@transaction.atomic
def survey_retest_create(
    *, baseline: Survey, by: User, opens_on: date, closes_on: date, title: str = ""
) -> Survey:
    """A copy of the survey with identical questions, linked to it as its retest, as a draft.
    Retest of a retest is refused: every retest compares with the one baseline."""
    require(access.can_manage(by), DENIED)
    if baseline.is_retest:
        raise ValidationError("Run the retest from the baseline survey, not from a retest.")
    if baseline.status == SurveyStatus.DRAFT:
        raise ValidationError("Publish the baseline survey before planning its retest.")
    retest = survey_create(
        by=by,
        title=title.strip() or f"{baseline.title} (retest)",
        audience=baseline.audience,
        intro=baseline.intro,
        why_identifying=baseline.why_identifying,
        opens_on=opens_on,
        closes_on=closes_on,
        agencies=baseline.agencies.all(),
        themes=baseline.themes.all(),
        priorities=baseline.priorities.all(),
    )
    retest.retest_of = baseline
    _save(retest)
    for question in baseline.questions.all():
        fields = ("order", "kind", "text", "help_text", "required", "choices", "scale_labels")
        copy = Question(
            survey=retest, copied_from=question, **{f: getattr(question, f) for f in fields}
        )
        copy.group_by, copy.asks_identifying = question.group_by, question.asks_identifying
        _save(copy)
    audit_log(
        actor=by,
        verb="survey.retest_created",
        target=retest,
        detail={"baseline": str(baseline.code)},
    )
    return retest


# Sending ---------------------------------------------------------------------------------------


def public_url(survey: Survey) -> str:
    return settings.SITE_URL + reverse("surveys:respond", args=[survey.public_token])


def _recipients(agencies: list[Agency], roles: list[str]) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, agency__in=agencies, role_grants__role__in=roles
    ).distinct()


@transaction.atomic
def survey_send(
    *, survey: Survey, by: User, agencies: Iterable[Agency], roles: Iterable[str]
) -> tuple[SurveySend, int]:
    """E-mail the public link to active people of these agencies with these roles, through the
    task worker. The e-mail carries the same link as everyone else's, so answers stay anonymous."""
    require(access.can_manage(by), DENIED)
    if survey.audience not in SENDABLE_AUDIENCES:
        raise ValidationError(
            "Only practitioner and stakeholder surveys are sent through the system."
        )
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError("Publish the survey before sending it.")
    agencies, roles = list(agencies), sorted(set(roles) & set(Role.values))
    if not agencies or not roles:
        raise ValidationError("Choose at least one agency and one role.")
    people = list(_recipients(agencies, roles))
    send = _save(SurveySend(survey=survey, roles=roles, recipients=len(people), sent_by=by))
    send.agencies.set(agencies)
    context = {
        "title": survey.title,
        "link": public_url(survey),
        "closes_on": survey.closes_on.strftime("%-d %B %Y"),
    }
    for person in people:
        send_email_on_commit(
            to=[person.email],
            template=EMAIL_TEMPLATE,
            context=context | {"full_name": person.full_name},
        )
    detail = {"agencies": [a.agency_code for a in agencies], "roles": roles, "emails": len(people)}
    audit_log(actor=by, verb="survey.sent", target=survey, detail=detail)
    return send, len(people)


# Answering -------------------------------------------------------------------------------------


def _clean_answer(question: Question, value: Any) -> dict[str, Any] | None:
    """The stored form of one answer, or None when it was left empty. Raises for a value the
    form could never have sent (a tampered or stale submission)."""
    field = f"q_{question.pk}"
    if question.kind == QuestionKind.SCALE:
        if value in (None, ""):
            return None
        if str(value) not in {str(v) for v in SCALE_VALUES}:
            raise ValidationError({field: "Choose one of the five answers"})
        return {"scale_value": int(value)}
    if question.is_choice:
        chosen = [value] if isinstance(value, str) else list(value or [])
        chosen = [c for c in chosen if c]
        if not chosen:
            return None
        if any(c not in question.choices for c in chosen) or (
            question.kind == QuestionKind.SINGLE and len(chosen) > 1
        ):
            raise ValidationError({field: "Choose from the options given"})
        return {"selected": [c for c in question.choices if c in chosen]}
    text = str(value or "").strip()
    if len(text) > MAX_TEXT_ANSWER:
        raise ValidationError({field: f"Your answer must be {MAX_TEXT_ANSWER} characters or fewer"})
    return {"text": text} if text else None


def _hour(moment: datetime) -> datetime:
    """Rounded down to the hour: enough to see when answers came, too coarse to match a person
    to a response by when they were seen at a computer."""
    return moment.replace(minute=0, second=0, microsecond=0)


def _audit_anonymously(survey: Survey) -> None:
    """Audit an anonymous answer with no IP address. `audit_log` falls back to the request's
    address, so the request context is emptied while it runs."""
    token = request_context.set_current(request_context.RequestInfo())
    try:
        audit_log(actor=None, actor_label=ANONYMOUS_LABEL, verb="survey.answered", target=survey)
    finally:
        request_context.reset(token)


@transaction.atomic
def response_submit(
    *, survey: Survey, answers: Mapping[int, Any], now: datetime | None = None
) -> Response:
    """Store one anonymous response. `answers` maps question id to the value given (a list for
    "choose one or more"). Nothing about who answered is stored."""
    now = now or timezone.now()
    if not survey.is_accepting(timezone.localdate(now)):
        raise ValidationError("This survey is closed.")
    cleaned: list[tuple[Question, dict[str, Any]]] = []
    for question in survey.questions.all():
        value = _clean_answer(question, answers.get(question.pk))
        if value is None and question.required:
            raise ValidationError({f"q_{question.pk}": "Answer this question"})
        if value is not None:
            cleaned.append((question, value))
    if not cleaned:
        raise ValidationError("Answer at least one question.")
    response = Response.objects.create(survey=survey, submitted_at=_hour(now))
    Answer.objects.bulk_create(Answer(response=response, question=q, **v) for q, v in cleaned)
    _audit_anonymously(survey)
    return response


# Evidence --------------------------------------------------------------------------------------


@transaction.atomic
def survey_evidence_refresh(*, survey: Survey, by: User | None) -> Any:
    """Add or refresh the survey's entry in the QA evidence register (one entry per survey)."""
    if by is not None:
        require(access.can_manage(by), DENIED)
    if survey.status == SurveyStatus.DRAFT:
        raise ValidationError("A draft survey has no results to add as evidence.")
    return offer(evidence.survey_offer(survey), actor=by)
