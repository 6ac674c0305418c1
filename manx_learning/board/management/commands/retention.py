"""`manx-learning retention report|apply|hold|release`: destroy a review's personal data a set
time after its learning is published, unless a hold is recorded (docs/retention.md)."""

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from manx_learning.accounts.models import User
from manx_learning.board import retention
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.models import RetainedRecord, Review


class Command(BaseCommand):
    help = (
        "Retention of reviews' personal data. `report` lists what is due (a dry run), `apply` "
        "destroys what is due and not held, `hold`/`release` keep or free a record."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser("report", help="What is due, held or not; changes nothing.")
        report.add_argument("--json", action="store_true")
        apply = sub.add_parser("apply", help="Destroy what is due and not held.")
        apply.add_argument("--json", action="store_true")
        for name, text in (("hold", "Keep a record past its period."), ("release", "End holds.")):
            action = sub.add_parser(name, help=text)
            action.add_argument("reference", help="The review's reference, e.g. REF-2024-002")
            action.add_argument("record", choices=RetainedRecord.values)
            action.add_argument("--by", required=True, help="The business unit officer's e-mail")
            if name == "hold":
                action.add_argument("--reason", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action in ("report", "apply"):
            items = retention.due() if action == "report" else retention.apply()
            self._print(items, options["json"], applied=action == "apply")
            return
        review = Review.objects.filter(reference=options["reference"]).first()
        by = User.objects.filter(email=options["by"].strip().lower(), is_active=True).first()
        if review is None:
            raise CommandError(f"There is no review {options['reference']}")
        if by is None:
            raise CommandError(f"There is no active account {options['by']}")
        try:
            if action == "hold":
                reviews_services.retention_hold_record(
                    review=review, record=options["record"], reason=options["reason"], by=by
                )
                self.stdout.write(f"{review.reference}: the {options['record']} is held")
            else:
                count = reviews_services.retention_hold_release(
                    review=review, record=options["record"], by=by
                )
                self.stdout.write(f"{review.reference}: {count} hold(s) released")
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None

    def _print(self, items: list[retention.Due], as_json: bool, applied: bool) -> None:
        if as_json:
            key = "destroyed" if applied else "due"
            self.stdout.write(json.dumps({key: [item.as_json() for item in items]}, indent=1))
            return
        if not items:
            self.stdout.write("Nothing is due for destruction.")
            return
        for item in items:
            state = "destroyed" if applied else ("held: kept" if item.held else "due")
            self.stdout.write(
                f"{item.review.reference}  {item.record:<20}  published {item.published_on}  "
                f"due {item.due_on}  {item.rows} row(s)  {state}"
            )
