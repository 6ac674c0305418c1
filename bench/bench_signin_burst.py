"""Monday morning: many practitioners sign in within half a minute while staff keep working.

    .venv/bin/python bench/bench_signin_burst.py [--people 165] [--seconds 30] [--staff 10]
        [--worker-class gthread --threads 16 --workers 4]

Creates a throw-away PostgreSQL database (DEPLOY_ADMIN_URL, default the local `test` database's
server), migrates it, adds `--people` practitioners and `--staff` business unit officers (one
real PBKDF2 hash shared, so setting up costs one hash), and starts gunicorn on 127.0.0.1 with
the worker settings given. Then, at once:

- each practitioner, at a random moment within `--seconds`, opens the sign-in page and signs in
  (Django's default password hashing: one check costs about 0.36 s of CPU here);
- each staff member, already signed in, opens the dashboard and the reviews list again and
  again, and a visitor reads the public library, for the whole burst.

Prints p50/p95/p99 and errors for sign-ins, staff pages and public pages. Nothing leaves
127.0.0.1; the database is dropped at the end."""

import argparse
import http.cookiejar
import os
import random
import re
import secrets
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PASSWORD = "a long enough passphrase for the bench"  # noqa: S105 - throw-away accounts
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _env(database_url: str, work: Path) -> dict[str, str]:
    return os.environ | {
        "MANX_ENV": "demo",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": HOST,
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "60",
    }


SETUP = """
from django.contrib.auth.hashers import make_password
from manx_learning.accounts.models import Agency, Role, User, UserRole
agency, _ = Agency.objects.get_or_create(agency_code="BENCH", defaults={{"name": "Bench agency"}})
unit, _ = Agency.objects.get_or_create(agency_code="SBBU", defaults={{"name": "Business unit"}})
hashed = make_password({password!r})
people = [User(email=f"p{{i}}@bench.test", full_name=f"Practitioner {{i}}", agency=agency,
               password=hashed) for i in range({people})]
staff = [User(email=f"s{{i}}@bench.test", full_name=f"Officer {{i}}", agency=unit,
              password=hashed) for i in range({staff})]
User.objects.bulk_create(people + staff)
bench = User.objects.filter(email__endswith="@bench.test")
roles = [UserRole(user=u, role=Role.PRACTITIONER) for u in bench.filter(email__startswith="p")]
roles += [UserRole(user=u, role=Role.BUSINESS_UNIT) for u in bench.filter(email__startswith="s")]
UserRole.objects.bulk_create(roles)
"""


class Client:
    """One browser: its own cookies."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def sign_in(self, email: str) -> int:
        status, page = self.get("/account/sign-in/")
        token = CSRF.search(page)
        if status != 200 or not token:
            return status or 599
        data = urllib.parse.urlencode(
            {"email": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            self.base + "/account/sign-in/", data=data, headers={"Referer": self.base + "/"}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                final = response.geturl()
                return 200 if "/sign-in/" not in final else 401
        except urllib.error.HTTPError as error:
            return error.code


def _percentiles(samples: list[float]) -> str:
    if not samples:
        return "no samples"
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return (
        f"n={len(samples):5d}  p50 {at(0.50):7.0f} ms  p95 {at(0.95):7.0f} ms  "
        f"p99 {at(0.99):7.0f} ms  mean {statistics.mean(samples) * 1000:6.0f} ms"
    )


def run_burst(base: str, people: int, staff: int, seconds: float) -> dict[str, object]:
    timings: dict[str, list[float]] = {"sign-in": [], "staff pages": [], "public pages": []}
    errors: dict[str, int] = {key: 0 for key in timings}
    lock = threading.Lock()
    staff_clients = [Client(base) for _ in range(staff)]
    for number, client in enumerate(staff_clients):
        assert client.sign_in(f"s{number}@bench.test") == 200, "staff sign-in failed"
    stop = threading.Event()

    def record(kind: str, started: float, ok: bool) -> None:
        with lock:
            timings[kind].append(time.perf_counter() - started)
            errors[kind] += 0 if ok else 1

    def practitioner(number: int) -> None:
        time.sleep(random.uniform(0, seconds))
        started = time.perf_counter()
        record("sign-in", started, Client(base).sign_in(f"p{number}@bench.test") == 200)

    def staff_member(client: Client) -> None:
        while not stop.is_set():
            for path in ("/dashboard/", "/reviews/"):
                started = time.perf_counter()
                record("staff pages", started, client.get(path)[0] == 200)

    def visitor() -> None:
        client = Client(base)
        while not stop.is_set():
            started = time.perf_counter()
            record("public pages", started, client.get("/learning/")[0] == 200)

    threads = [threading.Thread(target=practitioner, args=(n,)) for n in range(people)]
    background = [threading.Thread(target=staff_member, args=(c,)) for c in staff_clients]
    background.append(threading.Thread(target=visitor))
    began = time.perf_counter()
    for thread in threads + background:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    for thread in background:
        thread.join()
    return {"timings": timings, "errors": errors, "elapsed": time.perf_counter() - began}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=165)
    parser.add_argument("--staff", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    options = parser.parse_args()

    admin = os.environ.get("DEPLOY_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/test")
    name = f"manx_bench_{int(time.time())}_{os.getpid()}"
    database_url = urllib.parse.urlunsplit(urllib.parse.urlsplit(admin)._replace(path=f"/{name}"))
    work = Path(tempfile.mkdtemp(prefix="manx-bench-"))
    (work / "static").mkdir()
    manage = [sys.executable, "-m", "manx_learning.manage"]
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    env = _env(database_url, work)
    server = None
    try:
        subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        code = SETUP.format(password=PASSWORD, people=options.people, staff=options.staff)
        subprocess.run([*manage, "shell", "-c", code], env=env, cwd=ROOT, check=True)
        port = _port()
        command = (
            f"{Path(sys.executable).parent / 'gunicorn'} manx_learning.wsgi --bind {HOST}:{port} "
            f"--workers {options.workers} --worker-class {options.worker_class} "
            f"--threads {options.threads} --timeout 120 --log-level warning"
        )
        server = subprocess.Popen(shlex.split(command), env=env, cwd=ROOT, start_new_session=True)
        base = f"http://{HOST}:{port}"
        for _ in range(100):
            try:
                if Client(base).get("/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        print(
            f"gunicorn: {options.workers} workers, {options.worker_class}, "
            f"{options.threads} thread(s); {os.cpu_count()} cores"
        )
        print(
            f"{options.people} practitioners sign in within {options.seconds:.0f} s while "
            f"{options.staff} staff and a visitor read pages"
        )
        result = run_burst(base, options.people, options.staff, options.seconds)
        for kind, samples in result["timings"].items():  # type: ignore[union-attr]
            print(f"  {kind:13} {_percentiles(samples)}  errors {result['errors'][kind]}")  # type: ignore[index]
        print(f"  burst took {result['elapsed']:.1f} s")
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        subprocess.run(
            ["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
