"""The Quality Assurance and Scrutiny Framework's spine: the Board's priorities and the register of
evidence every judgement rests on. Audits, surveys, the dataset, reviews and briefings add evidence
here automatically (each row links back to what produced it); people add the rest by hand."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from manx_learning.accounts.models import Agency
from manx_learning.core.models import BaseModel


class BoardPriority(BaseModel):
    """One of the Board's current strategic priorities, used to tag evidence, indicators and
    actions."""

    title = models.CharField(max_length=150, unique=True)
    outcome_sought = models.TextField(help_text="What will be different for children and adults")
    description = models.TextField(blank=True)
    starts_on = models.DateField(help_text="When the priority period begins")
    ends_on = models.DateField(help_text="When the priority period ends")
    is_active = models.BooleanField("current", default=True)

    class Meta:
        ordering = ["-is_active", "title"]
        verbose_name_plural = "board priorities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="priority_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class EvidenceSource(models.TextChoices):
    SINGLE_AGENCY_AUDIT = "single_agency_audit", "Single-agency audit"
    MULTI_AGENCY_AUDIT = "multi_agency_audit", "Multi-agency audit"
    PRACTICE_OBSERVATION = "practice_observation", "Practice observation"
    SERVICE_USER_FEEDBACK = "service_user_feedback", "Feedback from service users"
    FAMILY_FEEDBACK = "family_feedback", "Feedback from families and carers"
    PRACTITIONER_FEEDBACK = "practitioner_feedback", "Feedback from practitioners"
    STAKEHOLDER_FEEDBACK = "stakeholder_feedback", "Feedback from stakeholders"
    PERFORMANCE_DATA = "performance_data", "Performance data"
    LOCAL_REVIEW = "local_review", "Learning from local reviews"
    NATIONAL_REVIEW = "national_review", "Learning from national reviews"


class Strength(models.TextChoices):
    """How much weight the evidence can bear, judged by the person who records it."""

    STRONG = "strong", "Strong – robust, recent and representative"
    MODERATE = "moderate", "Moderate – some limits on size, age or coverage"
    LIMITED = "limited", "Limited – indicative only"


class Evidence(BaseModel):
    """One piece of evidence. `origin` links back to the audit, survey, signal, review or briefing
    that produced it; hand-entered evidence has no origin."""

    title = models.CharField(max_length=200)
    source = models.CharField(max_length=40, choices=EvidenceSource.choices)
    dated = models.DateField("date of the evidence")
    summary = models.TextField()
    strength = models.CharField(max_length=20, choices=Strength.choices)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="qa_evidence")
    themes = models.ManyToManyField("reviews.Theme", blank=True, related_name="qa_evidence")
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
