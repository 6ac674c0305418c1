"""The Board's register of recommendations, whatever produced them, and the action plans that
follow them until their impact is shown."""

from datetime import date

from django.conf import settings
from django.db import models

from manx_learning.accounts.models import Agency
from manx_learning.core.models import BaseModel


class SourceKind(models.TextChoices):
    REVIEW = "review", "Case review"
    AUDIT = "audit", "Audit"
    ASSESSMENT = "assessment", "QA assessment"
    NATIONAL = "national", "National review adopted by the Board"
    OTHER = "other", "Other"


class Recommendation(BaseModel):
    """One recommendation the Board owns. From a review it is linked to the review and its
    findings; from elsewhere it names its source."""

    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    review = models.ForeignKey(
        "reviews.Review",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    source_title = models.CharField(
        max_length=200, blank=True, help_text="For recommendations not from a review"
    )
    source_year = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    to_board = models.BooleanField("addressed to the Board", default=False)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="recommendations")
    findings = models.ManyToManyField("reviews.Finding", blank=True, related_name="recommendations")
    themes = models.ManyToManyField("vocabulary.Theme", blank=True, related_name="recommendations")
    # The author's SMART check: what outcome, how it is measured, who owns it, by when.
    smart_outcome = models.TextField("specific outcome")
    smart_measure = models.TextField("measure")
    smart_owner = models.CharField("owner", max_length=200)
    smart_timescale = models.CharField("timescale", max_length=200)
    responses_due = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-source_year", "review", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"],
                condition=models.Q(review__isnull=False),
                name="recommendation_number_per_review",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_label} R{self.number}"

    @property
    def source_label(self) -> str:
        if self.review_id:
            return f"{self.review.reference} {self.review.title}"
        return self.source_title or self.get_source_kind_display()

    def responses_overdue(self, today: date) -> bool:
        """Whether the date for the agencies' formal responses has passed."""
        return self.responses_due is not None and self.responses_due < today


class ResponseKind(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    PARTLY = "partly", "Partly accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


# The GOV.UK tag colour for each value. Templates show a value's tag and label; they never
# choose a colour themselves.
RESPONSE_TAGS = {
    ResponseKind.ACCEPTED: "govuk-tag--green",
    ResponseKind.PARTLY: "govuk-tag--yellow",
    ResponseKind.NOT_ACCEPTED: "govuk-tag--red",
}


class RecommendationResponse(BaseModel):
    """An addressed agency's formal response."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="responses"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    response = models.CharField(max_length=20, choices=ResponseKind.choices)
    reasons = models.TextField()
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "agency"], name="one_response_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_response_display()}"

    @property
    def response_tag(self) -> str:
        return RESPONSE_TAGS[self.response]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed (awaiting assurance)"
    ASSURED = "assured", "Assured"
    NOT_ACHIEVED = "not_achieved", "Closed – not achieved"
    SUPERSEDED = "superseded", "Superseded"


OPEN_STATUSES = {ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS}
CLOSED_STATUSES = {ActionStatus.ASSURED, ActionStatus.NOT_ACHIEVED, ActionStatus.SUPERSEDED}


class ImpactKind(models.TextChoices):
    INDICATOR = "indicator", "An indicator in the performance dataset"
    RETEST = "retest", "A planned re-audit or retest"
    CHECK = "check", "A described check"


class Rag(models.TextChoices):
    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due_soon", "Due soon"
    ON_TRACK = "on_track", "On track"
    DONE = "done", "Done"

    @property
    def tag(self) -> str:
        return RAG_TAGS[self]


RAG_TAGS = {
    Rag.OVERDUE: "govuk-tag--red",
    Rag.DUE_SOON: "govuk-tag--yellow",
    Rag.ON_TRACK: "govuk-tag--green",
    Rag.DONE: "govuk-tag--grey",
}

DUE_SOON_DAYS = 28


class Action(BaseModel):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField("what will be done")
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="actions")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_actions",
    )
    lead_name = models.CharField("lead person", max_length=150)
    due_date = models.DateField()
    expected_outcome = models.TextField()
    impact_kind = models.CharField(max_length=20, choices=ImpactKind.choices)
    impact_measure = models.TextField(
        "how we will know it made a difference",
        help_text="The indicator, the retest, or the check, and what result would show impact",
    )
    # The QA assessment whose retest measures this action's impact; its result shows here.
    impact_assessment = models.ForeignKey(
        "assurance.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="impact_actions",
    )
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    closed_reason = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    assured_on = models.DateField(null=True, blank=True)
    assured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic locking: every change bumps the version; a form saved from an older version is
    # refused rather than silently overwriting someone else's change.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    def rag(self, today: date) -> str:
        """Derived, never typed: done, overdue, due soon, or on track."""
        if self.status in CLOSED_STATUSES or self.status == ActionStatus.COMPLETED:
            return Rag.DONE
        if self.due_date < today:
            return Rag.OVERDUE
        if (self.due_date - today).days <= DUE_SOON_DAYS:
            return Rag.DUE_SOON
        return Rag.ON_TRACK

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.due_date).days) if self.rag(today) == Rag.OVERDUE else 0


class ActionEvent(models.Model):
    """The action's timeline: status changes, progress notes, evidence, assurance decisions."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    noted_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.noted_on}"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    AUDIT = "audit", "Audit result"
    TRAINING = "training", "Training record"
    OTHER = "other", "Other"


class Evidence(BaseModel):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    description = models.CharField(max_length=300)
    document = models.FileField(upload_to="actions/evidence/%Y/")
    original_name = models.CharField(max_length=255)
    content_kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.description


class PanelMeeting(BaseModel):
    held_on = models.DateField(unique=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Panel meeting {self.held_on}"


class ReminderReason(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    ESCALATED = "escalated", "Escalated to the business unit"


class ReminderLog(models.Model):
    """One reminder reason for one action, sent once. The unique constraint is what makes the
    reminder job idempotent: running it twice, or on two workers, sends nothing twice."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    reason = models.CharField(max_length=20, choices=ReminderReason.choices)
    # The due date the reminder was about: a new due date earns new reminders.
    due_date = models.DateField()
    recipient = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "reason", "due_date", "recipient"], name="remind_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} for {self.action_id} to {self.recipient}"
