"""Surveys and feedback: questions for service users, families and carers, practitioners and
stakeholders, answered anonymously through a public link.

Privacy is built into the shape of the tables: a `Response` has no user, no IP address, no
browser details and only the hour it arrived, and its key is a random UUID, so neither the key nor
the time says who answered or in what order. Distribution (`SurveySend`) records who was e-mailed
the link, never who answered."""

import secrets
import uuid

from django.conf import settings
from django.db import models

from manx_learning.accounts.models import Agency, Role
from manx_learning.core.models import BaseModel
from manx_learning.vocabulary.models import BoardPriority, EvidenceSource

# Free-text answers are capped so one submission stays small and cannot flood the results page.
MAX_TEXT_ANSWER = 2000
MAX_CHOICE_LABEL = 150
MAX_CHOICES = 20

SCALE_VALUES = (1, 2, 3, 4, 5)
DEFAULT_SCALE_LABELS = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)


class Audience(models.TextChoices):
    SERVICE_USERS = "service_users", "Service users"
    FAMILIES = "families", "Families and carers"
    PRACTITIONERS = "practitioners", "Practitioners"
    STAKEHOLDERS = "stakeholders", "Stakeholders"


# Where each audience's results go in the QA evidence register.
EVIDENCE_SOURCE = {
    Audience.SERVICE_USERS: EvidenceSource.SERVICE_USER_FEEDBACK,
    Audience.FAMILIES: EvidenceSource.FAMILY_FEEDBACK,
    Audience.PRACTITIONERS: EvidenceSource.PRACTITIONER_FEEDBACK,
    Audience.STAKEHOLDERS: EvidenceSource.STAKEHOLDER_FEEDBACK,
}


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


# The GOV.UK tag colour for each status; templates show the tag with the status's label.
SURVEY_STATUS_TAGS = {
    SurveyStatus.DRAFT: "govuk-tag--yellow",
    SurveyStatus.OPEN: "govuk-tag--green",
    SurveyStatus.CLOSED: "govuk-tag--grey",
}


def new_public_token() -> str:
    """22 URL-safe characters (128 random bits): the link cannot be guessed or enumerated."""
    return secrets.token_urlsafe(16)


class Survey(BaseModel):
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    intro = models.TextField(
        "introduction",
        help_text="Shown at the top of the survey. Say in plain words why you are asking and "
        "how the answers will be used.",
    )
    why_identifying = models.TextField(
        "why we ask for identifying details",
        blank=True,
        help_text="Needed only if a question asks for details that could identify someone",
    )
    opens_on = models.DateField()
    closes_on = models.DateField()
    retest_due_on = models.DateField(
        "retest due", null=True, blank=True, help_text="When the Board plans to run it again"
    )
    status = models.CharField(
        max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    public_token = models.CharField(max_length=32, unique=True, default=new_public_token)
    retest_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="retests"
    )
    themes = models.ManyToManyField("vocabulary.Theme", blank=True, related_name="surveys")
    priorities = models.ManyToManyField(BoardPriority, blank=True, related_name="surveys")
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="surveys", help_text="Leave empty for a Board-wide survey"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "feedback_survey"  # the app was called feedback
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_retest(self) -> bool:
        return self.retest_of_id is not None

    @property
    def status_tag(self) -> str:
        return SURVEY_STATUS_TAGS[self.status]

    @property
    def is_draft(self) -> bool:
        """Still being written: its questions can change, and it has no link or results yet."""
        return self.status == SurveyStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN

    @property
    def can_have_retest(self) -> bool:
        """A published baseline (see `services.survey_retest_create`)."""
        return not self.is_draft and not self.is_retest

    @property
    def evidence_source(self) -> str:
        return EVIDENCE_SOURCE[Audience(self.audience)]

    def is_accepting(self, today) -> bool:
        """Open, and today within its dates: the only time the public link takes answers."""
        return self.status == SurveyStatus.OPEN and self.opens_on <= today <= self.closes_on


class QuestionKind(models.TextChoices):
    SCALE = "scale", "Scale of 1 to 5 (agree or disagree)"
    SINGLE = "single", "Choose one option"
    MULTIPLE = "multiple", "Choose one or more options"
    TEXT = "text", "Free text"


class Question(BaseModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField("question", max_length=300)
    help_text = models.CharField("hint", max_length=300, blank=True)
    required = models.BooleanField(default=True)
    choices = models.JSONField(default=list, blank=True)  # option labels, for choice questions
    scale_labels = models.JSONField(default=list, blank=True)  # five labels, 1 to 5
    group_by = models.BooleanField(
        "split results by this question",
        default=False,
        help_text="For a question such as 'Which agency do you work for?'",
    )
    asks_identifying = models.BooleanField(
        "asks for identifying details",
        default=False,
        help_text="For example a name, contact details or anything that could identify someone",
    )
    # The baseline question a retest question was copied from, so results pair up exactly.
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )

    class Meta:
        db_table = "feedback_question"  # the app was called feedback
        ordering = ["order", "created_at"]

    def __str__(self) -> str:
        return self.text

    @property
    def labels(self) -> list[str]:
        return (
            list(self.scale_labels) if len(self.scale_labels) == 5 else list(DEFAULT_SCALE_LABELS)
        )

    @property
    def is_choice(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    @property
    def is_text(self) -> bool:
        return self.kind == QuestionKind.TEXT


class Response(models.Model):
    """One person's answers. Deliberately no user, IP address, user agent or exact time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(help_text="Rounded down to the hour")

    class Meta:
        db_table = "feedback_response"  # the app was called feedback
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        return f"Response to {self.survey}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    scale_value = models.PositiveSmallIntegerField(null=True, blank=True)
    selected = models.JSONField(default=list, blank=True)  # option labels chosen
    text = models.TextField(blank=True, max_length=MAX_TEXT_ANSWER)

    class Meta:
        db_table = "feedback_answer"  # the app was called feedback
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_a_question")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"


class SurveySend(BaseModel):
    """The business unit e-mails the public link to people of these agencies with these roles.
    Who was e-mailed is never connected to who answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sends")
    agencies = models.ManyToManyField(Agency, related_name="+")
    roles = models.JSONField(default=list)
    recipients = models.PositiveIntegerField(default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "feedback_surveysend"  # the app was called feedback
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.survey} sent to {self.recipients}"

    @property
    def role_labels(self) -> list[str]:
        return [Role(code).label for code in self.roles if code in Role.values]
