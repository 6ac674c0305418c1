"""Case reviews: one model for every kind of review, from referral to an approved report.

The kind decides what is required (see services). Restricted data (the identifier register, and
everything about the people behind the pseudonyms) is seen only through selectors."""

from datetime import date

from django.conf import settings
from django.db import models

from manx_learning.accounts.models import Agency
from manx_learning.core.models import BaseModel
from manx_learning.vocabulary.models import Theme


class ReviewKind(models.TextChoices):
    SCMR = "scmr", "Serious Case Management Review"
    THEMATIC = "thematic", "Thematic review"
    LEARNING_REVIEW = "learning_review", "Other learning review"
    LEARNING_REPORT = "learning_report", "Learning report"


class Mandate(models.TextChoices):
    MANDATORY = "mandatory", "Mandatory (criteria met)"
    DISCRETIONARY = "discretionary", "Discretionary"
    THEMATIC = "thematic", "Thematic"


class Stage(models.TextChoices):
    REFERRAL = "referral", "Referral received"
    SCREENING = "screening", "Screening"
    DECISION = "decision", "Awaiting Panel decision"
    COMMISSIONING = "commissioning", "Commissioning"
    GATHERING = "gathering", "Gathering information"
    ANALYSIS = "analysis", "Findings and recommendations"
    APPROVAL = "approval", "Awaiting approval"
    APPROVED = "approved", "Approved"
    NO_REVIEW = "no_review", "Closed: no review"


STAGE_ORDER = [choice.value for choice in Stage]

# The GOV.UK tag colour for each stage (GOV.UK Frontend 6: the plain tag is blue; red is kept
# for "Overdue"). Templates show the tag with the stage's label.
STAGE_TAGS = {
    Stage.REFERRAL: "",
    Stage.SCREENING: "",
    Stage.DECISION: "govuk-tag--purple",
    Stage.COMMISSIONING: "govuk-tag--magenta",
    Stage.GATHERING: "govuk-tag--teal",
    Stage.ANALYSIS: "govuk-tag--yellow",
    Stage.APPROVAL: "govuk-tag--orange",
    Stage.APPROVED: "govuk-tag--green",
    Stage.NO_REVIEW: "govuk-tag--grey",
}


class Methodology(models.TextChoices):
    SYSTEMS = "systems", "Systems approach / Learning Together"
    SILP = "silp", "Significant Incident Learning Process (SILP)"
    HYBRID = "hybrid", "Hybrid"
    APPRECIATIVE = "appreciative", "Appreciative inquiry"
    OTHER = "other", "Other"


class Harm(models.TextChoices):
    DIED = "died", "Died"
    SERIOUSLY_HARMED = "seriously_harmed", "Seriously harmed"


class AbuseNeglect(models.TextChoices):
    KNOWN = "known", "Known"
    SUSPECTED = "suspected", "Suspected"
    NEITHER = "neither", "Neither known nor suspected"


class Scope(models.TextChoices):
    SINGLE_AGENCY = "single", "Single agency"
    MULTI_AGENCY = "multi", "Multi-agency"


class FamilyInvolvement(models.TextChoices):
    INVOLVED = "involved", "Involved"
    PLANNED = "planned", "Planned"
    DECLINED = "declined", "Invited, declined"
    NOT_INVOLVED = "not_involved", "Not involved"


class Review(BaseModel):
    reference = models.CharField(max_length=30, unique=True)
    title = models.CharField(
        max_length=150, help_text="A pseudonym for the case, such as Child J or Family K"
    )
    kind = models.CharField(max_length=20, choices=ReviewKind.choices, blank=True)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.MULTI_AGENCY)
    rapid = models.BooleanField("in rapid time", default=False)
    mandate = models.CharField(max_length=20, choices=Mandate.choices, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REFERRAL)

    # Referral
    referring_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals"
    )
    referrer_name = models.CharField("referring person", max_length=150)
    referral_source = models.CharField(
        max_length=150, help_text="Where the referral came from, e.g. a rapid review, a coroner"
    )
    harm = models.CharField(max_length=20, choices=Harm.choices)
    abuse_neglect = models.CharField(max_length=20, choices=AbuseNeglect.choices)
    concern = models.TextField(help_text="Why agencies may not have worked well together")
    family_wishes = models.TextField(blank=True)
    agencies = models.ManyToManyField(Agency, related_name="reviews", blank=True)

    # Key dates (what national analyses most often found missing)
    incident_date = models.DateField(null=True, blank=True)
    referral_date = models.DateField("date referral received")
    decision_date = models.DateField(null=True, blank=True)
    commissioned_date = models.DateField(null=True, blank=True)
    completion_date = models.DateField(null=True, blank=True)
    approval_date = models.DateField(null=True, blank=True)
    publication_date = models.DateField(null=True, blank=True)

    # Commissioning (terms of reference)
    scope_start = models.DateField(null=True, blank=True)
    scope_end = models.DateField(null=True, blank=True)
    lines_of_enquiry = models.TextField("key lines of enquiry", blank=True)
    methodology = models.CharField(max_length=20, choices=Methodology.choices, blank=True)
    methodology_detail = models.CharField(max_length=200, blank=True)
    reviewer_independence = models.TextField(blank=True)
    family_involvement = models.CharField(
        max_length=20, choices=FamilyInvolvement.choices, blank=True
    )
    family_involvement_detail = models.TextField(
        blank=True, help_text="How the person or family will be involved, or why not"
    )
    parallel_handling = models.TextField("how parallel processes are handled", blank=True)
    target_completion_date = models.DateField(null=True, blank=True)
    panel_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="panel_reviews", blank=True
    )

    # Findings
    no_good_practice_reason = models.TextField(
        blank=True, help_text="Why no good practice was found, if none was"
    )

    class Meta:
        ordering = ["-referral_date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.stage in {Stage.APPROVED, Stage.NO_REVIEW}

    @property
    def stage_tag(self) -> str:
        return STAGE_TAGS.get(self.stage, "")

    @property
    def is_commissioning(self) -> bool:
        return self.stage == Stage.COMMISSIONING


class AgeBand(models.TextChoices):
    UNBORN = "unborn", "Unborn"
    UNDER_1 = "under_1", "Under 1"
    AGE_1_4 = "1_4", "1 to 4"
    AGE_5_9 = "5_9", "5 to 9"
    AGE_10_15 = "10_15", "10 to 15"
    AGE_16_17 = "16_17", "16 to 17"
    AGE_18_24 = "18_24", "18 to 24"
    AGE_25_64 = "25_64", "25 to 64"
    AGE_65_PLUS = "65_plus", "65 and over"


class SubjectCategory(models.TextChoices):
    CHILD = "child", "Child"
    YOUNG_PERSON = "young_person", "Young person"
    VULNERABLE_ADULT = "vulnerable_adult", "Vulnerable adult"


class Subject(BaseModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="subjects")
    pseudonym = models.CharField(max_length=80)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    category = models.CharField(max_length=20, choices=SubjectCategory.choices)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.pseudonym


class ParallelKind(models.TextChoices):
    POLICE = "police_investigation", "Police investigation"
    INQUEST = "inquest", "Inquest"
    TRIAL = "criminal_trial", "Criminal trial"
    DISCIPLINARY = "disciplinary", "Disciplinary process"
    DHR = "domestic_homicide_review", "Domestic homicide review"
    OTHER = "other", "Other"


class ParallelProcess(BaseModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="parallel_processes")
    kind = models.CharField(max_length=40, choices=ParallelKind.choices)
    detail = models.CharField(max_length=300, blank=True)
    concluded = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.get_kind_display()


class RequestKind(models.TextChoices):
    SUMMARY = "summary", "Agency summary (screening)"
    REPORT = "report", "Agency report"
    CHRONOLOGY = "chronology", "Agency chronology"


class AgencyRequest(BaseModel):
    """A request to one agency for a summary, report or chronology, and its submission."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="review_requests")
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    due_date = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    document = models.FileField(upload_to="reviews/requests/%Y/", blank=True)
    # The business unit may withdraw a request nobody will answer (with its reason); until it is
    # answered or withdrawn it stays on the agency's dashboard, even after approval.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_date", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "agency", "kind"], name="one_request_per_agency_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.agency}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_outstanding(self) -> bool:
        """Still owed by the agency: neither answered nor withdrawn."""
        return not self.is_submitted and not self.is_withdrawn

    @property
    def approved_without(self) -> bool:
        """Outstanding, though the Board has approved the review."""
        return self.is_outstanding and self.review.stage == Stage.APPROVED

    def is_overdue(self, today: date) -> bool:
        return self.is_outstanding and self.due_date < today


class Outcome(models.TextChoices):
    SCMR = "scmr", "Serious Case Management Review"
    OTHER_REVIEW = "other_review", "Another kind of review"
    NO_REVIEW = "no_review", "No review"


class Screening(BaseModel):
    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="screening")
    serious_harm = models.BooleanField()
    abuse_or_neglect = models.BooleanField()
    interagency_concern = models.BooleanField()
    recommendation = models.CharField(max_length=20, choices=Outcome.choices)
    rationale = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Screening of {self.review}"

    @property
    def criteria_met(self) -> bool:
        return self.serious_harm and self.abuse_or_neglect and self.interagency_concern


class Decision(BaseModel):
    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    review_kind = models.CharField(max_length=20, choices=ReviewKind.choices, blank=True)
    rationale = models.TextField()
    alternative_learning = models.TextField(
        blank=True, help_text="How learning will be captured when there is no review"
    )
    decided_by = models.CharField(max_length=200, help_text="Who decided, e.g. SCMR Panel")
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Decision on {self.review}"

    @property
    def is_other_review(self) -> bool:
        return self.outcome == Outcome.OTHER_REVIEW


class ReviewerAssignment(BaseModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    is_independent = models.BooleanField(default=True)
    independence_note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "reviewer"], name="one_assignment_each")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.review}"


class LearningEvent(BaseModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="learning_events")
    held_on = models.DateField()
    attendees = models.TextField(help_text="Who attended, by agency and role")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    learning = models.TextField("what was learned")

    class Meta:
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"Learning event {self.held_on}"


class FamilyContact(BaseModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="family_contacts")
    contact_on = models.DateField()
    who = models.CharField(max_length=150, help_text="By pseudonym or relationship, e.g. Mother")
    method = models.CharField(max_length=100, help_text="For example, home visit, letter, phone")
    summary = models.TextField()

    class Meta:
        ordering = ["contact_on"]

    def __str__(self) -> str:
        return f"Contact with {self.who} on {self.contact_on}"


class ChronologyEntry(BaseModel):
    """One agency's record of one contact, imported from its chronology spreadsheet."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="chronology")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    agency_label = models.CharField(max_length=200, help_text="The agency as the file named it")
    occurred_on = models.DateField(db_index=True)
    occurred_at = models.TimeField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)
    event = models.TextField()
    practitioner = models.CharField(max_length=200, blank=True)
    source_file = models.CharField(max_length=255)
    source_row = models.PositiveIntegerField()
    same_event = models.CharField(max_length=20, blank=True, db_index=True)
    is_key_episode = models.BooleanField("key practice episode", default=False)
    flagged = models.BooleanField(default=False)
    analysis = models.TextField("analysis note", blank=True)

    class Meta:
        ordering = ["occurred_on", "occurred_at", "source_file", "source_row"]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.agency_label}: {self.event[:40]}"


class FindingKind(models.TextChoices):
    LEARNING = "learning", "Learning (what needs to change)"
    GOOD_PRACTICE = "good_practice", "Good practice (what worked well)"


class Finding(BaseModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    title = models.CharField(max_length=200)
    text = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="findings")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    chronology_entries = models.ManyToManyField(
        ChronologyEntry, blank=True, related_name="findings"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class ReportVersionKind(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Reviewer's final report"


class ReportVersion(BaseModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="report_versions")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=ReportVersionKind.choices)
    document = models.FileField(upload_to="reviews/reports/%Y/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    text = models.TextField(blank=True, help_text="The report written in the system")
    note = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="report_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.review.reference} v{self.number} ({self.get_kind_display()})"


class PublicationChoice(models.TextChoices):
    FULL = "full", "Publish in full"
    SUMMARY = "summary", "Publish a summary only"
    NONE = "none", "Do not publish"


class Approval(BaseModel):
    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="approval")
    panel_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    panel_signed_off_on = models.DateField(null=True, blank=True)
    board_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    board_approved_on = models.DateField(null=True, blank=True)
    publication = models.CharField(max_length=10, choices=PublicationChoice.choices, blank=True)
    publication_reasons = models.TextField(blank=True)
    # Why the Board approved while agency requests were still outstanding (required then).
    outstanding_reasons = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Approval of {self.review}"


class StageChange(models.Model):
    """The review's timeline: every stage change, who made it and why."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="timeline")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.review}: {self.from_stage} → {self.to_stage}"


class Clock(models.TextChoices):
    DECISION = "decision", "Panel decision due after referral"
    SUMMARIES = "summaries", "Agency summaries due after request"
    AGENCY_REPORTS = "agency_reports", "Agency reports and chronologies due after request"
    COMPLETION = "completion", "Review completion due after commissioning"
    RESPONSES = "responses", "Agency responses due after recommendations"


class Timescale(models.Model):
    """A configurable clock; the business unit can change the amounts."""

    clock = models.CharField(max_length=20, choices=Clock.choices, unique=True)
    amount = models.PositiveSmallIntegerField()
    unit = models.CharField(
        max_length=20,
        choices=[("working_days", "working days"), ("calendar_days", "days"), ("months", "months")],
    )

    def __str__(self) -> str:
        return f"{self.get_clock_display()}: {self.amount} {self.get_unit_display()}"


class RegisterPerson(BaseModel):
    """The real names behind a pseudonym. Restricted: business unit and assigned reviewers."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="register_people")
    pseudonym = models.CharField(max_length=80)
    names = models.JSONField(default=list, help_text="Full names and aliases, one per line")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.pseudonym


class IdentifierCategory(models.TextChoices):
    ADDRESS = "[address]", "Address"
    SCHOOL = "[school]", "School"
    DATE_OF_BIRTH = "[date of birth]", "Date of birth"
    PHONE = "[phone]", "Phone number"
    EMAIL = "[email]", "Email address"
    NHS = "[NHS number]", "NHS number"
    NI = "[NI number]", "National Insurance number"
    POSTCODE = "[postcode]", "Postcode"
    OTHER = "[identifier]", "Other identifier"


class RegisterIdentifier(BaseModel):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="register_identifiers"
    )
    replacement = models.CharField(max_length=40, choices=IdentifierCategory.choices)
    values = models.JSONField(default=list)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.replacement


class RetainedRecord(models.TextChoices):
    """The kinds of a review's personal data that are destroyed after a retention period
    (settings.RETENTION_YEARS), unless a hold is recorded."""

    IDENTIFIER_REGISTER = "identifier_register", "Identifier register"
    CHRONOLOGY = "chronology", "Integrated chronology"
    AGENCY_SUBMISSIONS = "agency_submissions", "Agency submissions"


class RetentionHold(BaseModel):
    """A reason to keep a review's record past its retention period (e.g. a further review,
    litigation, an inquest). Released holds stay, as the record that they were held."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="retention_holds")
    record = models.CharField(max_length=30, choices=RetainedRecord.choices)
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Hold on {self.get_record_display().lower()} of {self.review}"
