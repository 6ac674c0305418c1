"""Agencies, people and their roles."""

from functools import cached_property

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone

from manx_learning.core.models import BaseModel
from manx_learning.core.validators import safe_code


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary sector"
    OTHER = "other", "Other"


class Agency(BaseModel):
    """A member organisation of the Board (or the Board's own business unit)."""

    agency_code = models.CharField(
        "code",
        max_length=20,
        unique=True,
        validators=[safe_code],
        help_text="A short code, for example IMC or MCCF.",
    )
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    BUSINESS_UNIT = "business_unit", "Business unit"
    PANEL_MEMBER = "panel_member", "Panel member"
    BOARD_MEMBER = "board_member", "Board member"
    REVIEWER = "reviewer", "Reviewer"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    DATA_OFFICER = "data_officer", "Data officer"
    PRACTITIONER = "practitioner", "Practitioner"


ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.BUSINESS_UNIT: "Runs the Board's work and sees everything.",
    Role.PANEL_MEMBER: "Sits on the SCMR Panel: decides on referrals and assures action plans.",
    Role.BOARD_MEMBER: "Approves reports and holds agencies to account.",
    Role.REVIEWER: "Independent reviewer: sees only the reviews assigned to them.",
    Role.AGENCY_LEAD: "Acts for their agency: summaries, reports, responses and actions.",
    Role.DATA_OFFICER: "Submits their agency's performance data.",
    Role.PRACTITIONER: "Reads published learning and gives feedback.",
}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        # E-mail addresses are matched without regard to case.
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, BaseModel):
    """A person who signs in with their e-mail address. One agency, one or more roles."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="users")
    is_active = models.BooleanField("active", default=True)
    is_demo = models.BooleanField(default=False, help_text="A fictional account made by `demo`.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @cached_property
    def role_codes(self) -> frozenset[str]:
        # Uses prefetched grants when a list view loaded them.
        return frozenset(grant.role for grant in self.role_grants.all())

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    @property
    def role_labels(self) -> list[str]:
        return [label for value, label in Role.choices if value in self.role_codes]

    @property
    def needs_two_factor(self) -> bool:
        """Everyone but a practitioner-only account needs a second factor where it is required."""
        return bool(self.role_codes - {Role.PRACTITIONER})

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class UserRole(models.Model):
    """One role held by one user. Kept as rows (not a fixed table of roles) so a role change is a
    simple add or remove that the audit trail can name."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_user_role")]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()}"


class Invitation(BaseModel):
    """An invitation to join, sent by e-mail. Only a hash of the token is stored."""

    email = models.EmailField()
    full_name = models.CharField(max_length=150)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="invitations")
    roles = models.JSONField(default=list)
    token_hash = models.CharField(max_length=64, unique=True)
    # Empty when an operator invited someone from the command line (the first business unit user).
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now

    @property
    def is_expired(self) -> bool:
        return self.status == "Expired"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "Accepted"
        if self.revoked_at:
            return "Withdrawn"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Waiting"
