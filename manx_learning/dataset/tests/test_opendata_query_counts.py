"""The open-data pages and the internal indicator page ask the database the same number of
times for three months of history as for two years (the acceptance check is one Exists in the
same query, not one query per value)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manx_learning.dataset.models import Frequency, Improvement, Indicator, Observation, Unit
from manx_learning.dataset.tests.factories import accept_returns

pytestmark = pytest.mark.django_db


def _board(police, health, months):
    indicator, _ = Indicator.objects.get_or_create(
        code="DA-02",
        defaults={
            "name": "MARAC cases discussed",
            "unit": Unit.COUNT,
            "frequency": Frequency.MONTHLY,
            "improvement": Improvement.NEUTRAL,
            "is_published": True,
            "owner_agency": police,
        },
    )
    indicator.reporting_agencies.set([police, health])
    Observation.objects.filter(indicator=indicator).delete()
    rows = [
        Observation(
            indicator=indicator,
            agency=agency,
            period=f"{2024 + i // 12}-{i % 12 + 1:02d}",
            period_start=date(2024 + i // 12, i % 12 + 1, 1),
            value=10 + i % 7,
        )
        for i in range(months)
        for agency in (police, health)
    ]
    Observation.objects.bulk_create(rows)
    # All but the last month accepted, so both published and provisional values are drawn.
    accept_returns(Observation.objects.exclude(period=rows[-1].period))


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "url",
    [
        reverse("dataset:open-data"),
        reverse("dataset:open-data-indicator", args=["DA-02"]),
        reverse("dataset:open-data-csv", args=["DA-02"]),
        reverse("dataset:indicator", args=["DA-02"]),
    ],
)
def test_the_same_queries_for_three_months_or_two_years(
    client, police, health, business_unit_officer, url
):
    client.force_login(business_unit_officer)
    _board(police, health, 3)
    small = _queries(client, url)
    _board(police, health, 24)
    assert _queries(client, url) == small
