"""The daily reminder job, run by the Tasks worker on a schedule it keeps itself."""

from datetime import datetime, timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

TASK_PATH = "manx_learning.actions.tasks.daily_reminders"


def next_run(now: datetime | None = None) -> datetime:
    """The next REMINDER_HOUR o'clock, local time."""
    now = timezone.localtime(now or timezone.now())
    run = now.replace(hour=settings.REMINDER_HOUR, minute=0, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)


def schedule_reminders(now: datetime | None = None) -> bool:
    """Make sure one reminder run is waiting in the queue. Returns True if one was added.

    Called by `manx-learning actions schedule` (e.g. after each deploy) and by each run for the
    next day, so the chain keeps itself going; a second call finds the waiting run and adds none.
    """
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists()
    if waiting:
        return False
    daily_reminders.using(run_after=next_run(now)).enqueue()
    return True


@task
def daily_reminders() -> dict[str, int]:
    from manx_learning.actions.services import reminders_send

    try:
        run = reminders_send(today=timezone.localdate())
    finally:
        # Schedule tomorrow's run even if today's failed, so one bad day does not stop reminders.
        schedule_reminders(timezone.now() + timedelta(minutes=1))
    return {"emails": run.emails, "items": run.items, "skipped": run.skipped}
