"""Issue #13 item 4: a return's status follows its data, however the values arrived. The returns
board once showed every agency "Not started / Overdue" for months whose values were in the charts,
because the demo (and, before, any bulk load) stored values without a Return."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from manx_learning.accounts.demo import demo_load
from manx_learning.accounts.models import User
from manx_learning.dataset.demo import MONTHS, demo_dataset_load, month
from manx_learning.dataset.models import Observation, Return, ReturnStatus
from manx_learning.dataset.tests.factories import indicator

pytestmark = pytest.mark.django_db


def test_every_demo_value_has_a_return_accepted_except_the_latest_month():
    demo_load()
    demo_dataset_load()
    latest = month(MONTHS - 1)[0]
    held = set(Observation.objects.values_list("agency_id", "period").distinct())
    returns = {(r.agency_id, r.period): r for r in Return.objects.all()}
    assert held and held <= returns.keys()
    assert not Observation.objects.filter(version=None).exists()
    for (agency_id, period), data_return in returns.items():
        expected = ReturnStatus.SUBMITTED if period == latest else ReturnStatus.ACCEPTED
        assert data_return.status == expected, (agency_id, period)


def test_the_returns_board_shows_the_demo_latest_month_submitted(client):
    demo_load()
    demo_dataset_load()
    client.force_login(User.objects.get(email="business@demo.test"))
    page = client.get(reverse("dataset:returns")).content.decode()
    assert "Submitted" in page and "Accepted" in page


def _forwards():
    module = importlib.import_module("manx_learning.dataset.migrations.0006_returns_follow_values")
    module.forwards(apps, None)


def test_the_upgrade_gives_values_without_a_return_a_submitted_one(police, health):
    count = indicator("CP-01")
    for agency, value in ((police, 12.0), (health, 3.0)):
        Observation.objects.create(
            indicator=count,
            agency=agency,
            period="2026-09",
            period_start=date(2026, 9, 1),
            value=value,
        )
    accepted = Return.objects.create(
        agency=health,
        period="2026-09",
        period_start=date(2026, 9, 1),
        deadline=date(2026, 10, 15),
        status=ReturnStatus.ACCEPTED,
    )
    _forwards()
    police_return = Return.objects.get(agency=police, period="2026-09")
    assert police_return.status == ReturnStatus.SUBMITTED
    version = police_return.versions.get()
    assert version.values == [
        {"indicator": "CP-01", "value": 12.0, "numerator": None, "denominator": None, "note": ""}
    ]
    accepted.refresh_from_db()
    assert accepted.status == ReturnStatus.ACCEPTED  # a checked return keeps its status
    assert not Observation.objects.filter(version=None).exists()
    _forwards()  # running it again changes nothing
    assert police_return.versions.count() == 1
