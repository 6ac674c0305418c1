"""The QA calendar's own items (assessments' retests) and the daily QA reminders.

Reminders go out like action reminders: items due within ACTION_REMINDER_DAYS_BEFORE days, and
items overdue and not done, to the people each item names plus the business unit, one e-mail
per person listing all their items. Each (item, reason, due date, person) is logged once under
a unique constraint, in the same transaction as the e-mail is queued, so running it twice, or on
two workers, sends nothing twice; a new due date earns new reminders."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from manx_learning.accounts.models import Role, User
from manx_learning.assurance import calendar
from manx_learning.assurance.calendar import CalendarItem
from manx_learning.assurance.models import Assessment, AssessmentStatus, QaReminderLog
from manx_learning.core.services import audit_log
from manx_learning.core.tasks import send_email_task

# How far back an overdue item is still chased: older ones are for the business unit's review,
# not for daily e-mail.
OVERDUE_LOOKBACK_DAYS = 90


def assessment_items(start: date, end: date) -> Iterable[CalendarItem]:
    """Calendar provider: every assessment's retest date in the window."""
    due = Assessment.objects.filter(retest_due__gte=start, retest_due__lte=end).select_related(
        "created_by", "judged_by"
    )
    for assessment in due:
        people = {p for p in (assessment.judged_by, assessment.created_by) if p and p.is_active}
        yield CalendarItem(
            due=assessment.retest_due,
            kind="retest",
            title=f"Retest: {assessment.title}",
            url=reverse("assurance:assessment-retest", args=[assessment.code]),
            remind=tuple(sorted(people, key=lambda p: p.pk)),
            done=assessment.status == AssessmentStatus.RETESTED,
        )


@dataclass
class QaReminderRun:
    emails: int = 0
    items: int = 0
    skipped: int = 0
    by_person: dict[str, list[str]] = field(default_factory=dict)


def _business_unit() -> list[str]:
    people = User.objects.filter(is_active=True, role_grants__role=Role.BUSINESS_UNIT)
    return sorted(set(people.values_list("email", flat=True)))


def _line(item: CalendarItem, reason: str) -> dict[str, str]:
    when = f"{item.due:%-d %B %Y}"
    label = f"overdue since {when}" if reason == "overdue" else f"due on {when}"
    url = item.url if item.url.startswith("http") else settings.SITE_URL + item.url
    return {"reason": reason, "text": f"{item.title} ({item.kind}) – {label}", "url": url}


def _pending(today: date) -> dict[str, list[tuple[CalendarItem, str]]]:
    start = today - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    end = today + timedelta(days=settings.ACTION_REMINDER_DAYS_BEFORE)
    unit = _business_unit()
    pending: dict[str, list[tuple[CalendarItem, str]]] = defaultdict(list)
    for item in calendar.items_between(start, end):
        if item.done:
            continue
        reason = "overdue" if item.due < today else "due_soon"
        people = {p.email for p in item.remind if getattr(p, "is_active", False)} | set(unit)
        for email in sorted(people):
            pending[email].append((item, reason))
    return pending


def qa_reminders_send(*, today: date | None = None) -> QaReminderRun:
    today = today or timezone.localdate()
    run = QaReminderRun()
    for email, items in sorted(_pending(today).items()):
        with transaction.atomic():
            fresh = []
            for item, reason in items:
                key = f"{item.kind}:{item.url}"[:300]
                try:
                    with transaction.atomic():
                        QaReminderLog.objects.create(
                            item_key=key, reason=reason, due=item.due, recipient=email
                        )
                except IntegrityError:
                    run.skipped += 1
                    continue
                fresh.append(_line(item, reason))
            if not fresh:
                continue
            transaction.on_commit(
                lambda email=email, lines=fresh: send_email_task.enqueue(
                    to=[email],
                    template="assurance/email/reminders",
                    context={
                        "items": lines,
                        "link": settings.SITE_URL + reverse("assurance:calendar"),
                    },
                )
            )
            run.emails += 1
            run.items += len(fresh)
            run.by_person[email] = [line["text"] for line in fresh]
    audit_log(
        actor=None,
        actor_label="reminders",
        verb="assurance.reminders_sent",
        detail={"emails": run.emails, "items": run.items, "skipped": run.skipped},
    )
    return run
