"""Shared model base and the append-only, hash-chained audit trail."""

import hashlib
import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models


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
