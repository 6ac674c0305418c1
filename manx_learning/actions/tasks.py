"""The daily action-reminder job, run by the Tasks worker on a schedule it keeps itself
(see `core.tasks.schedule_daily`)."""

from django.tasks import task
from django.utils import timezone

from manx_learning.core.tasks import schedule_tomorrow


@task
def daily_reminders() -> dict[str, int]:
    from manx_learning.actions.services import reminders_send

    try:
        run = reminders_send(today=timezone.localdate())
    finally:
        schedule_tomorrow(daily_reminders)
    return {"emails": run.emails, "items": run.items, "skipped": run.skipped}
