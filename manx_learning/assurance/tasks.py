"""The daily QA reminder job, run by the Tasks worker on a schedule it keeps itself (as the
action reminders do: each run queues the next)."""

from datetime import datetime, timedelta

from django.tasks import task
from django.utils import timezone

from manx_learning.actions.tasks import next_run

TASK_PATH = "manx_learning.assurance.tasks.daily_qa_reminders"


def schedule_qa_reminders(now: datetime | None = None) -> bool:
    """Make sure one QA reminder run is waiting in the queue. Returns True if one was added."""
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists():
        return False
    daily_qa_reminders.using(run_after=next_run(now)).enqueue()
    return True


@task
def daily_qa_reminders() -> dict[str, int]:
    from manx_learning.assurance.reminders import qa_reminders_send
    from manx_learning.feedback.services import surveys_close_due

    try:
        # Surveys past their closing date close first, so their results reach the evidence
        # register the same morning and their reminders stop.
        closed = surveys_close_due(today=timezone.localdate())
        run = qa_reminders_send(today=timezone.localdate())
    finally:
        # Tomorrow's run is queued even if today's failed, so one bad day does not stop them.
        schedule_qa_reminders(timezone.now() + timedelta(minutes=1))
    return {
        "emails": run.emails,
        "items": run.items,
        "skipped": run.skipped,
        "surveys_closed": closed,
    }
