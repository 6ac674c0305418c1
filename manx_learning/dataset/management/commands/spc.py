"""`manx-learning spc SERIES.csv` — an SPC (Making Data Count) chart of one series.

Kept thin on purpose: the rules live in manx_learning.lib.spc (see docs/spc.md).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manx_learning.lib import spc


class Command(BaseCommand):
    help = (
        "Statistical process control (XmR, NHS 'Making Data Count') for a period,value CSV: "
        "mean, process limits, special-cause rules per point and assurance against a target."
    )
    # Pure computation on a file: no database, so don't let unrelated system checks block it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("series", metavar="SERIES.csv", help="CSV with columns period,value")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
        parser.add_argument(
            "--baseline",
            type=int,
            metavar="N",
            help="fix the mean and limits on the first N points",
        )
        parser.add_argument(
            "--improvement",
            choices=spc.IMPROVEMENT_DIRECTIONS,
            default=spc.NEUTRAL,
            help="which way is better (default: neutral)",
        )
        parser.add_argument("--target", type=float, metavar="X", help="target for assurance")
        parser.add_argument(
            "--no-screen-outliers",
            action="store_true",
            help="keep moving ranges >= 3.267 x AMR (as the NHS Excel tools do)",
        )
        parser.add_argument(
            "--run-length", type=int, metavar="N", help="shift and trend length together"
        )
        parser.add_argument("--shift-length", type=int, metavar="N", help="default 7")
        parser.add_argument("--trend-length", type=int, metavar="N", help="default 7")
        parser.add_argument(
            "--rebase",
            action="append",
            default=[],
            metavar="PERIOD",
            help="a period where a new phase starts (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            series = spc.read_series_csv(options["series"])
            settings = spc.SpcSettings(
                improvement=options["improvement"],
                target=options["target"],
                baseline=options["baseline"],
                screen_outliers=not options["no_screen_outliers"],
                rebase_at=spc.rebase_indices(series.periods, options["rebase"]),
                shift_length=_length(options, "shift_length", spc.DEFAULT_SHIFT_LENGTH),
                trend_length=_length(options, "trend_length", spc.DEFAULT_TREND_LENGTH),
            )
            result = spc.analyse_series(series.values, settings)
        except spc.SpcError as exc:
            raise CommandError(str(exc)) from exc
        data = result.to_dict(series.periods)
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, allow_nan=False))
        else:
            self.stdout.write(_table(data))


def _length(options: dict[str, Any], name: str, default: int) -> int:
    # A specific length beats --run-length, which beats the MDC default.
    for value in (options[name], options["run_length"]):
        if value is not None:
            return value
    return default


def _table(data: dict[str, Any]) -> str:
    lines = [
        f"mean {data['mean']:.2f}   lower limit {data['lpl']:.2f}   "
        f"upper limit {data['upl']:.2f}   assurance {data['assurance'] or '-'}",
        "",
        f"{'period':<16} {'value':>12}  {'variation':<13} rules",
    ]
    for point in data["points"]:
        lines.append(
            f"{point['period']:<16} {point['value']:>12.2f}  {point['variation']:<13} "
            f"{', '.join(point['rules']) or '-'}"
        )
    return "\n".join(lines)
