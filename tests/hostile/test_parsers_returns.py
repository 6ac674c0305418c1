"""Hostile return files: the checker names the row and column of every problem, takes only finite
values in range, and the service stores a whole return or nothing."""

import datetime as dt
import json
import math
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manx_learning.dataset import importing, services
from manx_learning.dataset.importing import AgencyRef, IndicatorRef, Lookups
from manx_learning.dataset.models import Indicator, Observation, ReturnVersion
from tests.hostile.parser_inputs import (
    NASTY_CELLS,
    hostile_bytes,
    hostile_csv,
    hostile_workbook,
    mutated,
    numbers,
    odd_zip,
    text_cells,
    workbook_bytes,
    zip_with_bad_name,
)

HEADER = ["indicator", "agency", "period", "value", "note", "numerator", "denominator"]
GOOD_CSV = b"indicator,agency,period,value,note\nCP-01,IMC,2025-01,12,fine\nCP-02,IMC,2025-01,45,\n"
GOOD_XLSX = workbook_bytes([HEADER[:5], ["CP-01", "IMC", "2025-01", 12, "fine"]])
QUICK = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(QUICK, max_examples=50)

# Cells that look like the columns they sit in, and every nasty thing besides.
return_cells = st.one_of(
    text_cells,
    st.sampled_from(["CP-01", "CP-02", "CP-03", "IMC", "NOBLES", "2025-01", "2025-Q1", "2024"]),
    numbers.map(str),
)
return_files = st.one_of(
    hostile_bytes,
    hostile_csv(HEADER, return_cells),
    hostile_workbook(HEADER),
    mutated(GOOD_CSV),
    mutated(GOOD_XLSX),
    odd_zip(["xl/workbook.xml", "[Content_Types].xml", "xl/worksheets/sheet1.xml"]),
)


def _lookups() -> Lookups:
    police = AgencyRef(1, "IMC", "Isle of Man Constabulary")
    return Lookups(
        indicators={
            "cp-01": IndicatorRef(1, "CP-01", "count", "monthly"),
            "cp-02": IndicatorRef(2, "CP-02", "percent", "monthly"),
            "cp-03": IndicatorRef(3, "CP-03", "rate", "quarterly"),
        },
        agencies={"imc": police, "isle of man constabulary": police},
        today=dt.date(2026, 3, 1),
    )


def _assert_named(errors: list[importing.RowError]) -> None:
    for error in errors:
        assert isinstance(error.row, int) and error.row >= 0
        assert error.message.strip()


@QUICK
@given(data=return_files)
def test_any_file_gives_checked_rows_or_problems_with_their_row(data):
    outcome = importing.check_file(data, _lookups())
    _assert_named(outcome.errors)
    assert outcome.rows or outcome.errors
    for row in outcome.rows:
        assert math.isfinite(row.value) and abs(row.value) <= importing.MAX_VALUE
        assert "\x00" not in row.note


@QUICK
@given(
    records=st.lists(
        st.dictionaries(
            st.sampled_from(HEADER),
            st.one_of(st.none(), st.booleans(), numbers, st.sampled_from(NASTY_CELLS), st.dates()),
        ),
        max_size=5,
    )
)
def test_any_json_observations_give_checked_rows_or_problems_with_their_row(records):
    outcome = importing.check_list(records, _lookups())
    _assert_named(outcome.errors)
    for row in outcome.rows:
        assert math.isfinite(row.value) and abs(row.value) <= importing.MAX_VALUE


def test_a_whole_number_of_400_digits_is_too_large_on_its_row_and_column():
    data = workbook_bytes([HEADER[:4], ["CP-01", "IMC", "2025-01", 10**400]])
    outcome = importing.check_file(data, _lookups())
    assert [(e.row, e.column, e.message) for e in outcome.errors] == [
        (2, "value", "The value is too large: the dataset takes values up to 1,000,000,000")
    ]


def test_a_nul_in_a_note_past_the_first_64_kb_is_a_problem_on_its_row():
    periods = [f"{2000 + n // 12}-{n % 12 + 1:02d}" for n in range(300)]
    rows = "".join(
        f"CP-01,IMC,{period},{n},{'a long note ' * 20}\n" for n, period in enumerate(periods)
    )
    data = f"indicator,agency,period,value,note\n{rows}CP-02,IMC,2025-01,4,no\x00te\n".encode()
    assert len(data) > 65536
    outcome = importing.check_file(data, _lookups())
    assert [(e.row, e.column) for e in outcome.errors] == [(302, "note")]


def test_a_workbook_whose_directory_names_a_member_in_bad_utf8_is_refused_with_a_message():
    outcome = importing.check_file(zip_with_bad_name({"xl/workbook.xml": b""}), _lookups())
    assert [(e.row, e.message) for e in outcome.errors] == [
        (0, "The file looks like an Excel workbook but is damaged and cannot be opened")
    ]


# --- The service: whole return or nothing --------------------------------------------------------


@contextmanager
def _undone():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _stored() -> tuple[int, int]:
    return Observation.objects.count(), ReturnVersion.objects.count()


@pytest.mark.django_db
@FEW
@given(data=return_files)
def test_the_upload_stores_the_whole_return_or_nothing(catalogue, police, data_officer, data):
    with _undone():
        before = _stored()
        try:
            result = services.return_submit_file(
                agency=police, period="2025-01", data=data, file_name="r.csv", by=data_officer
            )
        except services.ReturnRejected as rejected:
            _assert_named(rejected.errors)
            assert _stored() == before
            return
        assert result.accepted > 0
        assert Observation.objects.count() >= before[0] + 1


@pytest.mark.django_db
def test_a_return_with_a_huge_whole_number_stores_nothing_and_names_the_cell(
    catalogue, police, data_officer
):
    data = workbook_bytes([HEADER[:4], ["CP-01", "IMC", "2025-01", 10**400]])
    with pytest.raises(services.ReturnRejected) as rejected:
        services.return_submit_file(
            agency=police, period="2025-01", data=data, file_name="r.xlsx", by=data_officer
        )
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "value")]
    assert not Observation.objects.exists()


# --- The indicator catalogue loader --------------------------------------------------------------

INDICATOR_HEADER = ["code", "name", "unit", "improvement", "frequency"]
indicator_cells = st.one_of(
    text_cells, st.sampled_from(["count", "percent", "up", "down", "monthly", "annual", "CP-09"])
)


@pytest.mark.django_db
@FEW
@given(data=st.one_of(hostile_bytes, hostile_csv(INDICATOR_HEADER, indicator_cells)))
def test_the_catalogue_loader_loads_every_row_or_names_the_bad_ones(catalogue, data):
    with _undone():
        before = list(Indicator.objects.order_by("pk").values_list("code", "name"))
        try:
            services.indicators_load(data=data)
        except services.ReturnRejected as rejected:
            _assert_named(rejected.errors)
            assert list(Indicator.objects.order_by("pk").values_list("code", "name")) == before


@pytest.mark.django_db
def test_a_catalogue_cell_past_the_csv_field_limit_is_a_problem_on_its_row():
    data = "code,name,unit,improvement,frequency\n" + f"CP-09,{'x' * 140_000},count,up,monthly\n"
    with pytest.raises(services.ReturnRejected) as rejected:
        services.indicators_load(data=data.encode())
    assert [error.row for error in rejected.value.errors] == [2]
    assert "cannot be read as CSV" in rejected.value.errors[0].message


@pytest.mark.django_db
def test_a_nul_in_an_indicator_name_is_a_problem_naming_row_and_column():
    data = b"code,name,unit,improvement,frequency\nCP-09,Child\x00ren seen,count,up,monthly\n"
    with pytest.raises(services.ReturnRejected) as rejected:
        services.indicators_load(data=data)
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "name")]


@pytest.mark.django_db
@FEW
@given(data=return_files)
def test_the_import_command_stores_the_file_or_lists_its_problems(catalogue, tmp_path, data):
    path = tmp_path / "return.csv"
    path.write_bytes(data)
    with _undone():
        before = _stored()
        out = StringIO()
        try:
            call_command("dataset", "import", str(path), "--json", stdout=out, stderr=StringIO())
        except CommandError as error:
            assert error.returncode == 1
            _assert_named([importing.RowError(**e) for e in json.loads(out.getvalue())["errors"]])
            assert _stored() == before
        else:
            assert json.loads(out.getvalue())["accepted"] > 0
