"""The daily return-reminder job, run by the Tasks worker on a schedule it keeps itself (as the
action-plan reminders do: each run queues the next)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

TASK_PATH = "manx_learning.dataset.tasks.daily_return_reminders"


def next_run(now: datetime | None = None) -> datetime:
    """The next REMINDER_HOUR o'clock, local time."""
    now = timezone.localtime(now or timezone.now())
    run = now.replace(hour=settings.REMINDER_HOUR, minute=0, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)


def schedule_reminders(now: datetime | None = None) -> bool:
    """Make sure one return-reminder run is waiting in the queue. Returns True if one was added;
    a second call finds the waiting run and adds none."""
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists():
        return False
    daily_return_reminders.using(run_after=next_run(now)).enqueue()
    return True


@task
def daily_return_reminders() -> dict[str, int]:
    from manx_learning.dataset.services import returns_reminders_send

    try:
        run = returns_reminders_send(today=timezone.localdate())
    finally:
        # Queue tomorrow's run even if today's failed, so one bad day does not stop reminders.
        schedule_reminders(timezone.now() + timedelta(minutes=1))
    return {"emails": run.emails, "skipped": run.skipped}
