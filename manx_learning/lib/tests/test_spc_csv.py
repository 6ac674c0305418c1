"""Reading a period,value CSV for the SPC command (plain Python, no Django needed)."""

import pytest

from manx_learning.lib.spc import SpcError, read_series_csv, rebase_indices


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "series.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_it_reads_periods_and_values_in_file_order(tmp_path):
    series = read_series_csv(write(tmp_path, "period,value\n2024-01,3\n2024-02,4.5\n"))
    assert series.periods == ("2024-01", "2024-02")
    assert series.values == (3.0, 4.5)


def test_it_matches_headers_ignoring_case_and_spaces(tmp_path):
    series = read_series_csv(write(tmp_path, " Period ,  VALUE\nQ1, 1\nQ2 , -2e1 \n"))
    assert series.periods == ("Q1", "Q2")
    assert series.values == (1.0, -20.0)


def test_it_accepts_a_byte_order_mark_and_crlf_line_ends(tmp_path):
    series = read_series_csv(write(tmp_path, "\ufeffperiod,value\r\na,1\r\nb,2\r\n"))
    assert series.periods == ("a", "b")


def test_it_skips_blank_rows(tmp_path):
    series = read_series_csv(write(tmp_path, "\nperiod,value\n\na,1\n,\n \nb,2\n\n"))
    assert series.values == (1.0, 2.0)


def test_it_ignores_extra_columns_in_any_order(tmp_path):
    series = read_series_csv(write(tmp_path, "value,note,period\n1,x,a\n2,y,b\n"))
    assert series.periods == ("a", "b")
    assert series.values == (1.0, 2.0)


def test_it_reports_a_missing_file(tmp_path):
    with pytest.raises(SpcError, match="no such file"):
        read_series_csv(tmp_path / "missing.csv")


def test_it_reports_an_empty_file(tmp_path):
    with pytest.raises(SpcError, match="empty"):
        read_series_csv(write(tmp_path, ""))


def test_it_names_a_missing_column(tmp_path):
    with pytest.raises(SpcError, match=r"missing column.*value"):
        read_series_csv(write(tmp_path, "period,amount\na,1\nb,2\n"))


def test_it_reports_a_non_numeric_value_with_its_row_number(tmp_path):
    path = write(tmp_path, "period,value\na,1\nb,lots\nc,3\n")
    with pytest.raises(SpcError, match=r"row 3 \(data row 2\): value 'lots' is not a number"):
        read_series_csv(path)


def test_it_reports_a_missing_value_with_its_row_number(tmp_path):
    with pytest.raises(SpcError, match=r"row 2 .*value is missing"):
        read_series_csv(write(tmp_path, "period,value\na,\nb,2\n"))


@pytest.mark.parametrize("value", ["nan", "inf", "1,000", "12%", "0x10", "1_000"])
def test_it_refuses_values_that_are_not_plain_decimal_numbers(tmp_path, value):
    with pytest.raises(SpcError, match="not a number"):
        read_series_csv(write(tmp_path, f'period,value\na,1\nb,"{value}"\n'))


def test_it_refuses_fewer_than_two_points(tmp_path):
    with pytest.raises(SpcError, match="at least 2 points, found 1"):
        read_series_csv(write(tmp_path, "period,value\na,1\n"))


def test_it_refuses_a_file_that_is_not_utf8(tmp_path):
    with pytest.raises(SpcError, match="UTF-8"):
        read_series_csv(write(tmp_path, "period,value\ncafé,1\nb,2\n", encoding="latin-1"))


def test_rebase_periods_become_indices():
    assert rebase_indices(("a", "b", "c"), [" c", "b"]) == (2, 1)


def test_an_unknown_rebase_period_is_reported():
    with pytest.raises(SpcError, match="'z' is not in the series"):
        rebase_indices(("a", "b"), ["z"])
