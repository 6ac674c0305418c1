"""`manx-learning audit verify`: check the audit trail's hash chain."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manx_learning.core.services import audit_chain_verify


class Command(BaseCommand):
    help = "Work with the audit trail. `verify` checks every event's hash and its chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Check the hash chain; exit 1 naming the first broken event.")

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_chain_verify()
        if broken is not None:
            code = f" ({broken.code})" if broken.code else ""
            raise CommandError(
                f"Audit chain broken at event #{broken.sequence}{code}: {broken.reason}. "
                f"{checked} event(s) before it verified."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain verified: {checked} event(s), intact."))
