"""7-minute briefings and proof that they reached the workforce: the briefing, its sends to
agencies and roles, team sessions, practitioners' acknowledgements and each agency's "what we
will change" return. The models moved here from `publishing` and keep their tables."""

from django.conf import settings
from django.db import models

from manx_learning.accounts.models import Agency
from manx_learning.core.models import BaseModel
from manx_learning.publishing.models import PublishedItem


class Briefing(BaseModel):
    """A 7-minute briefing: the seven standard sections and three reflective questions."""

    review = models.ForeignKey(
        "reviews.Review", null=True, blank=True, on_delete=models.PROTECT, related_name="briefings"
    )
    title = models.CharField(max_length=200)
    background = models.TextField()
    why_it_matters = models.TextField()
    key_learning = models.TextField()
    what_worked_well = models.TextField()
    what_to_think_about = models.TextField()
    what_to_do = models.TextField()
    further_reading = models.TextField(blank=True)
    question_1 = models.CharField(max_length=300)
    question_2 = models.CharField(max_length=300)
    question_3 = models.CharField(max_length=300)
    published_item = models.OneToOneField(
        PublishedItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="briefing"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "publishing_briefing"  # moved from publishing with its table
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class BriefingSend(BaseModel):
    """The business unit sends a briefing to agencies and roles."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="sends")
    agencies = models.ManyToManyField(Agency, related_name="+")
    roles = models.JSONField(default=list)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "publishing_briefingsend"  # moved from publishing with its table

    def __str__(self) -> str:
        return f"{self.briefing} sent"


class TeamSession(BaseModel):
    """An agency lead records a team session where the briefing was used."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="sessions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    attendees = models.PositiveIntegerField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "publishing_teamsession"  # moved from publishing with its table

    def __str__(self) -> str:
        return f"Session {self.held_on}"


class Acknowledgement(models.Model):
    """A practitioner confirms they have read the briefing and answers the questions."""

    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=list)
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "publishing_acknowledgement"  # moved from publishing with its table
        constraints = [
            models.UniqueConstraint(fields=["briefing", "person"], name="acknowledge_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} read {self.briefing}"


class ChangeReturn(BaseModel):
    """Each agency's "what we will change" return for a briefing."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="returns")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    changes = models.TextField()
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "publishing_changereturn"  # moved from publishing with its table
        constraints = [
            models.UniqueConstraint(fields=["briefing", "agency"], name="one_return_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} return"
