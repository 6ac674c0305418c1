"""`manx-learning actions remind` sends today's reminders now; `actions schedule` makes sure the
Tasks worker has the daily reminder run queued."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from manx_learning.actions.services import reminders_send
from manx_learning.actions.tasks import daily_reminders
from manx_learning.core.tasks import schedule_daily_report


class Command(BaseCommand):
    help = "Action plan jobs: `remind` (send reminders now) or `schedule` (queue the daily run)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="job", required=True)
        sub.add_parser("remind", help="Send due-soon, overdue and escalation reminders now.")
        sub.add_parser("schedule", help="Queue the daily reminder run for the Tasks worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["job"] == "schedule":
            self.stdout.write(schedule_daily_report(daily_reminders, "Daily reminders"))
            return
        run = reminders_send()
        self.stdout.write(
            f"Reminders: {run.emails} e-mail(s) for {run.items} item(s); "
            f"{run.skipped} already sent before."
        )
