"""How a source of QA evidence hands it to the framework above it without importing it.

Audits, surveys, dataset signals, reviews and briefings sit below `assurance` in the layers
(`manx_learning/layers.py`), yet what they find must reach the evidence register. Each source
describes its evidence as an `Offer` in its own `<app>/evidence.py` and calls `offer()`. The
assurance app connects the receivers of the two signals below in its `AppConfig.ready()`: it
records (or refreshes) the register entry, and answers which objects already have one.

This is the project's one mechanism for a lower app to trigger a higher one; without the
assurance app installed, offers are simply not recorded.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.dispatch import Signal

#: Sent with `offer=Offer` and `actor=User | None`; the receiver returns the register entry
#: it added or refreshed (one entry per origin).
evidence_offered = Signal()

#: Sent with `model=<model class>` and `pks=[...]`; the receiver returns {pk as str: entry}
#: for those objects that already have a register entry.
evidence_requested = Signal()


@dataclass(frozen=True)
class Offer:
    """What a source found, in the register's words (see `vocabulary.models.EvidenceSource`)."""

    origin: models.Model
    source: str  # an EvidenceSource value
    title: str
    summary: str
    dated: date
    link_url: str = ""
    strength: str = "moderate"  # a Strength value
    agencies: Iterable[Any] = ()
    themes: Iterable[Any] = ()
    priorities: Iterable[Any] = ()


def offer(offer: Offer, *, actor: Any = None) -> Any | None:
    """Hand an offer to the evidence register; returns the entry written, if any."""
    for _receiver, entry in evidence_offered.send(
        sender=type(offer.origin), offer=offer, actor=actor
    ):
        if entry is not None:
            return entry
    return None


def entries_for(model: type[models.Model], pks: Sequence[Any]) -> dict[str, Any]:
    """The register entries of those of `model`'s objects (by primary key) that have one."""
    found: dict[str, Any] = {}
    for _receiver, entries in evidence_requested.send(
        sender=model, model=model, pks=[str(pk) for pk in pks]
    ):
        found.update(entries or {})
    return found


def entry_for(origin: models.Model) -> Any | None:
    """The register entry an object produced, if any (for "see it in the evidence register")."""
    return entries_for(type(origin), [origin.pk]).get(str(origin.pk))
