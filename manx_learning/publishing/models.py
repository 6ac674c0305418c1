"""Anonymisation runs, the publication gate's records and the public library of published
learning. (7-minute briefings, published through it, live in the `briefings` app.)"""

from django.conf import settings
from django.db import models

from manx_learning.core.models import BaseModel


class AnonymisationRun(BaseModel):
    """The anonymiser run on one exact report version. Its spans are the report of every
    replacement and flag (start, end, original, replacement, category, source, confidence)."""

    report_version = models.ForeignKey(
        "reviews.ReportVersion", on_delete=models.CASCADE, related_name="anonymisation_runs"
    )
    source_sha256 = models.CharField(max_length=64, help_text="Hash of the text that was run")
    source_text = models.TextField()
    output_text = models.TextField()
    spans = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Anonymisation of {self.report_version}"


class SpanDecision(models.Model):
    """A person's decision on one detected span (register replacements cannot be undone)."""

    ACCEPT = "accept"
    REJECT = "reject"

    run = models.ForeignKey(AnonymisationRun, on_delete=models.CASCADE, related_name="decisions")
    span_index = models.PositiveIntegerField()
    decision = models.CharField(max_length=10, choices=[(ACCEPT, "Replace"), (REJECT, "Keep")])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "span_index"], name="one_decision_per_span")
        ]

    def __str__(self) -> str:
        return f"{self.decision} span {self.span_index}"


class MissedText(models.Model):
    """Text the reviewer marked as identifying that the anonymiser missed."""

    run = models.ForeignKey(AnonymisationRun, on_delete=models.CASCADE, related_name="missed")
    text = models.CharField(max_length=300)
    replacement = models.CharField(max_length=40, default="[redacted]")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.replacement


class PublishedKind(models.TextChoices):
    REVIEW = "review", "Case review"
    LEARNING_REPORT = "learning_report", "Learning report"
    AUDIT_SUMMARY = "audit_summary", "Audit summary"
    BRIEFING = "briefing", "7-minute briefing"


class AudienceGroup(models.TextChoices):
    CHILDREN = "children", "Children and young people"
    ADULTS = "adults", "Adults"
    BOTH = "both", "Children and adults"


class PublishedQuerySet(models.QuerySet):
    def public(self) -> "PublishedQuerySet":
        return self.filter(published_at__isnull=False, withdrawn_at__isnull=True)


class PublishedItem(BaseModel):
    """Something on the public site. Only rows with `published_at` set and not withdrawn are
    public; every public URL is looked up through the `public()` queryset."""

    kind = models.CharField(max_length=20, choices=PublishedKind.choices)
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    body_html = models.TextField()
    pdf = models.FileField(upload_to="published/", blank=True)
    year = models.PositiveSmallIntegerField()
    audience = models.CharField(max_length=10, choices=AudienceGroup.choices)
    themes = models.ManyToManyField("vocabulary.Theme", blank=True, related_name="published_items")
    review = models.ForeignKey(
        "reviews.Review", null=True, blank=True, on_delete=models.PROTECT, related_name="published"
    )
    anonymisation_run = models.ForeignKey(
        AnonymisationRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title
