"""The emerging-trends page lists each series' latest recent signal, grouped by Board priority,
and the business unit can put a signal into the QA evidence register once."""

from datetime import date

import pytest
from django.urls import reverse

from manx_learning.assurance.models import Evidence
from manx_learning.dataset.models import (
    Frequency,
    Improvement,
    Indicator,
    Observation,
    Signal,
    Unit,
)
from manx_learning.dataset.trends import refresh_all_signals
from manx_learning.vocabulary.demo import demo_priorities_load
from manx_learning.vocabulary.models import EvidenceSource

pytestmark = pytest.mark.django_db

FLAT = [10, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12]


@pytest.fixture
def signalling(police):
    """Repeat MARAC referrals up for the last 8 months to October 2026."""
    priority = demo_priorities_load()[1]
    indicator = Indicator.objects.create(
        code="DA-03",
        name="Repeat MARAC referrals",
        unit=Unit.COUNT,
        frequency=Frequency.MONTHLY,
        improvement=Improvement.DOWN,
        priority=priority,
    )
    values = [*FLAT, *FLAT, 16, 15, 17, 16, 15, 16, 17, 16]
    first = 2026 * 12 + 9 - len(values) + 1  # months counted from year 0, ending October 2026
    rows = []
    for i, value in enumerate(values):
        year, month = divmod(first + i, 12)
        rows.append(
            Observation(
                indicator=indicator,
                agency=police,
                period=f"{year}-{month + 1:02d}",
                period_start=date(year, month + 1, 1),
                value=value,
            )
        )
    Observation.objects.bulk_create(rows)
    assert rows[-1].period == "2026-10"
    refresh_all_signals()
    return indicator


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 26))


def test_the_latest_signal_of_each_series_is_listed_under_its_priority(
    client, board_member, signalling
):
    client.force_login(board_member)
    page = client.get(reverse("dataset:trends")).content.decode()
    assert "Domestic abuse and its impact on children and adults" in page
    assert "Repeat MARAC referrals" in page
    assert "October 2026" in page
    assert "Special cause – concern" in page
    assert reverse("dataset:indicator", args=["DA-03"]) + "#series-da-03-imc" in page
    assert page.count("October 2026") == 1  # only the latest point of the series
    assert "Add to evidence" not in page  # a Board member reads; the business unit records


def test_old_signals_are_not_emerging(client, board_member, signalling, settings):
    Signal.objects.update(period_start=date(2025, 1, 1))
    client.force_login(board_member)
    page = client.get(reverse("dataset:trends")).content.decode()
    assert "No emerging trends" in page


def test_the_business_unit_adds_a_signal_to_the_evidence_register_once(
    client, business_unit_officer, signalling
):
    client.force_login(business_unit_officer)
    signal = Signal.objects.order_by("-period_start").first()
    url = reverse("dataset:signal-evidence", args=[signal.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.source == EvidenceSource.PERFORMANCE_DATA
    assert evidence.link_url.endswith("#series-da-03-imc")
    assert "special cause variation of concern" in evidence.summary
    assert list(evidence.priorities.all()) == [signalling.priority]
    page = client.get(reverse("dataset:trends")).content.decode()
    assert "In the register" in page


def test_only_the_qa_managers_can_add_evidence(client, board_member, signalling):
    client.force_login(board_member)
    signal = Signal.objects.first()
    assert client.post(reverse("dataset:signal-evidence", args=[signal.pk])).status_code == 403
    assert not Evidence.objects.exists()


def test_people_without_the_dataset_cannot_see_trends(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("dataset:trends")).status_code == 403
    client.logout()
    assert client.get(reverse("dataset:trends")).status_code == 302
