"""`manx-learning chronology merge FILE... --out MERGED.csv`: merge agency chronologies.

The work is done by manx_learning.lib.chronology; this command only reads the arguments,
reports problems and writes the result. See docs/chronology.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from manx_learning.lib import chronology


class Command(BaseCommand):
    help = "Work with multi-agency chronologies for case reviews."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        merge = actions.add_parser(
            "merge",
            help="Merge agency chronologies (CSV or XLSX) into one CSV chronology.",
            description=(
                "Merge agency chronologies into one, sorted by date and time, with entries of "
                "different agencies that record the same event labelled E1, E2, ... in the "
                "same_event column. Nothing is written if any file has a problem."
            ),
        )
        merge.add_argument("files", nargs="+", metavar="FILE", help="agency chronology files")
        merge.add_argument("--out", required=True, metavar="MERGED.csv", help="file to write")
        merge.add_argument(
            "--gaps",
            type=int,
            metavar="DAYS",
            help="also list periods of more than DAYS days with no agency contact",
        )
        merge.add_argument(
            "--excel-bom",
            action="store_true",
            help="start the file with a UTF-8 byte order mark, for Excel",
        )

    def handle(self, *args, **options):
        if options["action"] == "merge":
            self.merge(options)

    def merge(self, options) -> None:
        inputs = [Path(name) for name in options["files"]]
        out = Path(options["out"])
        _refuse_overwriting_an_input(inputs, out)
        result = chronology.merge(inputs)
        if result.errors:
            raise CommandError("\n".join(result.errors))
        try:
            chronology.write_merged_csv(result.entries, out, excel_bom=options["excel_bom"])
        except OSError as exc:
            raise CommandError(f"{out}: cannot be written ({exc.strerror or exc})") from exc
        shared = len(result.same_events)
        self.stdout.write(
            f"Merged {len(result.entries)} entries from {len(inputs)} files into {out}; "
            f"{shared} {'event' if shared == 1 else 'events'} recorded by more than one agency."
        )
        if options["gaps"] is not None:
            self._write_gaps(chronology.find_gaps(result.entries, options["gaps"]))

    def _write_gaps(self, gaps: list[chronology.Gap]) -> None:
        for gap in gaps:
            self.stdout.write(f"No contact for {gap.days} days: {gap.start} to {gap.end}")
        if not gaps:
            self.stdout.write("No gaps of that length.")


def _refuse_overwriting_an_input(inputs: list[Path], out: Path) -> None:
    # A slip of the shell (`--out police.csv`) must not destroy an agency's original file.
    resolved = {path.resolve() for path in inputs}
    if out.resolve() in resolved:
        raise CommandError(f"{out}: the output file is one of the input files")
