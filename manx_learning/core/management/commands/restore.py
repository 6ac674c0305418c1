"""`manx-learning restore IN`: bring back a backup made by `manx-learning backup`, and prove it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manx_learning.core.backup import BackupError, key_from_environment, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a sealed backup into this (migrated, empty) database and MEDIA_ROOT, then check "
        "every table's rows, every file's hash and the audit chain. See docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", metavar="IN", help="The backup file.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Wipe this database first even though it holds data (people or an audit trail).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["source"])
        if not source.is_file():
            raise CommandError(f"There is no file {source}.")
        try:
            outcome = restore_backup(source, key_from_environment(), replace=options["replace"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        for problem in outcome.problems:
            self.stderr.write(f"PROBLEM {problem}")
        if outcome.problems:
            raise CommandError(f"The restore is incomplete: {len(outcome.problems)} problem(s).")
        rows = sum(outcome.rows.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} row(s) in {len(outcome.rows)} table(s) and {outcome.files} "
                f"file(s); audit chain intact ({outcome.audit_events} event(s))."
            )
        )
