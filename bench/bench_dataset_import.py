"""Benchmark the Performance Dataset import: one file of 200,000 rows, validated and stored.

The file holds 50 monthly indicators × 20 agencies × 200 months. It is imported twice: first
into an empty database (every row new), then again with one value in ten changed (a
resubmission: every row compared with the value held, and each return's changes listed).
Each import is timed from the file's bytes to the end of the transaction's work. The SPC signal
refresh that runs once an import commits (dataset/trends.py, 1,050 series here) is not part of
the import and is skipped unless --with-signals is given, when it is timed separately.

Run:  .venv/bin/python bench/bench_dataset_import.py [--rows N] [--strict] [--with-signals]
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/manx_bench_import \
          .venv/bin/python bench/bench_dataset_import.py
Without DATABASE_URL a fresh SQLite file in a temporary folder is used. The database is
migrated first and must be one you can throw away. Target: >= 20,000 rows/s on both.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_ROWS_PER_SECOND = 20_000
INDICATORS, AGENCIES = 50, 20


def _setup_django() -> str:
    # Measure as production runs: DEBUG off, so queries are not kept and quoted for debugging.
    os.environ.setdefault("DEBUG", "false")
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="manx-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manx_learning.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def _catalogue() -> None:
    from manx_learning.accounts.models import Agency
    from manx_learning.dataset.models import Indicator, Observation, Return

    Observation.objects.all().delete()
    Return.objects.all().delete()
    Indicator.objects.filter(code__startswith="BENCH-").delete()
    Agency.objects.filter(agency_code__startswith="BA").delete()
    Agency.objects.bulk_create(
        [Agency(agency_code=f"BA{n:02d}", name=f"Bench agency {n}") for n in range(AGENCIES)]
    )
    Indicator.objects.bulk_create(
        [
            Indicator(
                code=f"BENCH-{n:02d}",
                name=f"Bench indicator {n}",
                unit="count",
                frequency="monthly",
                improvement="down",
            )
            for n in range(INDICATORS)
        ]
    )


def _file(rows: int, changed_every: int = 0) -> bytes:
    months = max(1, rows // (INDICATORS * AGENCIES))
    lines = ["indicator,agency,period,value,note"]
    count = 0
    for month in range(months):
        period = f"{2000 + month // 12:04d}-{month % 12 + 1:02d}"
        for a in range(AGENCIES):
            for i in range(INDICATORS):
                value = (month * 7 + a * 3 + i) % 97
                if changed_every and count % changed_every == 0:
                    value += 1
                lines.append(f"BENCH-{i:02d},BA{a:02d},{period},{value},")
                count += 1
    return ("\r\n".join(lines) + "\r\n").encode()


def _timed_import(data: bytes) -> tuple[int, float, float]:
    """(rows accepted, seconds to validate and store, seconds for the after-commit refresh)."""
    from django.db import transaction

    from manx_learning.dataset.services import observations_import

    start = time.perf_counter()
    with transaction.atomic():
        result = observations_import(data=data, file_name="bench.csv", max_bytes=len(data) + 1)
        stored = time.perf_counter()
    committed = time.perf_counter()
    return result.accepted, stored - start, committed - stored


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    parser.add_argument("--with-signals", action="store_true", help="also time the SPC refresh")
    args = parser.parse_args()
    vendor = _setup_django()
    if not args.with_signals:
        from manx_learning.dataset import trends

        trends.refresh_signals = lambda pairs: 0
    _catalogue()
    first = _file(args.rows)
    again = _file(args.rows, changed_every=10)
    print(f"Database: {vendor}; file: {len(first) / 1e6:.1f} MB, {args.rows:,} rows")
    worst = float("inf")
    for label, data in (("new rows", first), ("resubmission", again)):
        rows, seconds, refresh = _timed_import(data)
        rate = rows / seconds
        worst = min(worst, rate)
        print(
            f"  {label:<13} {rows:,} rows validated and stored in {seconds:.2f} s = "
            f"{rate:,.0f} rows/s"
            + (f" (signals refreshed after commit in {refresh:.2f} s)" if args.with_signals else "")
        )
    met = worst >= TARGET_ROWS_PER_SECOND
    print(f"Target >= {TARGET_ROWS_PER_SECOND:,} rows/s: {'met' if met else 'MISSED'}")
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
