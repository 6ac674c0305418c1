"""`make run` runs the site and the task worker together (scripts/run-dev): an e-mail queued
while it runs is sent, and Ctrl+C stops both. Real processes on a throw-away SQLite database."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUEUE_MAIL = (
    "from manx_learning.core.tasks import send_email_task; "
    "send_email_task.enqueue(to=['reader@example.im'], template='briefings/email/briefing', "
    "context={'full_name': 'Ann Reader', 'title': 'Run-dev check', 'link': 'http://x/'})"
)


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local test server
            return response.status == 200
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_run_dev_serves_the_site_runs_queued_work_and_stops_both(tmp_path):
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MANX_ENV": "demo",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    env.pop("SITE_URL", None)
    manage = str(BIN / "manx-learning")
    subprocess.run([manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    port = _port()
    log = (tmp_path / "run.log").open("w+")
    command = [sys.executable, "scripts/run-dev", "--port", str(port)]
    run = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        assert _wait(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), 40), "no site"
        subprocess.run([manage, "shell", "-c", QUEUE_MAIL], env=env, check=True, cwd=ROOT)
        output = tmp_path / "run.log"
        assert _wait(lambda: "reader@example.im" in output.read_text(), 40), output.read_text()
        text = output.read_text()
        assert f"Site on http://127.0.0.1:{port}/" in text
        worker = int(re.search(r"Task worker started \(pid (\d+)\)", text).group(1))
        run.send_signal(signal.SIGINT)
        assert run.wait(timeout=30) == 0
        assert _wait(lambda: not _alive(worker), 15), "the worker outlived the site"
    finally:
        if run.poll() is None:
            run.kill()
        log.close()
