"""The QA calendar's own items (assessments' retests) and the daily QA reminders.

Reminders go out like action reminders: items due within ACTION_REMINDER_DAYS_BEFORE days, and
items overdue and not done, to the people each item names plus the business unit, one e-mail
per person listing all their items. Each (item, reason, due date, person) is logged once under
a unique constraint, in the same transaction as the e-mail is queued, so running it twice, or on
two workers, sends nothing twice; a new due date earns new reminders."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from manx_learning.accounts.selectors import business_unit_emails
from manx_learning.assurance import calendar
from manx_learning.assurance.calendar import CalendarItem
from manx_learning.assurance.models import Assessment, QaReminderLog
from manx_learning.core.reminders import ReminderRun, send_grouped_reminders

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
            done=assessment.is_retested,
        )


def _line(item: CalendarItem, reason: str) -> dict[str, str]:
    when = f"{item.due:%-d %B %Y}"
    label = f"overdue since {when}" if reason == "overdue" else f"due on {when}"
    url = item.url if item.url.startswith("http") else settings.SITE_URL + item.url
    return {"reason": reason, "text": f"{item.title} ({item.kind}) – {label}", "url": url}


def _pending(today: date) -> dict[str, list[tuple[CalendarItem, str]]]:
    start = today - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    end = today + timedelta(days=settings.ACTION_REMINDER_DAYS_BEFORE)
    unit = business_unit_emails()
    pending: dict[str, list[tuple[CalendarItem, str]]] = defaultdict(list)
    for item in calendar.items_between(start, end):
        if item.done:
            continue
        reason = "overdue" if item.is_overdue(today) else "due_soon"
        people = {p.email for p in item.remind if getattr(p, "is_active", False)} | set(unit)
        for email in sorted(people):
            pending[email].append((item, reason))
    return pending


def _record(email: str, entry: tuple[CalendarItem, str]) -> QaReminderLog:
    item, reason = entry
    key = f"{item.kind}:{item.url}"[:300]
    return QaReminderLog.objects.create(item_key=key, reason=reason, due=item.due, recipient=email)


def qa_reminders_send(*, today: date | None = None) -> ReminderRun:
    today = today or timezone.localdate()
    return send_grouped_reminders(
        _pending(today),
        record=_record,
        line=lambda entry: _line(*entry),
        template="assurance/email/reminders",
        link=settings.SITE_URL + reverse("assurance:calendar"),
        verb="assurance.reminders_sent",
    )
