"""Production refuses to start when it is unsafe. Settings are read once at start-up, so each case
runs the real `manx-learning` command in a fresh process with the environment a server would have."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

GOOD_KEY = "k" * 60


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "MANX_ENV"}
    }
    base |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}", "LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [sys.executable, "-m", "manx_learning.manage", *args],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    assert _run(tmp_path, "migrate", "--noinput").returncode == 0
    return tmp_path


def test_production_refuses_the_default_secret_key_and_debug(migrated):
    result = _run(migrated, "check", MANX_ENV="production", DEBUG="true", ALLOWED_HOSTS="x.im")
    assert result.returncode != 0
    assert "manx.E001" in result.stderr
    assert "manx.E002" in result.stderr


def test_production_refuses_to_start_with_demo_accounts(migrated):
    assert _run(migrated, "demo").returncode == 0
    prod = {"MANX_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x.im"}
    result = _run(migrated, "check", **prod)
    assert result.returncode != 0
    assert "manx.E003" in result.stderr
    # The way out that the message names works, and then production starts.
    assert _run(migrated, "demo", "--remove", **prod).returncode == 0
    assert _run(migrated, "check", **prod).returncode == 0


def test_the_wsgi_application_refuses_to_load_when_unsafe(migrated):
    env = {"MANX_ENV": "production", "ALLOWED_HOSTS": "x.im"}
    result = subprocess.run(
        [sys.executable, "-c", "import manx_learning.wsgi"],
        env={**os.environ, **env, "DATABASE_URL": f"sqlite:///{migrated / 'prod.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "manx.E001" in result.stderr


def test_production_turns_on_hsts_and_secure_cookies(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django, os; django.setup() if False else None; {code}"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "manx_learning.settings",
            "MANX_ENV": "production",
            "SECRET_KEY": GOOD_KEY,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "False"]


def test_an_unknown_environment_name_is_refused(migrated):
    result = _run(migrated, "check", MANX_ENV="staging")
    assert result.returncode != 0
    assert "manx.E000" in result.stderr
