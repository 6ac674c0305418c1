"""`manx-learning anonymise INPUT --register REGISTER.json --out OUTPUT [--report REPORT.json]`.

A thin wrapper: the work is in manx_learning.lib.anonymiser (plain Python).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from manx_learning.lib.anonymiser import AnonymiserError
from manx_learning.lib.anonymiser.cli import run
from manx_learning.lib.anonymiser.documents import DocumentLimits


class Command(BaseCommand):
    help = (
        "Anonymise a case review report (.txt, .md, .docx or text PDF) with a register of names "
        "and identifiers; write the anonymised text and, optionally, a JSON report of every "
        "replacement."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("input", help="the report to anonymise")
        parser.add_argument("--register", required=True, help="register JSON file")
        parser.add_argument("--out", required=True, help="where to write the anonymised text")
        parser.add_argument("--report", help="where to write the JSON report of replacements")

    def handle(self, *args, **options) -> None:
        try:
            summary = run(
                options["input"],
                options["register"],
                options["out"],
                options["report"],
                limits=DocumentLimits.from_settings(settings),
            )
        except AnonymiserError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(summary.message())
