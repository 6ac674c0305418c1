"""Business rules for the QA framework's spine: Board priorities and the evidence register.

Other apps add evidence through `evidence_record_automatic`, which is idempotent: calling it again
for the same origin updates that row rather than adding another, so an audit programme moderated
twice, or a briefing whose reach grows, keeps one up-to-date entry with a link back."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from manx_learning.assurance.models import BoardPriority, Evidence, EvidenceSource, Strength
from manx_learning.core.services import audit_log


@transaction.atomic
def evidence_record_automatic(
    *,
    origin: models.Model,
    source: str,
    title: str,
    summary: str,
    dated: date,
    link_url: str = "",
    strength: str = Strength.MODERATE,
    agencies: Iterable[Any] = (),
    themes: Iterable[Any] = (),
    priorities: Iterable[BoardPriority] = (),
    actor: Any = None,
) -> Evidence:
    """Add (or refresh) the register entry for `origin`. Tags are replaced with those given."""
    if source not in EvidenceSource.values:
        raise ValidationError({"source": f"Unknown evidence source: {source}"})
    origin_type = ContentType.objects.get_for_model(origin)
    values = {
        "source": source,
        "title": title[:200],
        "summary": summary,
        "dated": dated,
        "link_url": link_url[:500],
        "strength": strength,
        "is_automatic": True,
    }
    evidence, created = Evidence.objects.update_or_create(
        origin_type=origin_type, origin_id=str(origin.pk), defaults=values
    )
    evidence.agencies.set(list(agencies))
    evidence.themes.set(list(themes))
    evidence.priorities.set(list(priorities))
    audit_log(
        actor=actor,
        verb="evidence.recorded" if created else "evidence.refreshed",
        target=evidence,
        detail={"source": source, "origin": f"{origin_type.app_label}.{origin_type.model}"},
    )
    return evidence


def evidence_for_origin(origin: models.Model) -> Evidence | None:
    """The register entry an object produced, if any (for "see it in the evidence register")."""
    origin_type = ContentType.objects.get_for_model(origin)
    return Evidence.objects.filter(origin_type=origin_type, origin_id=str(origin.pk)).first()
