"""The daily QA job, run by the Tasks worker on a schedule it keeps itself (see
`core.tasks.schedule_daily`)."""

from django.tasks import task
from django.utils import timezone

from manx_learning.assurance.reminders import qa_reminders_send
from manx_learning.core.tasks import schedule_tomorrow
from manx_learning.surveys.services import surveys_close_due


@task
def daily_qa_reminders() -> dict[str, int]:
    try:
        # Surveys past their closing date close first, so their results reach the evidence
        # register the same morning and their reminders stop.
        closed = surveys_close_due(today=timezone.localdate())
        run = qa_reminders_send(today=timezone.localdate())
    finally:
        schedule_tomorrow(daily_qa_reminders)
    return {
        "emails": run.emails,
        "items": run.items,
        "skipped": run.skipped,
        "surveys_closed": closed,
    }
