"""`manx-learning surveys close-due`: close every open survey whose closing date has passed and
put its results into the QA evidence register. Safe to run as often as you like."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from manx_learning.surveys.services import surveys_close_due


class Command(BaseCommand):
    help = "Survey jobs: `close-due` closes surveys past their closing date."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="job", required=True)
        sub.add_parser("close-due", help="Close open surveys whose closing date has passed.")

    def handle(self, *args: Any, **options: Any) -> None:
        closed = surveys_close_due()
        self.stdout.write(f"Closed {closed} survey(s) past their closing date.")
