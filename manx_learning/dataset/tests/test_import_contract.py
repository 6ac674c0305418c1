"""The `manx-learning dataset import FILE --json` contract: what is accepted, every error with
its row and column, and nothing stored when anything is wrong."""

import pytest

from manx_learning.dataset.models import Observation, Return, ReturnVersion
from manx_learning.dataset.tests.factories import a_date, run_import, write, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

GOOD = "indicator,agency,period,value,note\nCP-01,IMC,2025-01,12,\nCP-02,IMC,2025-01,45.5,dip\n"


def errors_of(result):
    return [(e["row"], e["column"]) for e in result["errors"]]


def test_it_accepts_a_clean_csv_and_stores_each_value(tmp_path):
    code, result = run_import(write(tmp_path, GOOD))
    assert (code, result) == (0, {"accepted": 2})
    stored = Observation.objects.get(indicator__code="CP-02")
    assert (stored.agency.agency_code, stored.period, stored.value, stored.note) == (
        "IMC",
        "2025-01",
        45.5,
        "dip",
    )


def test_it_reads_messy_headers_bom_crlf_and_blank_rows(tmp_path):
    text = "\ufeff Indicator , AGENCY ,Period, Value \r\n\r\ncp-01,imc,2025-01,3\r\n,,,\r\n"
    text += "CP-01,Noble's Hospital,2025-01,4\r\n"
    code, result = run_import(write(tmp_path, text))
    assert (code, result) == (0, {"accepted": 2})
    assert set(Observation.objects.values_list("agency__agency_code", flat=True)) == {
        "IMC",
        "NOBLES",
    }


def test_it_reports_every_error_with_its_row_and_column_and_stores_nothing(tmp_path):
    text = (
        "indicator,agency,period,value\n"
        "CP-01,IMC,2025-01,12\n"  # row 2: fine
        "XX-99,IMC,2025-01,1\n"  # row 3: unknown indicator
        "CP-01,NOPE,2025-02,1\n"  # row 4: unknown agency
        "CP-01,IMC,2025-03,lots\n"  # row 5: not a number
        "CP-01,IMC,2025-04,-2\n"  # row 6: negative count
        "CP-02,IMC,2025-01,101\n"  # row 7: percent over 100
        "CP-01,IMC,2025-13,1\n"  # row 8: impossible month
        "CP-01,IMC,2025-01,12\n"  # row 9: repeats row 2
        "CP-01,IMC,2025-05,2.5\n"  # row 10: a count that is not whole
    )
    code, result = run_import(write(tmp_path, text))
    assert code == 1
    assert errors_of(result) == [
        (3, "indicator"),
        (4, "agency"),
        (5, "value"),
        (6, "value"),
        (7, "value"),
        (8, "period"),
        (9, "indicator"),
        (10, "value"),
    ]
    assert "row 2" in result["errors"][6]["message"]
    assert not Observation.objects.exists() and not Return.objects.exists()


def test_it_refuses_future_periods_and_the_wrong_frequency(tmp_path):
    text = "indicator,agency,period,value\nCP-01,IMC,2099-01,1\nCP-03,IMC,2025-01,1\n"
    text += "CP-03,IMC,2025-Q5,1\nCP-04,IMC,2024,1\n"
    code, result = run_import(write(tmp_path, text))
    assert code == 1
    assert errors_of(result) == [(2, "period"), (3, "period"), (4, "period")]
    assert "future" in result["errors"][0]["message"]
    assert "quarterly" in result["errors"][1]["message"]


def test_it_checks_numerator_and_denominator(tmp_path):
    text = "indicator,agency,period,value,numerator,denominator\n"
    text += "CP-02,IMC,2025-01,40,12,30\n"  # 40% matches
    text += "CP-02,IMC,2025-02,55,12,30\n"  # does not match
    text += "CP-02,IMC,2025-03,50,40,30\n"  # numerator over denominator
    code, result = run_import(write(tmp_path, text))
    assert code == 1
    assert errors_of(result) == [(3, "value"), (4, "numerator")]


def test_it_reads_an_xlsx_with_date_cells_title_rows_and_percent_cells(tmp_path):
    from openpyxl import Workbook, load_workbook  # noqa: F401

    data = xlsx_bytes(
        [
            ["Police return for January"],
            [],
            ["Indicator", "Agency", "Period", "Value", "Note"],
            ["CP-01", "IMC", a_date(2025, 1), 7, "=SUM(A1:A2)"],
            ["CP-04", "IMC", 2024, 30.0, None],
            [None, None, None, None, None],
            ["CP-03", "IMC", "2024 Q4", 1.5, ""],
        ]
    )
    path = tmp_path / "return.xlsx"
    path.write_bytes(data)
    code, result = run_import(path)
    assert (code, result) == (0, {"accepted": 3})
    assert set(Observation.objects.values_list("period", flat=True)) == {
        "2025-01",
        "2024",
        "2024-Q4",
    }


def test_xlsx_errors_use_the_spreadsheet_row_numbers(tmp_path):
    data = xlsx_bytes(
        [
            ["indicator", "agency", "period", "value"],
            ["CP-01", "IMC", a_date(2025, 1), 7],
            [],
            ["CP-03", "IMC", a_date(2025, 1), 7],
        ]
    )
    path = tmp_path / "return.xlsx"
    path.write_bytes(data)
    code, result = run_import(path)
    assert code == 1
    assert errors_of(result) == [(4, "period")]


def test_a_missing_column_names_the_column_on_the_header_row(tmp_path):
    code, result = run_import(write(tmp_path, "indicator,agency,period\nCP-01,IMC,2025-01\n"))
    assert (code, errors_of(result)) == (1, [(1, "value")])


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x00\x01\x02garbage" * 100, "binary"),
        (b"PK\x03\x04not really a zip", "damaged"),
        (b"\xd0\xcf\x11\xe0old excel", ".xls"),
        (b"", "empty"),
    ],
)
def test_garbage_gets_a_clear_file_error(tmp_path, data, words):
    path = tmp_path / "junk.csv"
    path.write_bytes(data)
    code, result = run_import(path)
    assert code == 1
    [error] = result["errors"]
    assert error["row"] == 0 and words in error["message"]


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, settings):
    settings.UPLOAD_MAX_BYTES = 100
    code, result = run_import(write(tmp_path, GOOD * 10))
    assert code == 1 and "larger than" in result["errors"][0]["message"]


def test_a_zip_bomb_is_refused_without_expanding_it(tmp_path):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (300 * 1024 * 1024))
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    code, result = run_import(path)
    assert code == 1 and "MB" in result["errors"][0]["message"]


def test_a_windows_1252_csv_is_read_and_said_so(tmp_path):
    text = "indicator,agency,period,value,note\nCP-01,IMC,2025-01,3,Caf\u00e9 \u2013 note\n"
    code, result = run_import(write(tmp_path, text, encoding="cp1252"))
    assert (code, result) == (0, {"accepted": 1})
    assert Observation.objects.get().note == "Caf\u00e9 \u2013 note"


def test_a_resubmission_keeps_history_and_says_what_changed(tmp_path):
    run_import(write(tmp_path, GOOD))
    again = (
        "indicator,agency,period,value,note\nCP-01,IMC,2025-01,14,\nCP-02,IMC,2025-01,45.5,dip\n"
    )
    code, result = run_import(write(tmp_path, again))
    assert (code, result) == (0, {"accepted": 2})
    latest, first = ReturnVersion.objects.order_by("-number")
    assert (latest.number, first.number) == (2, 1)
    assert latest.changes == [
        {"indicator": "CP-01", "period": "2025-01", "field": "value", "before": 12.0, "after": 14.0}
    ]
    assert latest.method == "command"
    assert Return.objects.get().status == "submitted"
