"""Grouped, once-only reminder e-mails: the mechanism action reminders and QA reminders share.

A caller works out who should hear about what (`pending`: e-mail → items); this sends each
person one e-mail listing only the items they have not been reminded of. Core knows no roles:
a caller that copies in the business unit takes its addresses from
`accounts.selectors.business_unit_emails`. "Not yet reminded" is
decided by the caller's log model: `record(email, item)` creates the log row and must raise
IntegrityError when its unique constraint says the reminder went before. The row and the queued
e-mail commit together, so running twice, or on two workers at once, sends nothing twice."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from manx_learning.core.services import audit_log
from manx_learning.core.tasks import send_email_task


@dataclass
class ReminderRun:
    emails: int = 0
    items: int = 0
    skipped: int = 0
    by_person: dict[str, list[str]] = field(default_factory=dict)


def send_grouped_reminders[Item](
    pending: Mapping[str, Sequence[Item]],
    *,
    record: Callable[[str, Item], Any],
    line: Callable[[Item], dict[str, str]],
    template: str,
    link: str,
    verb: str,
) -> ReminderRun:
    """E-mail each person their fresh items (`line(item)` gives {"text", "url", ...}) with
    `template`, and write one audit event (`verb`) for the run."""
    run = ReminderRun()
    for email, items in sorted(pending.items()):
        with transaction.atomic():
            lines = [line(item) for item in items if _first_time(record, email, item, run)]
            if not lines:
                continue
            transaction.on_commit(
                lambda email=email, lines=lines: send_email_task.enqueue(
                    to=[email], template=template, context={"items": lines, "link": link}
                )
            )
            run.emails += 1
            run.items += len(lines)
            run.by_person[email] = [entry["text"] for entry in lines]
    audit_log(
        actor=None,
        actor_label="reminders",
        verb=verb,
        detail={"emails": run.emails, "items": run.items, "skipped": run.skipped},
    )
    return run


def _first_time[Item](
    record: Callable[[str, Item], Any], email: str, item: Item, run: ReminderRun
) -> bool:
    try:
        with transaction.atomic():
            record(email, item)
    except IntegrityError:
        run.skipped += 1
        return False
    return True
