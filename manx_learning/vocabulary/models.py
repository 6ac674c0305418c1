"""The Board's shared vocabulary: learning themes, strategic priorities, and the kinds and
strengths of QA evidence.

Reviews, recommendations, briefings, audits, surveys, indicators and QA evidence are all tagged
with them, so they sit low in the layers where every domain app may import them. Both models
moved here from `reviews` and `assurance` and keep their original tables."""

from django.db import models

from manx_learning.core.models import BaseModel


class Theme(BaseModel):
    """The controlled vocabulary of learning themes, kept by the business unit."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        db_table = "reviews_theme"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
        db_table = "assurance_boardpriority"
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


# The words of the QA framework's evidence register. Every source of evidence (audits, surveys,
# the dataset, reviews, briefings) names its kind and strength with these when it offers
# evidence (see core/evidence.py), so they live here rather than in `assurance`.


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

    @classmethod
    def short_label(cls, value: str) -> str:
        """The grade alone ("Strong"), for tables and lists where the explanation would crowd."""
        return cls(value).label.split(" – ")[0]
