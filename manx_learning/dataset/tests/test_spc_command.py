"""The `manx-learning spc SERIES.csv` command: its JSON contract, table and error handling.

No database is touched, so these tests need no db fixture.
"""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

REPO_ROOT = Path(__file__).resolve().parents[3]
GOLDEN = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


@pytest.fixture
def golden_csv(tmp_path):
    rows = "".join(f"2024-{i + 1:02d},{v}\r\n" for i, v in enumerate(GOLDEN))
    path = tmp_path / "golden.csv"
    path.write_text("\ufeff Period , Value \r\n" + rows + "\r\n", encoding="utf-8")
    return path


def write_csv(tmp_path, text):
    path = tmp_path / "series.csv"
    path.write_text(text, encoding="utf-8")
    return path


def run_json(path, *args):
    out = StringIO()
    call_command("spc", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_the_golden_chart_as_json(golden_csv):
    data = run_json(golden_csv)
    assert round(data["mean"], 2) == 1.94
    assert (round(data["lpl"], 2), round(data["upl"], 2)) == (-0.72, 4.60)
    assert data["assurance"] is None
    assert len(data["points"]) == len(GOLDEN)
    assert data["points"][4] == {
        "period": "2024-05",
        "value": 10,
        "special_cause": True,
        "rules": ["outside_limits"],
        "variation": "neutral",
    }
    assert data["points"][0] == {
        "period": "2024-01",
        "value": 1,
        "special_cause": False,
        "rules": [],
        "variation": "common_cause",
    }


def test_no_screen_outliers_gives_the_nhs_excel_limits(golden_csv):
    data = run_json(golden_csv, "--no-screen-outliers")
    assert (round(data["lpl"], 2), round(data["upl"], 2)) == (-3.06, 6.95)


@pytest.mark.parametrize(
    ("improvement", "target", "assurance", "variation"),
    [
        ("up", "5", "fail", "improvement"),
        ("down", "5", "pass", "concern"),
        ("up", "-1", "pass", "improvement"),
        ("down", "2", "inconsistent", "concern"),
        ("neutral", "5", None, "neutral"),
    ],
)
def test_improvement_and_target_set_the_variation_and_assurance(
    golden_csv, improvement, target, assurance, variation
):
    data = run_json(golden_csv, "--improvement", improvement, "--target", target)
    assert data["assurance"] == assurance
    assert data["points"][4]["variation"] == variation


def test_a_baseline_fixes_the_limits_on_the_first_points(tmp_path):
    rows = [*([11, 9] * 5), *([20] * 8)]
    path = write_csv(tmp_path, "period,value\n" + "".join(f"{i},{v}\n" for i, v in enumerate(rows)))
    data = run_json(path, "--baseline", "10", "--improvement", "up")
    assert data["mean"] == 10
    assert data["points"][12]["rules"] == ["outside_limits", "shift"]
    assert data["points"][12]["variation"] == "improvement"


def test_run_lengths_can_be_changed(tmp_path):
    values = [11, 9, 11, 9, 11, 9, 11, 9, 12, 13, 14, 15, 16, 9]
    path = write_csv(
        tmp_path, "period,value\n" + "".join(f"{i},{v}\n" for i, v in enumerate(values))
    )
    assert "trend" not in run_json(path, "--baseline", "8")["points"][10]["rules"]
    assert (
        "trend" in run_json(path, "--baseline", "8", "--trend-length", "5")["points"][10]["rules"]
    )
    assert "trend" in run_json(path, "--baseline", "8", "--run-length", "5")["points"][10]["rules"]


def test_rebase_starts_a_new_phase_at_a_period(tmp_path):
    values = [*([11, 9] * 5), *([21, 19] * 5)]
    path = write_csv(
        tmp_path, "period,value\n" + "".join(f"p{i},{v}\n" for i, v in enumerate(values))
    )
    data = run_json(path, "--rebase", "p10")
    assert data["mean"] == 20
    assert not any(point["special_cause"] for point in data["points"])


def test_without_json_it_prints_a_readable_table(golden_csv):
    out = StringIO()
    call_command("spc", str(golden_csv), stdout=out)
    text = out.getvalue()
    assert "mean 1.94" in text
    assert "lower limit -0.72" in text
    assert "upper limit 4.60" in text
    assert "2024-05" in text
    assert "outside_limits" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("period,amount\na,1\nb,2\n", "missing column"),
        ("period,value\na,1\nb,abc\n", r"row 3 .*'abc' is not a number"),
        ("period,value\na,1\n", "at least 2 points"),
    ],
)
def test_bad_input_is_a_command_error(tmp_path, text, message):
    with pytest.raises(CommandError, match=message):
        call_command("spc", str(write_csv(tmp_path, text)), "--json", stdout=StringIO())


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("spc", str(tmp_path / "nope.csv"), "--json", stdout=StringIO())


def test_nonsense_settings_are_a_command_error(golden_csv):
    with pytest.raises(CommandError, match="baseline"):
        call_command("spc", str(golden_csv), "--baseline", "1", stdout=StringIO())
    with pytest.raises(CommandError, match="not in the series"):
        call_command("spc", str(golden_csv), "--rebase", "1999-01", stdout=StringIO())


def run_cli(tmp_path, *args):
    env = {**os.environ, "MANX_VAR_DIR": str(tmp_path / "var")}
    return subprocess.run(
        [sys.executable, "-m", "manx_learning.manage", "spc", *map(str, args)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_from_the_shell_bad_input_exits_1_with_a_message_and_no_traceback(tmp_path):
    path = write_csv(tmp_path, "period,value\na,1\nb,abc\n")
    done = run_cli(tmp_path, path, "--json")
    assert done.returncode == 1
    assert "row 3" in done.stderr
    assert "'abc' is not a number" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_from_the_shell_a_missing_file_exits_1(tmp_path):
    done = run_cli(tmp_path, tmp_path / "nope.csv", "--json")
    assert done.returncode == 1
    assert "no such file" in done.stderr
    assert "Traceback" not in done.stderr


def test_from_the_shell_good_input_prints_json_and_exits_0(tmp_path, golden_csv):
    done = run_cli(tmp_path, golden_csv, "--json", "--improvement", "up", "--target", "5")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["assurance"] == "fail"
