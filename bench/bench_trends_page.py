"""Benchmark the emerging-trends page over 1,000,000 observations: target p95 under 300 ms.

Builds a throw-away SQLite database (or the one DATABASE_URL names, which must be disposable):
800 monthly indicators × 35 agencies × 36 months = 1,008,000 observations of seeded noise with
the odd shift, trend and outlier, then computes every series' Making Data Count signals with
`refresh_all_signals()` (timed and printed), then renders /data/trends/ with the Django test
client N times as a business unit officer and prints p50 and p95.

Run:  .venv/bin/python bench/bench_trends_page.py [--indicators N] [--agencies N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_P95_MS = 300.0
MONTHS = 36


def _setup_django() -> str:
    os.environ.setdefault("DEBUG", "false")
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="manx-bench-trends-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manx_learning.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def _month(index: int) -> tuple[str, date]:
    year, month = divmod(2023 * 12 + 10 + index, 12)  # November 2023 onwards
    return f"{year:04d}-{month + 1:02d}", date(year, month + 1, 1)


def _values(rng: random.Random) -> list[float]:
    level = rng.uniform(20, 200)
    values = [max(0.0, round(level + rng.gauss(0, level * 0.08))) for _ in range(MONTHS)]
    shape = rng.random()
    if shape < 0.1:  # a sustained shift in the last year
        at = rng.randrange(24, MONTHS - 7)
        values[at:] = [v + level * 0.25 for v in values[at:]]
    elif shape < 0.15:  # a steady climb at the end
        values[-8:] = [values[-9] + level * 0.04 * (k + 1) for k in range(8)]
    if rng.random() < 0.1:
        values[rng.randrange(MONTHS)] += level * 0.6
    return values


def build(indicators: int, agencies: int) -> int:
    from django.db import connection, transaction

    from manx_learning.accounts.models import Agency, AgencyKind, Role, User, UserRole
    from manx_learning.assurance.demo import demo_priorities_load
    from manx_learning.dataset.models import Frequency, Improvement, Indicator, Observation, Unit

    priorities = demo_priorities_load()
    Agency.objects.bulk_create(
        Agency(agency_code=f"A{i:03d}", name=f"Agency {i:03d}", kind=AgencyKind.OTHER)
        for i in range(agencies)
    )
    directions = [Improvement.UP, Improvement.DOWN, Improvement.NEUTRAL]
    Indicator.objects.bulk_create(
        Indicator(
            code=f"IND-{i:04d}",
            name=f"Indicator {i:04d}",
            unit=Unit.COUNT,
            frequency=Frequency.MONTHLY,
            improvement=directions[i % 3],
            priority=priorities[i % 4] if i % 4 < 3 else None,
        )
        for i in range(indicators)
    )
    agency_ids = list(Agency.objects.values_list("pk", flat=True))
    rng = random.Random(2026)
    # Plain executemany: a million model instances through bulk_create would take minutes.
    table = Observation._meta.db_table  # our own model's table name, not user input
    sql = (
        f"INSERT INTO {table} (indicator_id, agency_id, period, period_start, breakdown, value, "  # noqa: S608
        "note, updated_at) VALUES (%s, %s, %s, %s, '', %s, '', %s)"
    )
    now = "2026-11-01 00:00:00"
    months = [_month(i) for i in range(MONTHS)]
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for indicator_id in Indicator.objects.values_list("pk", flat=True):
            rows = []
            for agency_id in agency_ids:
                for (period, start), value in zip(months, _values(rng), strict=True):
                    rows.append((indicator_id, agency_id, period, start, value, now))
            cursor.executemany(sql, rows)
            count += len(rows)
    user = User.objects.create(email="bench@example.im", full_name="Bench", agency_id=agency_ids[0])
    UserRole.objects.create(user=user, role=Role.BUSINESS_UNIT)
    return count


def measure(runs: int) -> list[float]:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from manx_learning.accounts.models import User

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(email="bench@example.im"))
    timings = []
    for _ in range(runs + 2):
        started = time.perf_counter()
        response = client.get("/data/trends/", HTTP_HOST="127.0.0.1")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings[2:]  # the first two warm caches (templates, ContentType)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=800)
    parser.add_argument("--agencies", type=int, default=35)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    vendor = _setup_django()
    import logging

    logging.disable(logging.INFO)  # the request log line per page would dominate the output

    started = time.perf_counter()
    count = build(args.indicators, args.agencies)
    elapsed = time.perf_counter() - started
    print(f"database: {vendor}; built {count:,} observations in {elapsed:.1f} s")

    from manx_learning.dataset.models import Signal
    from manx_learning.dataset.selectors import emerging_signal_ids
    from manx_learning.dataset.trends import refresh_all_signals

    started = time.perf_counter()
    stored = refresh_all_signals()
    series = args.indicators * (args.agencies + 1)
    print(
        f"refresh_all_signals: {series:,} series, {stored:,} signals stored in "
        f"{time.perf_counter() - started:.1f} s"
    )
    from django.utils import timezone

    emerging = len(emerging_signal_ids(today=timezone.localdate()))
    rows = Signal.objects.count()
    print(f"emerging-trends page lists {emerging:,} series ({rows:,} signal rows)")

    timings = measure(args.runs)
    p50 = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[18]
    verdict = "met" if p95 < TARGET_P95_MS else "MISSED"
    print(
        f"/data/trends/ over {args.runs} renders: p50 {p50:.0f} ms, p95 {p95:.0f} ms "
        f"(target p95 < {TARGET_P95_MS:.0f} ms: {verdict})"
    )


if __name__ == "__main__":
    main()
