"""Indicators and return files made for the dataset tests, and a way to run the import command
(the small `catalogue` of indicators they share is a fixture in the root conftest.py)."""

import io
import json
from datetime import datetime
from io import StringIO

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


def accept_returns(observations=None):
    """Mark the returns of these observations (default: all) accepted by the business unit, as
    though each arrived in a return that was checked: only accepted figures reach open data."""
    from manx_learning.dataset.models import Observation, Return, ReturnStatus
    from manx_learning.dataset.services import return_deadline

    observations = observations if observations is not None else Observation.objects.all()
    for agency_id, period, start in {(o.agency_id, o.period, o.period_start) for o in observations}:
        Return.objects.update_or_create(
            agency_id=agency_id,
            period=period,
            defaults={
                "period_start": start,
                "deadline": return_deadline(period),
                "status": ReturnStatus.ACCEPTED,
            },
        )
