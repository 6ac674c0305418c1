"""Benchmark the chronology limits of issue 12 against the file of the real attack.

A 206,656-row chronology CSV (as in the attack: 64 s inside the request, a PDF past 6 GB, an
XLSX of 32 s) is generated with bench/chronology_data.py, then each step runs in a fresh child
process so that its peak resident memory (ru_maxrss) is its own:

1. refuse     the 206,656-row upload, through `reviews.services.chronology_import` as the
              import view calls it: copied to disk, rows counted, refused (request side).
2. import     a file of exactly CHRONOLOGY_MAX_ROWS rows: the request side (count, hand to the
              worker) and the worker side (`core.jobs.run_job_task`: parse, store, link).
3. xlsx       the Excel export of CHRONOLOGY_MAX_ROWS entries: request side and worker side.
4. pdf        the PDF export of PDF_MAX_ENTRIES entries: request side and worker side.
5. inline-*   the largest work still done inside a request: an import of
              CHRONOLOGY_INLINE_IMPORT_ROWS rows, an Excel export of CHRONOLOGY_INLINE_EXPORT_ROWS
              entries and a PDF of PDF_INLINE_ENTRIES entries.

Run:  .venv/bin/python bench/bench_chronology_limits.py [--strict]
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/manx_bench_limits \
          .venv/bin/python bench/bench_chronology_limits.py
Without DATABASE_URL a fresh SQLite file in a temporary folder is used; the database is migrated
and must be one you can throw away. Targets: every request-side step under 10 s and 512 MB; the
worker steps are reported against the same figures (they are not requests, so not held to them).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ATTACK_ROWS = 206_656
TARGET_SECONDS = 10.0
TARGET_MEGABYTES = 512


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--rows", type=int, default=ATTACK_ROWS, help=argparse.SUPPRESS)
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        return _child(args.step)
    return _report(rows=args.rows, strict=args.strict)


# --- Setup and the parent --------------------------------------------------------


def _setup_django() -> None:
    # Measure as production runs: DEBUG off, so queries are not kept for debugging.
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manx_learning.settings")
    import django

    django.setup()


def _write_csv(path: Path, rows: int) -> None:
    from bench import chronology_data

    data = chronology_data.generate(
        20240607, shared_events=rows // 20, total_entries=rows, days=10 * 365
    )
    everything = sorted(
        (row for agency_rows in data.rows.values() for row in agency_rows),
        key=lambda row: (row.date, row.time or chronology_data.dt.time(0)),
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["date", "time", "agency", "source", "event", "practitioner"])
        for row in everything[:rows]:
            writer.writerow(
                [
                    row.date.strftime("%d/%m/%Y"),
                    row.time.strftime("%H:%M") if row.time else "",
                    row.agency.name,
                    "Case notes",
                    row.event,
                    row.practitioner,
                ]
            )


def _head(source: Path, target: Path, rows: int) -> None:
    with source.open(encoding="utf-8", newline="") as read, target.open("w", newline="") as write:
        for number, line in enumerate(read):
            if number > rows:
                break
            write.write(line)


def _fixtures() -> dict[str, str]:
    from datetime import date

    from manx_learning.accounts.models import Agency, AgencyKind, Role, User, UserRole
    from manx_learning.reviews import services
    from manx_learning.reviews.models import Review, Stage

    agency, _ = Agency.objects.get_or_create(
        agency_code="BENCHPOL", defaults={"name": "Bench police", "kind": AgencyKind.POLICE}
    )
    unit, _ = Agency.objects.get_or_create(
        agency_code="BENCHBU", defaults={"name": "Bench business unit", "kind": AgencyKind.OTHER}
    )
    user, created = User.objects.get_or_create(
        email="bench-bu@example.im", defaults={"full_name": "Bench Unit", "agency": unit}
    )
    if created:
        UserRole.objects.create(user=user, role=Role.BUSINESS_UNIT)
    codes = {}
    for label in ("limit", "pdf", "inline"):
        review = services.review_refer(
            by=user,
            title=f"Bench {label}",
            referral_date=date(2026, 3, 2),
            referrer_name="Bench",
            referral_source="Bench",
            harm="seriously_harmed",
            abuse_neglect="suspected",
            concern="Bench",
            agencies=[agency],
            subjects=[{"pseudonym": "Child B", "age_band": "10_15", "category": "young_person"}],
        )
        Review.objects.filter(pk=review.pk).update(stage=Stage.GATHERING)
        codes[label] = str(review.code)
    return {"user": str(user.pk), "agency": str(agency.pk), **codes}


def _fill_pdf_review(ids: dict[str, str], path: Path) -> None:
    """Setup, not measured: the second review holds exactly PDF_MAX_ENTRIES entries."""
    from manx_learning.reviews import services

    user, agency, review = _objects(ids, "pdf")
    services.chronology_import_file(
        review=review, by=user, agency=agency, name=path.name, path=path
    )


def _setup(ids: dict[str, str], scratch: str) -> dict:
    """Child step, not measured: migrate, write the files, make the reviews."""
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    folder = Path(scratch)
    attack, at_limit, pdf_file = folder / "attack.csv", folder / "at-limit.csv", folder / "pdf.csv"
    started = time.perf_counter()
    _write_csv(attack, int(ids["rows"]))
    _head(attack, at_limit, settings.CHRONOLOGY_MAX_ROWS)
    _head(attack, pdf_file, settings.PDF_MAX_ENTRIES)
    inline = folder / "inline.csv"
    _head(attack, inline, settings.CHRONOLOGY_INLINE_IMPORT_ROWS)
    made = _fixtures()
    _fill_pdf_review(made, pdf_file)
    size = attack.stat().st_size / 1024 / 1024
    return made | {
        "what": f"generated {int(ids['rows']):,} rows ({size:.1f} MB) in "
        f"{time.perf_counter() - started:.1f} s",
        "attack": str(attack),
        "at_limit": str(at_limit),
        "inline_file": str(inline),
    }


def _report(*, rows: int, strict: bool) -> int:
    """The parent only starts children (it never loads Django or the data), because Linux keeps
    a parent's peak RSS in a child's ru_maxrss across fork and exec."""
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="manx-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    # The attack's file was 19.5 MB; ours is a little larger, so let uploads reach the reader's
    # own 50 MB limit and the row count (not the upload size) be what refuses it.
    os.environ.setdefault("UPLOAD_MAX_BYTES", str(50 * 1024 * 1024))
    vendor = os.environ["DATABASE_URL"].split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="manx-bench-limits-") as scratch:
        os.environ["MEDIA_ROOT"] = str(Path(scratch) / "media")
        ids = _run("setup", {"rows": str(rows)}, scratch)
        print(f"{vendor}: {ids['what']}")
        results = [_run("refuse", ids, ids["attack"])]
        request = _run("import-request", ids, ids["at_limit"])
        results += [request, _run("import-worker", ids, request["job"])]
        request = _run("xlsx-request", ids, "")
        results += [request, _run("xlsx-worker", ids, request["job"])]
        request = _run("pdf-request", ids, "")
        results += [request, _run("pdf-worker", ids, request["job"])]
        # The largest work still done inside a request, at each INLINE threshold.
        results += [_run(step, ids, ids["inline_file"]) for step in INLINE_STEPS]
    missed = []
    print(f"{'step':<16}{'seconds':>9}{'peak MB':>9}{'(start)':>9}  what")
    for result in results:
        figures = f"{result['seconds']:>9.2f}{result['peak_mb']:>9.0f}{result['baseline_mb']:>9.0f}"
        print(f"{result['step']:<16}{figures}  {result['what']}")
        over = result["seconds"] > TARGET_SECONDS or result["peak_mb"] > TARGET_MEGABYTES
        in_request = not result["step"].endswith("worker")
        if over and in_request:
            missed.append(result["step"])
    target = f"under {TARGET_SECONDS:.0f} s and {TARGET_MEGABYTES} MB each"
    print(f"request-side target: {target}; missed: {missed or 'none'}")
    return 1 if strict and missed else 0


def _run(step: str, ids: dict[str, str], argument: str | Path) -> dict:
    command = [sys.executable, __file__, "--step", step, json.dumps(ids), str(argument)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ)
    if done.returncode:
        raise SystemExit(f"step {step} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- One step, in its own process ----------------------------------------------------------------


def _child(step: list[str]) -> int:
    name, ids, argument = step[0], json.loads(step[1]), step[2]
    _setup_django()
    baseline = _peak_mb()
    started = time.perf_counter()
    result = STEPS[name](ids, argument)
    result |= {
        "step": name,
        "seconds": time.perf_counter() - started,
        "peak_mb": _peak_mb(),
        "baseline_mb": baseline,
    }
    print(json.dumps(result))
    return 0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _objects(ids: dict[str, str], review: str = "limit"):
    from manx_learning.accounts.models import Agency, User
    from manx_learning.reviews.models import Review

    return (
        User.objects.get(pk=ids["user"]),
        Agency.objects.get(pk=ids["agency"]),
        Review.objects.get(code=ids[review]),
    )


def _upload(path: Path):
    from django.core.files import File

    return File(path.open("rb"), name=path.name)


def _refuse(ids: dict[str, str], path: str) -> dict:
    from django.core.exceptions import ValidationError

    from manx_learning.reviews import services

    user, agency, review = _objects(ids)
    try:
        services.chronology_import(
            review=review, by=user, agency=agency, upload=_upload(Path(path))
        )
    except ValidationError as refused:
        return {"what": refused.messages[0][:100] + "..."}
    raise SystemExit("the over-limit file was not refused")


def _import_request(ids: dict[str, str], path: str, review_label: str = "limit") -> dict:
    from django.db import transaction

    from manx_learning.reviews import services

    user, agency, review = _objects(ids, review_label)
    with transaction.atomic():  # as ATOMIC_REQUESTS would; the job is queued on commit
        result = services.chronology_import(
            review=review, by=user, agency=agency, upload=_upload(Path(path))
        )
    assert result.job is not None, "the at-limit file should go to the worker"
    return {"job": str(result.job.code), "what": f"count {result.job.total:,} rows, queue a job"}


def _worker(ids: dict[str, str], job_code: str) -> dict:
    from manx_learning.core.jobs import run_job_task
    from manx_learning.core.models import Job

    status = run_job_task.call(job_code=job_code)
    job = Job.objects.get(code=job_code)
    assert status == "done", f"{job.message} {job.problems[:3]}"
    return {"what": f"{job.kind}: {job.message}"}


def _xlsx_request(ids: dict[str, str], _: str) -> dict:
    from manx_learning.reviews import jobs, services

    user, _agency, review = _objects(ids)
    filters = jobs.export_filters({})
    count = jobs.export_entries(review, filters).count()
    assert services.chronology_export_in_background(fmt="xlsx", count=count)
    job = services.chronology_export_start(
        review=review, by=user, fmt="xlsx", filters=filters, count=count
    )
    return {"job": str(job.code), "what": f"count {count:,} entries, queue a job"}


def _pdf_request(ids: dict[str, str], _: str) -> dict:
    from manx_learning.reviews import jobs, services

    user, _agency, review = _objects(ids, "pdf")
    filters = jobs.export_filters({})
    count = jobs.export_entries(review, filters).count()
    assert services.chronology_export_in_background(fmt="pdf", count=count)
    job = services.chronology_export_start(
        review=review, by=user, fmt="pdf", filters=filters, count=count
    )
    return {"job": str(job.code), "what": f"count {count:,} entries, queue a job"}


def _inline_import(ids: dict[str, str], path: str) -> dict:
    from manx_learning.reviews import services

    user, agency, review = _objects(ids, "inline")
    result = services.chronology_import(
        review=review, by=user, agency=agency, upload=_upload(Path(path))
    )
    assert result.job is None and not result.errors, result.errors[:3]
    return {
        "what": f"import {result.created:,} rows in the request (CHRONOLOGY_INLINE_IMPORT_ROWS)"
    }


def _inline_export(ids: dict[str, str], fmt: str) -> dict:
    from django.conf import settings

    from manx_learning.reviews import exports, jobs

    _user, _agency, review = _objects(ids, "limit" if fmt == "xlsx" else "pdf")
    size = settings.CHRONOLOGY_INLINE_EXPORT_ROWS if fmt == "xlsx" else settings.PDF_INLINE_ENTRIES
    entries = jobs.export_entries(review, jobs.export_filters({}))[:size]
    make = exports.chronology_xlsx if fmt == "xlsx" else exports.chronology_pdf
    content = make(review, entries)
    return {"what": f"{fmt} of {size:,} entries in the request ({len(content) / 1024:.0f} KB)"}


INLINE_STEPS = ("inline-import", "inline-xlsx", "inline-pdf")

STEPS = {
    "setup": _setup,
    "refuse": _refuse,
    "import-request": _import_request,
    "import-worker": _worker,
    "xlsx-request": _xlsx_request,
    "xlsx-worker": _worker,
    "pdf-request": _pdf_request,
    "pdf-worker": _worker,
    "inline-import": _inline_import,
    "inline-xlsx": lambda ids, _: _inline_export(ids, "xlsx"),
    "inline-pdf": lambda ids, _: _inline_export(ids, "pdf"),
}


if __name__ == "__main__":
    raise SystemExit(main())
