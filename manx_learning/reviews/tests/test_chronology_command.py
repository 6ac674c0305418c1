"""`manx-learning chronology merge FILE... --out MERGED.csv`: output, exit codes, no partial files.

No database is touched, so these tests need no db fixture.
"""

import csv
import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

REPO_ROOT = Path(__file__).resolve().parents[3]
HEADER = "date,time,agency,source,event,practitioner\r\n"


@pytest.fixture
def police(tmp_path):
    path = tmp_path / "police.csv"
    path.write_text(
        HEADER
        + "03/04/2021,10:00,Police,Niche,Strategy discussion with CSC re Child A,DS Quayle\r\n"
        + '05/04/2021,,Police,Niche,=HYPERLINK("http://example.com"),\r\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def health(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Date", "Time", "Agency", "Source", "Event"])
    book.active.append([dt.date(2021, 4, 3), dt.time(10, 30), "Health", "EMIS", "Strategy meeting"])
    book.active.append([dt.date(2021, 4, 4), None, "Health", "EMIS", "GP appointment, cough"])
    path = tmp_path / "health.xlsx"
    book.save(path)
    return path


def merge(*args, **options):
    out = StringIO()
    call_command("chronology", "merge", *map(str, args), stdout=out, **options)
    return out.getvalue()


def read_rows(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_it_merges_csv_and_xlsx_files_into_one_chronology(tmp_path, police, health):
    out = tmp_path / "merged.csv"
    message = merge(police, health, "--out", out)
    rows = read_rows(out)
    assert [(r["date"], r["time"], r["agency"], r["same_event"]) for r in rows] == [
        ("2021-04-03", "10:00", "Police", "E1"),
        ("2021-04-03", "10:30", "Health", "E1"),
        ("2021-04-04", "", "Health", ""),
        ("2021-04-05", "", "Police", ""),
    ]
    assert [(r["source_file"], r["source_row"]) for r in rows] == [
        ("police.csv", "2"),
        ("health.xlsx", "2"),
        ("health.xlsx", "3"),
        ("police.csv", "3"),
    ]
    assert message.startswith("Merged 4 entries from 2 files into")
    assert "1 event recorded by more than one agency" in message


def test_it_neutralises_formulas_in_the_output(tmp_path, police):
    out = tmp_path / "merged.csv"
    merge(police, "--out", out)
    assert read_rows(out)[1]["event"] == '\'=HYPERLINK("http://example.com")'


def test_it_accepts_the_output_file_as_a_keyword(tmp_path, police):
    out = tmp_path / "merged.csv"
    merge(police, out=str(out))
    assert len(read_rows(out)) == 2


def test_it_refuses_a_file_with_a_bad_date_and_writes_nothing(tmp_path, police):
    bad = tmp_path / "school.csv"
    bad.write_text(HEADER + "01/04/2021,,School,CPOMS,Absent,\n31/02/2021,,School,CPOMS,Late,\n")
    out = tmp_path / "merged.csv"
    with pytest.raises(CommandError) as raised:
        merge(police, bad, "--out", out)
    assert str(raised.value) == "school.csv row 3: date '31/02/2021' is not a real date"
    assert not out.exists()


def test_it_leaves_an_existing_output_file_alone_when_it_refuses(tmp_path, police):
    bad = tmp_path / "school.csv"
    bad.write_text(HEADER + "01/04/2021,,School,CPOMS,,\n")
    out = tmp_path / "merged.csv"
    out.write_text("the previous merge")
    with pytest.raises(CommandError):
        merge(police, bad, "--out", out)
    assert out.read_text() == "the previous merge"


def test_it_lists_every_problem_one_per_line(tmp_path, police):
    bad = tmp_path / "school.csv"
    bad.write_text("date,agency,source,event\n31/02/2021,School,C,Late\n01/04/2021,School,C,\n")
    garbage = tmp_path / "photo.xlsx"
    garbage.write_bytes(bytes(range(256)) * 8)
    no_event = tmp_path / "gp.csv"
    no_event.write_text("date,agency,source\n01/04/2021,GP,EMIS\n")
    with pytest.raises(CommandError) as raised:
        merge(police, bad, garbage, no_event, tmp_path / "missing.csv", "--out", tmp_path / "m.csv")
    assert str(raised.value).splitlines() == [
        "school.csv row 2: date '31/02/2021' is not a real date",
        "school.csv row 3: event is missing",
        "photo.xlsx: is not a CSV or XLSX spreadsheet (it contains binary data)",
        "gp.csv: missing required column event (the header row needs date, agency, source, "
        "event; time and practitioner are optional)",
        "missing.csv: file not found",
    ]


def test_it_needs_an_output_file(police):
    with pytest.raises(CommandError, match="--out"):
        merge(police)


def test_it_needs_an_action():
    with pytest.raises(CommandError):
        call_command("chronology")


def test_it_refuses_to_write_over_an_input_file(police):
    with pytest.raises(CommandError, match="the output file is one of the input files"):
        merge(police, "--out", police)
    assert "Strategy discussion" in police.read_text()


def test_it_reports_an_output_file_it_cannot_write(tmp_path, police):
    with pytest.raises(CommandError, match="cannot be written"):
        merge(police, "--out", tmp_path / "no-such-folder" / "merged.csv")


def test_it_lists_gaps_in_contact_when_asked(tmp_path, police, health):
    message = merge(police, health, "--out", tmp_path / "merged.csv", "--gaps", "0")
    assert "No contact for" not in message
    lonely = tmp_path / "school.csv"
    lonely.write_text(HEADER + "20/04/2021,,School,CPOMS,Absent,\n")
    message = merge(police, lonely, "--out", tmp_path / "merged.csv", "--gaps", "7")
    assert "No contact for 14 days: 2021-04-06 to 2021-04-19" in message


def test_from_the_shell_bad_input_exits_1_with_a_message_and_no_traceback(tmp_path):
    bad = tmp_path / "police.csv"
    bad.write_text(HEADER + "31/02/2021,,Police,Niche,Visit,\n")
    out = tmp_path / "merged.csv"
    done = subprocess.run(
        [sys.executable, "-m", "manx_learning.manage", "chronology", "merge", str(bad), "--out",
         str(out)],
        cwd=REPO_ROOT,
        env={**os.environ, "MANX_VAR_DIR": str(tmp_path / "var")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "police.csv row 2: date '31/02/2021' is not a real date" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
