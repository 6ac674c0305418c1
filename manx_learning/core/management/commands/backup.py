"""`manx-learning backup OUT`: every database row and uploaded file, sealed with MANX_BACKUP_KEY."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manx_learning.core.backup import KEY_VARIABLE, BackupError, key_from_environment, make_backup
from manx_learning.lib.sealed import new_key


class Command(BaseCommand):
    help = (
        f"Back up the database and MEDIA_ROOT into one file sealed with the key in {KEY_VARIABLE} "
        "(AES-256-GCM). `--new-key` prints a fresh key instead. See docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", nargs="?", help="The file to write (it is replaced if there).")
        parser.add_argument("--new-key", action="store_true", help="Print a new key and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        if not options["out"]:
            raise CommandError("Name the file to write: manx-learning backup OUT")
        target = Path(options["out"])
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        try:
            outcome = make_backup(target, key_from_environment())
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(outcome.rows.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} row(s) in {len(outcome.rows)} table(s) and {outcome.files} "
                f"file(s) to {target} ({outcome.bytes:,} bytes, sealed)."
            )
        )
