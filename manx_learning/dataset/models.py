"""The Performance Dataset: the indicator catalogue, agencies' returns and the observations they
carry, the Board's queries, reference series for benchmarking, the trend signals the Making Data
Count rules find, and the tokens agency systems use to submit returns directly.

Periods are stored as text in one of three forms – `YYYY-MM` (monthly), `YYYY-Qn` (quarterly),
`YYYY` (annual) – with `period_start`, the first day of the period, beside them for ordering and
range queries."""

from django.conf import settings
from django.db import models

from manx_learning.accounts.models import Agency
from manx_learning.core.models import BaseModel
from manx_learning.core.validators import safe_code


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENT = "percent", "Percentage"
    RATE = "rate", "Rate per 10,000"
    DAYS = "days", "Days"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class Improvement(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"
    NEUTRAL = "neutral", "Neither (context only)"


class Indicator(BaseModel):
    code = models.CharField(
        max_length=40,
        unique=True,
        validators=[safe_code],
        help_text="Short code used in files and the API, e.g. CP-03",
    )
    name = models.CharField(max_length=200)
    definition = models.TextField("plain-English definition", blank=True)
    numerator_definition = models.TextField(blank=True)
    denominator_definition = models.TextField(blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    improvement = models.CharField(
        "improvement direction", max_length=10, choices=Improvement.choices
    )
    # A single target, or a healthy band (e.g. 10–15% of plans being repeat plans, where very low
    # is also a warning). Either or both may be empty.
    target = models.FloatField(null=True, blank=True)
    target_low = models.FloatField("healthy band: from", null=True, blank=True)
    target_high = models.FloatField("healthy band: to", null=True, blank=True)
    owner_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_indicators"
    )
    # Agencies expected to submit this indicator in their returns; empty means the owner only.
    reporting_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="reported_indicators"
    )
    priority = models.ForeignKey(
        "vocabulary.BoardPriority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    # Names of the breakdowns collected, e.g. ["age band", "gender", "category"].
    disaggregations = models.JSONField(default=list, blank=True)
    # Fix the SPC limits after this many points (None: limits use every point).
    baseline_points = models.PositiveSmallIntegerField(null=True, blank=True)
    is_published = models.BooleanField(
        "published as open data", default=False, help_text="Shown on the public open-data page"
    )
    is_active = models.BooleanField("collected", default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ReturnStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    SUBMITTED = "submitted", "Submitted"
    QUERIED = "queried", "Queried"
    ACCEPTED = "accepted", "Accepted"


class Return(BaseModel):
    """One agency's submission for one period. Each (re)submission is a `ReturnVersion`."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="data_returns")
    period = models.CharField(max_length=7)
    period_start = models.DateField()
    deadline = models.DateField()
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.NOT_STARTED
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "period"], name="one_return_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.period}"


class SubmissionMethod(models.TextChoices):
    UPLOAD = "upload", "File upload"
    FORM = "form", "Keyed in a form"
    API = "api", "Agency system (API)"
    COMMAND = "command", "Command line import"


# How many of a version's changes its card lists; the rest are counted.
CHANGES_SHOWN = 50


class ReturnVersion(models.Model):
    """One accepted submission. `changes` says what it changed against the version before:
    a list of {"indicator", "period", "before", "after"}."""

    data_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    method = models.CharField(max_length=10, choices=SubmissionMethod.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    changes = models.JSONField(default=list, blank=True)
    # The values this version brought, as sent: {"indicator", "value", "numerator",
    # "denominator", "note"}. With `changes`, the record of what each submission said.
    values = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["data_return", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_return", "number"], name="return_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.data_return} v{self.number}"

    @property
    def changes_shown(self) -> list[dict]:
        return self.changes[:CHANGES_SHOWN]

    @property
    def changes_not_shown(self) -> int:
        return max(0, len(self.changes) - CHANGES_SHOWN)

    @property
    def values_shown(self) -> list[dict]:
        return self.values[:CHANGES_SHOWN]

    @property
    def values_not_shown(self) -> int:
        return max(0, len(self.values) - CHANGES_SHOWN)

    @property
    def is_revision(self) -> bool:
        """A later version, which says what it changed (or that it changed nothing)."""
        return self.number > 1


class Observation(models.Model):
    """One value of one indicator for one agency and period (and, optionally, one breakdown such
    as "age band: 0-4"; the empty breakdown is the total)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="observations")
    period = models.CharField(max_length=7)
    period_start = models.DateField()
    breakdown = models.CharField(max_length=100, blank=True, default="")
    value = models.FloatField()
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    note = models.TextField("commentary", blank=True)
    version = models.ForeignKey(
        ReturnVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "agency", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "agency", "period", "breakdown"],
                name="one_value_per_indicator_agency_period",
            )
        ]
        indexes = [models.Index(fields=["indicator", "agency", "period_start"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.agency_id} {self.period}: {self.value}"


class QueryStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    RESOLVED = "resolved", "Resolved"


class ValueQuery(BaseModel):
    """The business unit questions a submitted value; the agency answers."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="queries")
    data_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="queries")
    question = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=QueryStatus.choices, default=QueryStatus.OPEN)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "value queries"

    def __str__(self) -> str:
        return self.question[:60]


class ReferenceValue(models.Model):
    """A benchmark, e.g. the England average, entered as its own series beside an indicator."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="references")
    series = models.CharField(max_length=100, help_text="e.g. England average")
    period = models.CharField(max_length=7)
    period_start = models.DateField()
    value = models.FloatField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["indicator", "series", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "series", "period"], name="one_reference_value_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.period}: {self.value}"


class ProcessChange(BaseModel):
    """A known change to how the work is done or counted; SPC limits are recalculated from here."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="process_changes"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(max_length=7, help_text="The first period under the new process")
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["indicator", "period"]

    def __str__(self) -> str:
        return f"{self.indicator.code} from {self.period}: {self.description}"


class Signal(models.Model):
    """A special-cause signal found by the SPC rules, kept so the emerging-trends page reads one
    indexed table instead of recomputing a million observations. Recomputed after each accepted
    return for the series it touched. `agency` is null for the all-agency total."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="signals")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(max_length=7)
    period_start = models.DateField(db_index=True)
    value = models.FloatField()
    rules = models.JSONField(default=list)
    variation = models.CharField(max_length=20)  # improvement / concern / neutral
    # Higher is more severe: a point outside the limits outranks a shift, etc.
    severity = models.PositiveSmallIntegerField(default=0, db_index=True)
    mean = models.FloatField()
    lpl = models.FloatField()
    upl = models.FloatField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "-severity"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "agency", "period"], name="one_signal_per_series_point"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {', '.join(self.rules)}"


class ApiToken(BaseModel):
    """A secret an agency system uses to submit returns. Only a hash is stored; the token is shown
    once when issued. `prefix` (the first characters) identifies it in lists and the audit trail."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="e.g. Mosaic case system")
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["agency__name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.agency} {self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ReturnReminderReason(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class ReturnReminder(models.Model):
    """One reminder about one agency's return for one period, sent to one person once. The
    unique constraint is what makes the daily reminder job idempotent."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    reason = models.CharField(max_length=10, choices=ReturnReminderReason.choices)
    recipient = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period", "reason", "recipient"], name="remind_return_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} for {self.agency_id} {self.period} to {self.recipient}"
