"""`manx-learning dataset …` — the Performance Dataset from the command line.

    dataset load-indicators FILE.csv    the catalogue: code,name,unit,improvement,frequency
    dataset import FILE [--json]        observations from CSV or XLSX, all or nothing
    dataset export OUT.csv              every observation, safe to open in Excel
    dataset remind                      send today's return reminders now
    dataset schedule                    queue the daily reminder run for the Tasks worker

Exit status: 0 when done; 1 when the file was refused (nothing stored). With `--json`, `import`
prints `{"accepted": N}` or `{"errors": [{"row": R, "column": C, "message": M}]}` on stdout;
errors about the file as a whole use row 0 and column null."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from manx_learning.core.spreadsheets import safe_cell
from manx_learning.core.tasks import schedule_daily_report
from manx_learning.dataset import importing, services
from manx_learning.dataset.models import Observation
from manx_learning.dataset.tasks import daily_return_reminders


class Command(BaseCommand):
    help = "Performance Dataset: load-indicators, import, export, remind, schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="job", required=True)
        load = sub.add_parser("load-indicators", help="Add or update catalogue indicators from CSV")
        load.add_argument("file", metavar="FILE.csv")
        load.add_argument("--json", action="store_true", help="print JSON")
        imp = sub.add_parser("import", help="Import observations from a CSV or XLSX file")
        imp.add_argument("file", metavar="FILE")
        imp.add_argument("--json", action="store_true", help="print JSON")
        exp = sub.add_parser("export", help="Export every observation to CSV")
        exp.add_argument("out", metavar="OUT.csv")
        sub.add_parser("remind", help="Send return reminders now")
        sub.add_parser("schedule", help="Queue the daily return reminder run")

    def handle(self, *args: Any, **options: Any) -> None:
        job = options["job"]
        if job == "import":
            self._import(options["file"], as_json=options["json"])
        elif job == "load-indicators":
            self._load(options["file"], as_json=options["json"])
        elif job == "export":
            count = export_csv(Path(options["out"]))
            self.stdout.write(f"Exported {count} observation(s) to {options['out']}")
        elif job == "remind":
            run = services.returns_reminders_send()
            self.stdout.write(
                f"Return reminders: {run.emails} e-mail(s); {run.skipped} already sent before."
            )
        else:
            self.stdout.write(
                schedule_daily_report(daily_return_reminders, "Daily return reminders")
            )

    # import and load-indicators ---------------------------------------------------------------

    def _read(self, path: str) -> bytes:
        """The file's bytes; a missing or oversized file is refused before it is read."""
        try:
            size = os.path.getsize(path)
            if size > settings.UPLOAD_MAX_BYTES:
                raise services.ReturnRejected([importing.too_big(settings.UPLOAD_MAX_BYTES)])
            return Path(path).read_bytes()
        except OSError as error:
            message = f"Cannot read {path}: {error.strerror or error}"
            raise services.ReturnRejected(
                [importing.RowError(importing.FILE_ROW, None, message)]
            ) from None

    def _import(self, path: str, *, as_json: bool) -> None:
        try:
            result = services.observations_import(data=self._read(path), file_name=Path(path).name)
        except services.ReturnRejected as rejected:
            self._refuse(rejected, as_json=as_json)
        for notice in result.notices:
            self.stderr.write(notice)
        if as_json:
            self.stdout.write(json.dumps({"accepted": result.accepted}))
        else:
            self.stdout.write(
                f"Accepted {result.accepted} row(s) in {len(result.versions)} return(s); "
                f"{result.changed} change(s) to values already held."
            )

    def _load(self, path: str, *, as_json: bool) -> None:
        try:
            counts = services.indicators_load(data=self._read(path))
        except services.ReturnRejected as rejected:
            self._refuse(rejected, as_json=as_json)
        if as_json:
            self.stdout.write(json.dumps(counts))
        else:
            self.stdout.write(
                f"Indicators: {counts['created']} added, {counts['updated']} updated."
            )

    def _refuse(self, rejected: services.ReturnRejected, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(rejected.as_json()))
        else:
            for error in rejected.errors:
                where = f"Row {error.row}" if error.row else "File"
                column = f", {error.column}" if error.column else ""
                self.stderr.write(f"{where}{column}: {error.message}")
        raise CommandError(
            f"Nothing was stored: {len(rejected.errors)} problem(s) found", returncode=1
        )


EXPORT_HEADER = ("indicator", "agency", "period", "value", "note")


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def export_csv(path: Path) -> int:
    """Write every observation (totals, not breakdowns) to CSV, streaming so a million rows need
    little memory. Cells a spreadsheet would run as formulas are neutralised."""
    rows = (
        Observation.objects.filter(breakdown="")
        .order_by("indicator__code", "agency__agency_code", "period_start")
        .values_list("indicator__code", "agency__agency_code", "period", "value", "note")
    )
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(EXPORT_HEADER)
        for indicator, agency, period, value, note in rows.iterator(chunk_size=5000):
            writer.writerow(
                [safe_cell(indicator), safe_cell(agency), period, _number(value), safe_cell(note)]
            )
            count += 1
    return count
