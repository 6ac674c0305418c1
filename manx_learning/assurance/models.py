"""The Quality Assurance and Scrutiny Framework's spine: the Board's priorities and the register of
evidence every judgement rests on. Audits, surveys, the dataset, reviews and briefings add evidence
here automatically (each row links back to what produced it); people add the rest by hand."""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from manx_learning.accounts.models import Agency
from manx_learning.core.models import BaseModel
from manx_learning.vocabulary.models import BoardPriority, EvidenceSource, Strength


class Evidence(BaseModel):
    """One piece of evidence. `origin` links back to the audit, survey, signal, review or briefing
    that produced it; hand-entered evidence has no origin."""

    title = models.CharField(max_length=200)
    source = models.CharField(max_length=40, choices=EvidenceSource.choices)
    dated = models.DateField("date of the evidence")
    summary = models.TextField()
    strength = models.CharField(max_length=20, choices=Strength.choices)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="qa_evidence")
    themes = models.ManyToManyField("vocabulary.Theme", blank=True, related_name="qa_evidence")
    priorities = models.ManyToManyField(BoardPriority, blank=True, related_name="evidence")
    link_url = models.CharField(
        "link", max_length=500, blank=True, help_text="Where the evidence can be seen in full"
    )
    origin_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_id = models.CharField(max_length=64, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    is_automatic = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-dated", "-created_at"]
        verbose_name_plural = "evidence"
        indexes = [models.Index(fields=["origin_type", "origin_id"])]
        constraints = [
            # One register row per thing that produced evidence, so re-running is idempotent.
            models.UniqueConstraint(
                fields=["origin_type", "origin_id"],
                condition=models.Q(origin_type__isnull=False),
                name="one_evidence_row_per_origin",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def strength_short(self) -> str:
        return Strength.short_label(self.strength)


class EvidenceAttachment(BaseModel):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="attachments")
    document = models.FileField(upload_to="assurance/evidence/%Y/")
    original_name = models.CharField(max_length=255)
    content_kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name


# Assessments, retests and reminders -----------------------------------------------------------


class Grade(models.TextChoices):
    """The judgement scale used in children's and adults' case-file audits (Ofsted's four key
    judgements), so a grade reads the same in an audit and in an assessment."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


# Higher is better: used to say whether a re-grade is an improvement.
GRADE_RANK = {
    Grade.INADEQUATE: 1,
    Grade.REQUIRES_IMPROVEMENT: 2,
    Grade.GOOD: 3,
    Grade.OUTSTANDING: 4,
}


class AssessmentStatus(models.TextChoices):
    GATHERING = "gathering", "Gathering evidence"
    JUDGED = "judged", "Judged – action plan under way"
    RETESTED = "retested", "Retested"


class Assessment(BaseModel):
    """The Board's assessment of a theme or priority over a period: the evidence gathered, a
    judgement with its rationale, strengths and areas for improvement, an action plan (actions
    in the actions register) and the measures retested after an agreed period."""

    title = models.CharField(max_length=200)
    theme = models.ForeignKey(
        "vocabulary.Theme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="qa_assessments",
    )
    priority = models.ForeignKey(
        BoardPriority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    period_start = models.DateField("period from")
    period_end = models.DateField("period to")
    question = models.TextField(
        "what the assessment asks", blank=True, help_text="The question the Board wants answered"
    )
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="assessments")
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.GATHERING
    )
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    rationale = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    areas_for_improvement = models.TextField(blank=True)
    judged_on = models.DateField(null=True, blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retest_due = models.DateField("retest date", null=True, blank=True)
    # The action plan's one recommendation in the actions register (created with the first
    # action), so the plan's actions sit with every other action the Board follows up.
    recommendation = models.OneToOneField(
        "actions.Recommendation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessment",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="assessment_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(theme__isnull=False) | models.Q(priority__isnull=False),
                name="assessment_has_theme_or_priority",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self) -> str:
        """What is assessed: the priority, the theme, or both."""
        names = [str(x) for x in (self.priority, self.theme) if x is not None]
        return " · ".join(names)

    @property
    def is_retested(self) -> bool:
        return self.status == AssessmentStatus.RETESTED

    def retest_date_reached(self, today: date) -> bool:
        return bool(self.retest_due and self.retest_due <= today)

    def retest_is_due(self, today: date) -> bool:
        return self.retest_date_reached(today) and self.status == AssessmentStatus.JUDGED


class AssessmentMeasure(BaseModel):
    """Something the retest re-runs: an audit programme, a survey or an indicator, linked
    generically so this app never imports the apps that own them."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="measures")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    label = models.CharField(max_length=250, help_text="What it was called when it was chosen")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "target_type", "target_id"],
                name="measure_once_per_assessment",
            )
        ]

    def __str__(self) -> str:
        return self.label


class Retest(BaseModel):
    """The recorded result of an assessment's retest: the judgement at retest, the overall
    verdict and a snapshot of every comparison as it stood, so the result an action shows does
    not change when later data arrives."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="retests")
    retested_on = models.DateField()
    grade = models.CharField("judgement at retest", max_length=30, choices=Grade.choices)
    rationale = models.TextField()
    verdict = models.CharField(max_length=20)  # a measures.Verdict value
    explanation = models.TextField()
    snapshot = models.JSONField(default=list)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="retests")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-retested_on", "-created_at"]

    def __str__(self) -> str:
        return f"Retest of {self.assessment} on {self.retested_on}"


class QaReminderLog(models.Model):
    """One reminder about one calendar item, to one person, sent once (the unique constraint
    makes the daily job idempotent, as for action reminders)."""

    item_key = models.CharField(max_length=300)
    reason = models.CharField(max_length=20)  # "due_soon" or "overdue"
    due = models.DateField()
    recipient = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item_key", "reason", "due", "recipient"], name="qa_remind_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} {self.item_key} to {self.recipient}"
