"""Shared model base and the append-only, hash-chained audit trail."""

import hashlib
import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class BaseModel(models.Model):
    """Created/updated timestamps and a UUID `code` used in URLs instead of the integer key."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One thing someone did or saw. Rows are only ever added; each stores a hash of itself chained
    to the previous row, so a changed, removed or re-ordered row is detected by `audit verify`."""

    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The actor's e-mail at the time, so the trail still reads correctly if the account changes.
    actor_label = models.CharField(max_length=254, blank=True)
    verb = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.verb} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def compute_hash(self) -> str:
        payload = [
            self.sequence,
            str(self.code),
            self.occurred_at.isoformat(timespec="microseconds"),
            self.actor_id,
            self.actor_label,
            self.verb,
            self.object_type,
            self.object_id,
            self.object_repr,
            self.ip_address,
            self.detail,
            self.prev_hash,
        ]
        canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AuditChainHead(models.Model):
    """A single row holding the newest sequence number and hash. Writers lock it, so two events
    written at the same moment on different app servers cannot both chain to the same parent."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head #{self.sequence}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "In progress"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


JOB_STATUS_TAGS = {
    JobStatus.QUEUED: "govuk-tag--grey",
    JobStatus.RUNNING: "govuk-tag--blue",
    JobStatus.DONE: "govuk-tag--green",
    JobStatus.FAILED: "govuk-tag--red",
}


class Job(BaseModel):
    """Long work someone waits for (a big import, a big export), run by the task worker.

    Only its owner sees it (`core.access.get_job_for`), and only while the job's kind still lets
    them (`core.jobs.JobKind.may_access`, re-checked on every view and download). A result file is
    stored under MEDIA_ROOT/jobs/ with a generated name and deleted JOB_RESULT_HOURS after the
    job finishes (`expires_at`)."""

    kind = models.CharField(max_length=80)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    unit = models.CharField(max_length=40, default="rows")
    message = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)
    # The kind's own arguments (JSON), e.g. the review's code and the export's filters.
    params = models.JSONField(default=dict, blank=True)
    # Paths relative to MEDIA_ROOT, generated names; the name the person downloads is separate.
    input_file = models.CharField(max_length=255, blank=True)
    result_file = models.CharField(max_length=255, blank=True)
    download_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    back_url = models.CharField(max_length=300, blank=True)
    back_text = models.CharField(max_length=120, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    @property
    def has_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def status_tag(self) -> str:
        return JOB_STATUS_TAGS[JobStatus(self.status)]

    def can_download(self, now: Any = None) -> bool:
        """Finished with a result that has not yet expired."""
        now = now or timezone.now()
        expired = self.expires_at is not None and self.expires_at <= now
        return self.status == JobStatus.DONE and bool(self.result_file) and not expired

    def download_expired(self, now: Any = None) -> bool:
        """Finished with a download that is no longer kept (a job that makes no file, such as
        an import, has nothing to expire)."""
        made_a_file = bool(self.download_name)
        return self.status == JobStatus.DONE and made_a_file and not self.can_download(now)

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def progress_text(self) -> str:
        """What the status region says, e.g. "12,000 of 20,000 rows (60%)"."""
        if self.status == JobStatus.QUEUED:
            return f"Waiting for the worker to start. {self.total:,} {self.unit} to do."
        if self.status == JobStatus.RUNNING:
            done = f"{self.done:,} of {self.total:,} {self.unit} done ({self.percent}%)"
            return f"{done}. {self.message}".strip() if self.message else f"{done}."
        return self.message
