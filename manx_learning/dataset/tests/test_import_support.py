"""Shared set-up for the returns tests: a small catalogue and helpers to write return files.

(Named test_import_* so it sits with the import tests; it holds fixtures, not tests.)"""

import io
import json
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from manx_learning.dataset.models import Indicator


def indicator(code, unit="count", frequency="monthly", improvement="down", **extra):
    return Indicator.objects.create(
        code=code,
        name=f"Indicator {code}",
        unit=unit,
        frequency=frequency,
        improvement=improvement,
        **extra,
    )


@pytest.fixture
def catalogue(police, health):
    """CP-01 (monthly count), CP-02 (monthly percent), CP-03 (quarterly rate), CP-04 (annual
    days); all reported by the police, CP-01 by Noble's too."""
    items = {
        "CP-01": indicator("CP-01", owner_agency=police),
        "CP-02": indicator("CP-02", unit="percent", improvement="up", owner_agency=police),
        "CP-03": indicator("CP-03", unit="rate", frequency="quarterly", owner_agency=police),
        "CP-04": indicator("CP-04", unit="days", frequency="annual", owner_agency=police),
    }
    items["CP-01"].reporting_agencies.add(police, health)
    return items


def write(tmp_path, text, name="return.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def xlsx_bytes(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run_import(path):
    """Run `dataset import FILE --json`: (exit code, parsed JSON printed on stdout)."""
    out = StringIO()
    try:
        call_command("dataset", "import", str(path), "--json", stdout=out, stderr=StringIO())
    except CommandError as error:
        return error.returncode, json.loads(out.getvalue())
    return 0, json.loads(out.getvalue())


def a_date(year, month, day=1):
    return datetime(year, month, day)
