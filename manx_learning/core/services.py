"""Writing the audit trail. Every service that changes something, and every view of restricted
personal data, calls `audit_log` explicitly (not through signals), so the trail says what the
person meant to do."""

import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from manx_learning.core import request_context
from manx_learning.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _json_safe(detail: dict[str, Any] | None) -> dict[str, Any]:
    # Round-trip through JSON so what is hashed is exactly what the database gives back later.
    return json.loads(json.dumps(detail or {}, default=str, sort_keys=True))


def _describe(obj: models.Model | None) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    object_type = f"{obj._meta.app_label}.{obj._meta.model_name}"
    object_id = str(getattr(obj, "code", None) or obj.pk)
    return object_type, object_id, str(obj)[:200]


@transaction.atomic
def audit_log(
    *,
    # Core sits below accounts, so it cannot name the User model here; the foreign key on
    # AuditEvent holds it to the configured user model (or None for the system).
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    actor_label: str = "",
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one event to the chain.

    1. Lock the chain head (one row), so concurrent writers queue rather than fork the chain.
    2. Build the event with the next sequence number and the head's hash as its parent.
    3. Hash the event, save it, and move the head on.
    """
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    user = actor if getattr(actor, "is_authenticated", False) else None
    object_type, object_id, object_repr = _describe(target)
    event = AuditEvent(
        sequence=head.sequence + 1,
        occurred_at=timezone.now(),
        actor=user,
        actor_label=actor_label or (user.email if user else "system"),
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        ip_address=ip_address or request_context.current().ip_address,
        detail=_json_safe(detail),
        prev_hash=head.hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.sequence, head.hash = event.sequence, event.hash
    head.save(update_fields=["sequence", "hash"])
    return event


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    code: str
    reason: str


def audit_chain_verify(*, batch_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the chain oldest first. Returns how many events were checked and the first break.

    1. Each event's stored hash must match a fresh hash of its contents (detects edits).
    2. Each event's parent hash must equal the previous event's hash, and sequence numbers must
       run without gaps (detects removed or re-ordered rows).
    3. The last event must be the one the chain head points at (detects a removed tail).
    """
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    events = AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch_size)
    for event in events:
        code = str(event.code)
        if event.sequence != expected_seq:
            return checked, ChainBreak(
                event.sequence, code, f"expected event #{expected_seq} next: events are missing"
            )
        if event.prev_hash != expected_prev:
            return checked, ChainBreak(
                event.sequence, code, "its parent hash does not match the event before it"
            )
        if event.compute_hash() != event.hash:
            return checked, ChainBreak(
                event.sequence, code, "its hash does not match its contents: it was changed"
            )
        expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and (head.sequence != expected_seq - 1 or head.hash != expected_prev):
        return checked, ChainBreak(
            head.sequence, "", f"the newest event should be #{head.sequence}: events were removed"
        )
    return checked, None
