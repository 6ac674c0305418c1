"""Anonymisation runs, the publication gate's records and the public library of published
learning. (7-minute briefings, published through it, live in the `briefings` app.)"""

from django.conf import settings
from django.db import models

from manx_learning.core.models import BaseModel


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


RUN_STATUS_TAGS = {
    RunStatus.QUEUED: "govuk-tag--grey",
    RunStatus.RUNNING: "",  # the plain tag is blue
    RunStatus.DONE: "govuk-tag--green",
    RunStatus.FAILED: "govuk-tag--red",
}


class AnonymisationRun(BaseModel):
    """The anonymiser run on one exact report version. Its spans are the report of every
    replacement and flag (start, end, original, replacement, category, source, confidence).

    A run is queued, then the task worker reads the report and anonymises it
    (`publishing.tasks.anonymise_report`), recording its progress here; it ends done, or failed
    with the message saying why (a document beyond a limit, tracked changes, a scan...)."""

    report_version = models.ForeignKey(
        "reviews.ReportVersion", on_delete=models.CASCADE, related_name="anonymisation_runs"
    )
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress_stage = models.CharField(max_length=200, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    characters = models.PositiveIntegerField(default=0, help_text="Length of the text read")
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    source_sha256 = models.CharField(
        max_length=64, blank=True, help_text="Hash of the text that was run"
    )
    version_sha256 = models.CharField(
        max_length=64,
        blank=True,
        help_text="Hash of the report version as stored (its text, or its document's bytes)",
    )
    source_text = models.TextField(blank=True)
    output_text = models.TextField(blank=True)
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

    @property
    def is_done(self) -> bool:
        return self.status == RunStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == RunStatus.FAILED

    @property
    def is_pending(self) -> bool:
        """Queued or running: the page shows progress and refreshes itself."""
        return self.status in {RunStatus.QUEUED, RunStatus.RUNNING}

    @property
    def status_tag(self) -> str:
        return RUN_STATUS_TAGS[RunStatus(self.status)]

    @property
    def progress_text(self) -> str:
        """What the run is doing, for the page's status region."""
        if self.is_done:
            return f"Finished: {self.characters:,} characters read."
        if self.is_failed:
            return "The anonymiser could not finish."
        return f"{self.progress_stage or 'Waiting for the worker'} ({self.progress_percent}%)."


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
