"""Large submissions from the web or API recompute their trend signals in the worker, not while
the person waits; the command line and small returns recompute straight away."""

import pytest
from django.core.management import call_command

from manx_learning.dataset.models import Indicator, Signal, SubmissionMethod
from manx_learning.dataset.services import INLINE_REFRESH_MAX_SERIES, observations_import

# 18 ordinary months (2024-10 to 2026-03), then 7 far above them: a signal in every series.
MONTHS = [f"{2024 + (9 + i) // 12}-{(9 + i) % 12 + 1:02d}" for i in range(25)]
VALUES = [10, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12, 10, 11, 11, 10, 12, 10] + [40] * 7


def _file(indicators, agency_code):
    lines = ["indicator,agency,period,value"]
    for code in indicators:
        for period, value in zip(MONTHS, VALUES, strict=True):
            lines.append(f"{code},{agency_code},{period},{value}")
    return ("\n".join(lines) + "\n").encode()


def _catalogue(count):
    codes = [f"BG-{n:02d}" for n in range(count)]
    for code in codes:
        Indicator.objects.create(
            code=code, name=code, unit="count", frequency="monthly", improvement="down"
        )
    return codes


@pytest.mark.django_db(transaction=True)
def test_a_large_api_submission_leaves_the_signals_to_the_worker(police):
    codes = _catalogue(INLINE_REFRESH_MAX_SERIES + 1)
    observations_import(data=_file(codes, police.agency_code), method=SubmissionMethod.API)
    assert not Signal.objects.exists()  # nobody waited for the recomputation

    call_command("db_worker", "--batch", "--no-startup-delay")

    flagged = set(Signal.objects.filter(agency=police).values_list("indicator__code", flat=True))
    assert flagged == set(codes)


@pytest.mark.django_db(transaction=True)
def test_the_command_line_recomputes_before_it_finishes(police):
    codes = _catalogue(INLINE_REFRESH_MAX_SERIES + 1)
    observations_import(data=_file(codes, police.agency_code), method=SubmissionMethod.COMMAND)
    assert Signal.objects.filter(agency=police).values("indicator").distinct().count() == len(codes)
