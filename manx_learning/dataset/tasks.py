"""The daily return-reminder job, run by the Tasks worker on a schedule it keeps itself
(see `core.tasks.schedule_daily`)."""

from django.tasks import task
from django.utils import timezone

from manx_learning.core.tasks import schedule_tomorrow


@task
def daily_return_reminders() -> dict[str, int]:
    from manx_learning.dataset.services import returns_reminders_send

    try:
        run = returns_reminders_send(today=timezone.localdate())
    finally:
        schedule_tomorrow(daily_return_reminders)
    return {"emails": run.emails, "skipped": run.skipped}
