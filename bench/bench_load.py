"""Load: 200 practitioners and 20 staff for five minutes, against gunicorn and PostgreSQL.

    .venv/bin/pip install -e '.[bench]'      # locust
    .venv/bin/python bench/bench_load.py [--minutes 5] [--spawn-rate 7]

Creates a throw-away PostgreSQL database (DEPLOY_ADMIN_URL, default the local `test` database's
server), migrates it and loads the demo board, then adds 200 practitioners in three agencies, ten
business unit officers, five agency leads and five data officers (one real PBKDF2 hash shared),
and a briefing sent to the practitioners. It starts gunicorn on 127.0.0.1 with the worker settings
of the gunicorn line in docs/deployment.md (section 3), then runs bench/locustfile.py headless:
staff first, then practitioners at `--spawn-rate` a second (200 sign-ins in about half a minute).

Prints p50/p95/p99 and errors per page, separately for the sign-in burst (until the last
practitioner has signed in) and for the rest of the run, and checks the issue's targets: no
errors; outside the burst, p95 under 300 ms for staff pages and under 100 ms for public pages.
Nothing leaves 127.0.0.1; the database is dropped at the end."""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

from bench_signin_burst import HOST, PASSWORD, _env, _port

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"staff": 300.0, "public": 100.0}

SETUP = """
from django.contrib.auth.hashers import make_password
from manx_learning.accounts.models import Agency, Role, User, UserRole
from manx_learning.briefings import services
from manx_learning.briefings.models import BriefingSend
agencies = {{a.agency_code: a for a in Agency.objects.all()}}
hashed = make_password({password!r})
plan = [(f"p{{i}}", ["MCCF", "IMC", "NOBLES"][i % 3], Role.PRACTITIONER) for i in range(200)]
plan += [(f"bu{{i}}", "SBBU", Role.BUSINESS_UNIT) for i in range(10)]
plan += [(f"lead{{i}}", ["IMC", "NOBLES", "MCCF"][i % 3], Role.AGENCY_LEAD) for i in range(5)]
plan += [(f"data{{i}}", ["MCCF", "IMC", "NOBLES"][i % 3], Role.DATA_OFFICER) for i in range(5)]
people = User.objects.bulk_create([
    User(email=f"{{name}}@load.test", full_name=f"Load {{name}}", agency=agencies[code],
         password=hashed) for name, code, _ in plan
])
UserRole.objects.bulk_create([UserRole(user=u, role=r) for u, (_, _, r) in zip(people, plan)])
by = User.objects.get(email="bu0@load.test")
briefing = services.briefing_create(title="Discharge planning: 7-minute briefing", by=by)
for name in services.SECTION_FIELDS:
    setattr(briefing, name, f"What practitioners need to know: {{name.replace('_', ' ')}}.")
briefing.save()
send = BriefingSend.objects.create(briefing=briefing, roles=[Role.PRACTITIONER], sent_by=by)
send.agencies.set([agencies["MCCF"], agencies["IMC"], agencies["NOBLES"]])
print("BRIEFING", briefing.code)
"""


def documented_workers() -> str:
    """The worker options of the documented gunicorn line (docs/deployment.md, section 3)."""
    text = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("gunicorn "))
    options = re.findall(r"--(?:workers|worker-class|threads)[ =]\S+", line)
    return " ".join(options)


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(samples: list[list], burst_end: float) -> bool:
    """Print the table; whether the targets were met."""
    groups: dict[tuple[str, str], list[tuple[float, bool]]] = defaultdict(list)
    for at, name, ms, failed in samples:
        groups[("burst" if at <= burst_end else "after", name)].append((ms, failed))
    met = True
    for window in ("burst", "after"):
        title = "During the sign-in burst" if window == "burst" else "After the burst"
        print(f"\n{title}")
        print(f"  {'page':40} {'n':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>6}")
        for (w, name), rows in sorted(groups.items()):
            if w != window:
                continue
            ordered = sorted(ms for ms, _ in rows)
            errors = sum(failed for _, failed in rows)
            p95 = percentile(ordered, 0.95)
            print(
                f"  {name:40} {len(rows):6d} {percentile(ordered, 0.5):5.0f}ms "
                f"{p95:5.0f}ms {percentile(ordered, 0.99):5.0f}ms {errors:6d}"
            )
            met &= errors == 0
            kind = name.split(":")[0]
            if window == "after" and kind in TARGETS and p95 >= TARGETS[kind]:
                met = False
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--spawn-rate", type=float, default=7)
    parser.add_argument("--workers", help="gunicorn worker options instead of the documented ones")
    options = parser.parse_args()

    admin = os.environ.get("DEPLOY_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/test")
    name = f"manx_load_{int(time.time())}_{os.getpid()}"
    database_url = urllib.parse.urlunsplit(urllib.parse.urlsplit(admin)._replace(path=f"/{name}"))
    work = Path(tempfile.mkdtemp(prefix="manx-load-"))
    (work / "static").mkdir()
    manage = [sys.executable, "-m", "manx_learning.manage"]
    env = _env(database_url, work) | {
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"
    }
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    server = None
    try:
        subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run([*manage, "demo"], env=env, cwd=ROOT, check=True, capture_output=True)
        setup = subprocess.run(
            [*manage, "shell", "-c", SETUP.format(password=PASSWORD)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        briefing = re.search(r"BRIEFING (\S+)", setup.stdout).group(1)  # type: ignore[union-attr]
        port = _port()
        workers = options.workers or documented_workers()
        command = (
            f"{Path(sys.executable).parent / 'gunicorn'} manx_learning.wsgi --bind {HOST}:{port} "
            f"{workers} --timeout 120 --log-level warning"
        )
        server = subprocess.Popen(shlex.split(command), env=env, cwd=ROOT, start_new_session=True)
        base = f"http://{HOST}:{port}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5):  # noqa: S310 - loopback
                    break
            except OSError:
                time.sleep(0.3)
        results = work / "results.json"
        print(
            f"gunicorn ({workers}) on {os.cpu_count()} cores; locust: 200 practitioners, 20 staff"
        )
        started = time.time()
        subprocess.run(
            [
                str(Path(sys.executable).parent / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                "220",
                "--spawn-rate",
                str(options.spawn_rate),
                "--run-time",
                f"{int(options.minutes * 60)}s",
                "--host",
                base,
                "--only-summary",
                "--stop-timeout",
                "15",
                "--loglevel",
                "WARNING",
            ],
            env=env
            | {"LOAD_PASSWORD": PASSWORD, "LOAD_RESULTS": str(results), "LOAD_BRIEFING": briefing},
            cwd=ROOT,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        samples = json.loads(results.read_text())
        sign_ins = [at for at, name, _, _ in samples if name == "sign-in"]
        burst_end = max(sign_ins) if sign_ins else started
        print(
            f"{len(samples)} requests in {time.time() - started:.0f} s; "
            f"{len(sign_ins)} sign-ins, the burst lasted {burst_end - started:.0f} s"
        )
        met = report(samples, burst_end)
        print(
            "\ntargets (0 errors; after the burst staff p95 < 300 ms, public p95 < 100 ms):",
            "met" if met else "NOT met",
        )
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        subprocess.run(
            ["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
