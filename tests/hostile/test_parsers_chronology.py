"""Hostile chronology files: the reader gives entries or problems with a message, never an
exception, and the import stores a whole file or nothing."""

import datetime as dt
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manx_learning.lib import chronology
from manx_learning.reviews import services
from tests.hostile.parser_inputs import (
    hostile_bytes,
    hostile_csv,
    hostile_workbook,
    mutated,
    odd_zip,
    workbook_bytes,
    zip_with_bad_name,
)

HEADER = ["date", "time", "agency", "source", "event", "practitioner"]
GOOD_CSV = (
    b"date,time,agency,source,event,practitioner\n"
    b"03/04/2021,14:30,Police,Control room,Welfare check at the home,PC Kelly\n"
    b"04/04/2021,,Police,Custody,Arrest of the father,\n"
)
GOOD_XLSX = workbook_bytes(
    [HEADER, [dt.date(2021, 4, 3), "14:30", "Police", "Control room", "Welfare check", "PC Kelly"]]
)
# Past the 64 KB the reader samples for binary data, one event holds a NUL character.
BIG_CSV_WITH_NUL = (
    "date,time,agency,source,event\n"
    + "".join(
        f"0{1 + n % 9}/04/2021,,Police,,Visit number {n} {'to the family home ' * 3}\n"
        for n in range(1200)
    )
    + "05/04/2021,,Police,,Vis\x00it\n"
).encode()
QUICK = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(QUICK, max_examples=50)

chronology_files = st.one_of(
    hostile_bytes,
    hostile_csv(HEADER),
    hostile_workbook(HEADER),
    mutated(GOOD_CSV),
    mutated(GOOD_XLSX),
    odd_zip(["xl/workbook.xml", "[Content_Types].xml", "xl/worksheets/sheet1.xml"]),
)


def _read(data: bytes, name: str = "police.csv") -> tuple[chronology.ParseResult, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, name)
        path.write_bytes(data)
        return chronology.read_chronology(path), chronology.count_rows(path)


def _assert_usable(result: chronology.ParseResult) -> None:
    for problem in result.errors:
        assert isinstance(problem, chronology.Problem) and problem.message.strip()
    for entry in result.entries:
        assert 1900 <= entry.date.year <= 2100, entry
        assert entry.event and "\x00" not in entry.event + entry.agency + entry.source


@QUICK
@given(data=chronology_files)
def test_any_file_gives_entries_or_problems_never_an_exception(data):
    result, rows = _read(data)
    _assert_usable(result)
    assert rows >= 0


def test_a_real_date_cell_in_year_9999_is_a_problem_on_its_row():
    data = workbook_bytes([HEADER, [dt.datetime(9999, 12, 31, 23, 59), "", "Police", "", "x", ""]])
    result, _ = _read(data, "police.xlsx")
    assert result.entries == []
    assert result.errors == ["police.xlsx row 2: date '9999-12-31' is outside the years 1900-2100"]


def test_a_serial_beyond_the_calendar_in_the_1904_system_is_a_problem_on_its_row():
    data = workbook_bytes([HEADER, [2958465.5, "", "Police", "", "x", ""]], mac_epoch=True)
    result, _ = _read(data, "police.xlsx")
    assert [problem.row for problem in result.errors] == [2]
    assert "is not a date" in result.errors[0]


def test_a_number_of_400_digits_in_the_date_column_is_a_problem_on_its_row():
    data = workbook_bytes([HEADER, [10**400, "", "Police", "", "x", ""]])
    result, _ = _read(data, "police.xlsx")
    assert [problem.row for problem in result.errors] == [2]


def test_a_nul_character_past_the_first_64_kb_is_a_problem_naming_row_and_column():
    result, _ = _read(BIG_CSV_WITH_NUL)
    assert result.errors == [
        "police.csv row 1202: event contains a NUL character (binary data, not text): remove it"
    ]


def test_a_workbook_whose_directory_names_a_member_in_bad_utf8_is_refused_with_a_message():
    data = zip_with_bad_name({"xl/workbook.xml": b"<workbook/>"})
    result, rows = _read(data)
    assert result.errors == ["police.csv: is not a CSV or XLSX spreadsheet (damaged zip file)"]
    assert rows == 0


# --- The import service: whole file or nothing ---------------------------------------------------


@contextmanager
def _undone():
    """Each example starts from the same chronology: undo whatever it stored."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@FEW
@given(data=chronology_files)
def test_the_import_stores_the_whole_file_or_nothing(
    gathering, business_unit_officer, police, data
):
    with _undone():
        before = gathering.chronology.count()
        upload = SimpleUploadedFile("police.csv", data)
        try:
            result = services.chronology_import(
                review=gathering, by=business_unit_officer, agency=police, upload=upload
            )
        except ValidationError as error:
            assert all(message.strip() for message in error.messages)
            assert gathering.chronology.count() == before
            return
        assert result.job is None
        if result.errors:
            assert all(problem.strip() for problem in result.errors)
            assert gathering.chronology.count() == before
        else:
            assert gathering.chronology.count() == before + result.created


@pytest.mark.django_db
def test_a_file_with_a_nul_in_one_event_imports_nothing_and_says_where(
    gathering, business_unit_officer, police
):
    upload = SimpleUploadedFile("police.csv", BIG_CSV_WITH_NUL)
    result = services.chronology_import(
        review=gathering, by=business_unit_officer, agency=police, upload=upload
    )
    assert result.errors == [
        "police.csv row 1202: event contains a NUL character (binary data, not text): remove it"
    ]
    assert not gathering.chronology.exists()
