"""`manx-learning qa remind` sends today's QA reminders now; `qa schedule` makes sure the Tasks
worker has the daily QA reminder run queued."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from manx_learning.assurance.reminders import qa_reminders_send
from manx_learning.assurance.tasks import daily_qa_reminders
from manx_learning.core.tasks import schedule_daily_report


class Command(BaseCommand):
    help = "QA jobs: `remind` (send QA calendar reminders now) or `schedule` (queue the daily run)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="job", required=True)
        sub.add_parser("remind", help="Send reminders of audits, surveys and retests due now.")
        sub.add_parser("schedule", help="Queue the daily QA reminder run for the Tasks worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["job"] == "schedule":
            self.stdout.write(schedule_daily_report(daily_qa_reminders, "Daily QA reminders"))
            return
        run = qa_reminders_send()
        self.stdout.write(
            f"QA reminders: {run.emails} e-mail(s) for {run.items} item(s); "
            f"{run.skipped} already sent before."
        )
