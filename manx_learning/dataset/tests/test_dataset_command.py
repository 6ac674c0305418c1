"""`manx-learning dataset load-indicators`, `export` and `remind`, and the real exit codes."""

import csv
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from manx_learning.dataset.models import Indicator, Observation
from manx_learning.dataset.tests.factories import run_import, write

pytestmark = pytest.mark.django_db
REPO_ROOT = Path(__file__).resolve().parents[3]


def test_load_indicators_adds_then_updates(tmp_path):
    text = "code,name,unit,improvement,frequency\nCP-01,Referrals,count,down,monthly\n"
    out = StringIO()
    call_command("dataset", "load-indicators", str(write(tmp_path, text)), stdout=out)
    assert "1 added" in out.getvalue()
    text = text.replace("Referrals", "Referrals to CSC")
    call_command("dataset", "load-indicators", str(write(tmp_path, text)), stdout=out)
    assert Indicator.objects.get().name == "Referrals to CSC"


def test_load_indicators_refuses_bad_choices_with_row_and_column(tmp_path):
    text = "code,name,unit,improvement,frequency\nCP-01,Referrals,widgets,down,weekly\n"
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("dataset", "load-indicators", str(write(tmp_path, text)), "--json", stdout=out)
    errors = json.loads(out.getvalue())["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "unit"), (2, "frequency")]
    assert not Indicator.objects.exists()


@pytest.mark.usefixtures("catalogue")
def test_export_neutralises_formulas(tmp_path):
    text = 'indicator,agency,period,value,note\nCP-01,IMC,2025-01,12,=HYPERLINK("x")\n'
    run_import(write(tmp_path, text))
    out = tmp_path / "out.csv"
    call_command("dataset", "export", str(out), stdout=StringIO())
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows == [
        ["indicator", "agency", "period", "value", "note"],
        ["CP-01", "IMC", "2025-01", "12", '\'=HYPERLINK("x")'],
    ]


def test_a_missing_file_is_a_json_error():
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("dataset", "import", "/no/such/file.csv", "--json", stdout=out)
    assert raised.value.returncode == 1
    assert json.loads(out.getvalue())["errors"][0]["row"] == 0


@pytest.mark.django_db(transaction=True)
def test_the_installed_command_exits_1_with_json_and_no_traceback(tmp_path):
    database = tmp_path / "cli.sqlite3"
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}"}
    manage = [sys.executable, "-m", "manx_learning.manage"]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=REPO_ROOT)
    junk = write(tmp_path, "not,a,return\n\x01\x02", name="junk.csv")
    done = subprocess.run(
        [*manage, "dataset", "import", str(junk), "--json"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout)["errors"][0]["column"] == "indicator"
    assert not Observation.objects.exists()
