"""Audit tools, audit programmes and the moderation of their grades.

A tool (sections, questions, a grading scale and what an Inadequate grade sets off) is locked
once a programme uses it; a change means a new version. A programme audits a sample of cases per
agency; each case audit grades every section with a narrative; the multi-agency discussion
moderates the grades (the original grade is always kept) and records what it learnt. Every grade
change is stored as a row, and a programme names the baseline it retests."""

from datetime import date

from django.conf import settings
from django.db import models

from manx_learning.accounts.models import Agency
from manx_learning.core.models import BaseModel


class GradingScale(BaseModel):
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    """One point on a scale. Rank 1 is the best grade."""

    scale = models.ForeignKey(GradingScale, on_delete=models.CASCADE, related_name="grades")
    label = models.CharField(max_length=60)
    rank = models.PositiveSmallIntegerField()
    is_good_or_better = models.BooleanField(
        "good or better", default=False, help_text="Counts towards the '% good or better' score"
    )
    is_inadequate = models.BooleanField(
        default=False, help_text="Grading a section this way sets off the tool's escalation"
    )

    class Meta:
        ordering = ["scale", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "rank"], name="one_grade_per_rank"),
            models.UniqueConstraint(fields=["scale", "label"], name="unique_grade_label"),
        ]

    def __str__(self) -> str:
        return self.label


class AuditTool(BaseModel):
    name = models.CharField(max_length=150)
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_versions"
    )
    purpose = models.TextField()
    scale = models.ForeignKey(GradingScale, on_delete=models.PROTECT, related_name="tools")
    escalation_text = models.TextField(
        "what happens when a section is graded Inadequate",
        help_text="Shown to the auditor and sent to the people notified",
    )
    notify_agency_lead = models.BooleanField(
        "notify the agency's leads", default=True, help_text="The leads of the audited agency"
    )
    notify_business_unit = models.BooleanField("notify the business unit", default=True)
    notify_emails = models.TextField(
        "other people to notify",
        blank=True,
        help_text="E-mail addresses, one a line, for example a designated safeguarding nurse",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="one_tool_version")]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    @property
    def is_locked(self) -> bool:
        """Used by a programme: its sections and questions are fixed, so results stay comparable."""
        return self.programmes.exists()


class ToolSection(BaseModel):
    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=100)
    guidance = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["tool", "order"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "title"], name="unique_section_title")
        ]

    def __str__(self) -> str:
        return self.title


class ToolQuestion(BaseModel):
    section = models.ForeignKey(ToolSection, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["section", "order"]

    def __str__(self) -> str:
        return self.text


class ProgrammeKind(models.TextChoices):
    SINGLE = "single", "Single-agency audit"
    MULTI = "multi", "Multi-agency audit"


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    AUDITING = "auditing", "Auditing"
    MODERATION = "moderation", "Moderation"
    COMPLETED = "completed", "Completed"


# The GOV.UK tag colour for each status; templates show the tag with the status's label.
PROGRAMME_STATUS_TAGS = {
    ProgrammeStatus.PLANNED: "govuk-tag--grey",
    ProgrammeStatus.AUDITING: "govuk-tag--blue",
    ProgrammeStatus.MODERATION: "govuk-tag--purple",
    ProgrammeStatus.COMPLETED: "govuk-tag--green",
}


class AuditProgramme(BaseModel):
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="programmes")
    title = models.CharField(max_length=200)
    theme = models.ForeignKey(
        "vocabulary.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    priorities = models.ManyToManyField(
        "vocabulary.BoardPriority", blank=True, related_name="audit_programmes"
    )
    kind = models.CharField(max_length=10, choices=ProgrammeKind.choices)
    agencies = models.ManyToManyField(Agency, related_name="audit_programmes")
    sample_size = models.PositiveSmallIntegerField(
        "cases per agency", help_text="How many cases each agency audits"
    )
    audit_starts = models.DateField("audit window opens")
    audit_ends = models.DateField("audit window closes")
    moderation_on = models.DateField("date of the moderation meeting")
    retest_on = models.DateField("retest date")
    retest_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="retests",
        help_text="The baseline programme this one retests",
    )
    status = models.CharField(
        max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PLANNED
    )
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-audit_starts", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audit_ends__gte=models.F("audit_starts")),
                name="audit_window_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(retest_on__gt=models.F("audit_ends")),
                name="retest_after_audit_window",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_tag(self) -> str:
        return PROGRAMME_STATUS_TAGS[self.status]

    @property
    def is_open_for_auditing(self) -> bool:
        return self.status in {ProgrammeStatus.PLANNED, ProgrammeStatus.AUDITING}

    @property
    def is_in_moderation(self) -> bool:
        return self.status == ProgrammeStatus.MODERATION

    @property
    def is_completed(self) -> bool:
        return self.status == ProgrammeStatus.COMPLETED

    @property
    def is_past_auditing(self) -> bool:
        """The audit window is closed: grades can be moderated and recommendations made."""
        return self.is_in_moderation or self.is_completed

    def retest_due(self, today: date) -> bool:
        return self.is_completed and self.retest_on <= today


class CaseAuditStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"


CASE_STATUS_TAGS = {
    CaseAuditStatus.IN_PROGRESS: "govuk-tag--blue",
    CaseAuditStatus.SUBMITTED: "govuk-tag--green",
}


class CaseAudit(BaseModel):
    """One agency's audit of one case. The case is named only by a pseudonymous reference."""

    programme = models.ForeignKey(
        AuditProgramme, on_delete=models.CASCADE, related_name="case_audits"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="case_audits")
    case_reference = models.CharField(max_length=30)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=CaseAuditStatus.choices, default=CaseAuditStatus.IN_PROGRESS
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["programme", "agency__name", "case_reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "agency", "case_reference"], name="case_audited_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_reference} ({self.agency.agency_code})"

    @property
    def status_tag(self) -> str:
        return CASE_STATUS_TAGS[self.status]

    @property
    def is_escalated(self) -> bool:
        return self.escalated_at is not None


class SectionGrade(models.Model):
    """A section's grade for one case: the auditor's original, and the moderated one (kept
    side by side, so the moderation's effect can be shown)."""

    case_audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="grades")
    section = models.ForeignKey(ToolSection, on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="+")
    narrative = models.TextField()
    moderated_grade = models.ForeignKey(
        Grade, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderation_note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case_audit", "section__order"]
        constraints = [
            models.UniqueConstraint(fields=["case_audit", "section"], name="one_grade_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.section}: {self.final_grade}"

    @property
    def final_grade(self) -> Grade:
        return self.moderated_grade or self.grade

    @property
    def was_changed_at_moderation(self) -> bool:
        return self.moderated_grade_id is not None and self.moderated_grade_id != self.grade_id


class GradeChange(models.Model):
    """The history of one section grade: every change, by whom, and why."""

    ORIGINAL, MODERATED = "original", "moderated"

    section_grade = models.ForeignKey(
        SectionGrade, on_delete=models.CASCADE, related_name="changes"
    )
    which = models.CharField(
        max_length=10, choices=[(ORIGINAL, "Original grade"), (MODERATED, "Moderated grade")]
    )
    from_label = models.CharField(max_length=60, blank=True)
    to_label = models.CharField(max_length=60)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.which}: {self.from_label or '—'} → {self.to_label}"


class ModerationRecord(BaseModel):
    """What the multi-agency discussion agreed. Recording it completes the programme."""

    programme = models.OneToOneField(
        AuditProgramme, on_delete=models.CASCADE, related_name="moderation"
    )
    held_on = models.DateField("date of the moderation meeting")
    attendees = models.TextField(help_text="Who took part, by role and agency")
    agencies = models.ManyToManyField(Agency, related_name="+")
    good_practice = models.TextField()
    areas_for_development = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Moderation of {self.programme}"


class ProgrammeRecommendation(models.Model):
    """Links a recommendation in the Board's register back to the audit that made it."""

    programme = models.ForeignKey(
        AuditProgramme, on_delete=models.CASCADE, related_name="recommendation_links"
    )
    recommendation = models.OneToOneField(
        "actions.Recommendation", on_delete=models.CASCADE, related_name="audit_link"
    )

    def __str__(self) -> str:
        return f"{self.programme}: {self.recommendation}"
