"""`manx-learning agencies load FILE.csv`: upsert agencies by code."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manx_learning.accounts.services import agencies_load_csv

MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = "Manage agencies. `load FILE.csv` upserts by code (columns code,name and optional kind)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Create or update agencies from a CSV file.")
        load.add_argument("file", help="CSV with a header row: code,name[,kind]")

    def handle(self, *args: Any, **options: Any) -> None:
        text = _read_text(Path(options["file"]))
        result = agencies_load_csv(text=text)
        if result.errors:
            raise CommandError(
                "Nothing was loaded. Fix these rows and try again:\n" + "\n".join(result.errors)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Agencies loaded: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    if path.stat().st_size > MAX_BYTES:
        raise CommandError(f"{path}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise CommandError(f"{path}: this is not a CSV text file")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CommandError(f"{path}: the file is not UTF-8 text")
