"""The indicator catalogue: the business unit adds and changes indicators with clear messages;
everyone with the dataset capability reads; others are refused."""

from datetime import date

import pytest
from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.dataset.models import (
    Frequency,
    Improvement,
    Indicator,
    Observation,
    ProcessChange,
    ReferenceValue,
    Signal,
    Unit,
)

pytestmark = pytest.mark.django_db

VALID = {
    "code": "cp-06",
    "name": "Second or subsequent child protection plan",
    "definition": "Children starting a plan who had one before.",
    "unit": Unit.PERCENT,
    "frequency": Frequency.MONTHLY,
    "improvement": Improvement.NEUTRAL,
    "target_low": "10",
    "target_high": "15",
    "disaggregations": "age band, category",
    "is_active": "on",
}


def _indicator(**extra) -> Indicator:
    values = {
        "code": "DA-03",
        "name": "Repeat MARAC referrals",
        "unit": Unit.COUNT,
        "frequency": Frequency.MONTHLY,
        "improvement": Improvement.DOWN,
    } | extra
    return Indicator.objects.create(**values)


def test_the_business_unit_adds_an_indicator_with_a_healthy_band(client, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.post(reverse("dataset:indicator-add"), VALID)
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="CP-06")  # codes are kept in capitals
    assert (indicator.target_low, indicator.target_high) == (10, 15)
    assert indicator.disaggregations == ["age band", "category"]
    assert AuditEvent.objects.filter(verb="indicator.created").exists()


def test_a_band_that_ends_below_its_start_is_refused(client, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.post(
        reverse("dataset:indicator-add"), VALID | {"target_low": "15", "target_high": "10"}
    )
    assert response.status_code == 200
    assert "The end of the healthy band must be at least its start" in response.content.decode()
    assert not Indicator.objects.exists()


def test_a_percentage_target_above_100_is_refused(client, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.post(reverse("dataset:indicator-add"), VALID | {"target": "120"})
    assert "A percentage target must be between 0 and 100" in response.content.decode()


def test_a_code_already_in_use_is_refused(client, business_unit_officer):
    _indicator(code="CP-06")
    client.force_login(business_unit_officer)
    response = client.post(reverse("dataset:indicator-add"), VALID)
    assert "Another indicator already uses the code CP-06" in response.content.decode()


def test_changing_the_direction_recomputes_signals(client, business_unit_officer, police):
    indicator = _indicator()
    values = [10, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12, 15, 16, 15, 17, 16, 15, 16]
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            agency=police,
            period=f"{2024 + i // 12}-{i % 12 + 1:02d}",
            period_start=date(2024 + i // 12, i % 12 + 1, 1),
            value=v,
        )
        for i, v in enumerate(values)
    )
    from manx_learning.dataset.trends import refresh_all_signals

    refresh_all_signals()
    assert set(Signal.objects.values_list("variation", flat=True)) >= {"concern"}
    client.force_login(business_unit_officer)
    form = VALID | {
        "code": "DA-03",
        "name": indicator.name,
        "unit": Unit.COUNT,
        "improvement": Improvement.UP,
        "target_low": "",
        "target_high": "",
    }
    response = client.post(reverse("dataset:indicator-edit", args=["DA-03"]), form)
    assert response.status_code == 302
    latest = Signal.objects.filter(agency=police).order_by("-period_start").first()
    assert latest.variation == "improvement"
    event = AuditEvent.objects.filter(verb="indicator.changed").first()
    assert "improvement" in event.detail["changed"]


def test_a_benchmark_and_a_process_change_are_recorded(client, business_unit_officer):
    _indicator()
    client.force_login(business_unit_officer)
    client.post(
        reverse("dataset:reference-add", args=["DA-03"]),
        {"series": "England average", "period": "2026-03", "value": "7.5"},
    )
    assert ReferenceValue.objects.get().period_start == date(2026, 3, 1)
    response = client.post(
        reverse("dataset:reference-add", args=["DA-03"]),
        {"series": "England average", "period": "2026-Q1", "value": "7.5"},
    )
    assert "DA-03 is monthly: 2026-Q1 is not a monthly period" in response.content.decode()
    client.post(
        reverse("dataset:process-change-add", args=["DA-03"]),
        {"period": "2026-04", "description": "New MARAC coordinator"},
    )
    assert ProcessChange.objects.get().period == "2026-04"
    assert AuditEvent.objects.filter(verb="indicator.process_change_added").exists()


def test_the_catalogue_filters_by_frequency_and_search(client, board_member):
    _indicator()
    _indicator(code="AS-01", name="Adult concerns", frequency=Frequency.QUARTERLY)
    client.force_login(board_member)
    page = client.get(reverse("dataset:indicators"), {"frequency": "quarterly"}).content.decode()
    assert "AS-01" in page and "DA-03" not in page
    page = client.get(reverse("dataset:indicators"), {"q": "marac"}).content.decode()
    assert "DA-03" in page and "AS-01" not in page


def test_readers_cannot_change_the_catalogue(client, board_member, data_officer):
    _indicator()
    for person in (board_member, data_officer):
        client.force_login(person)
        assert client.get(reverse("dataset:indicator", args=["DA-03"])).status_code == 200
        assert client.get(reverse("dataset:indicator-add")).status_code == 403
        assert (
            client.post(reverse("dataset:indicator-edit", args=["DA-03"]), VALID).status_code == 403
        )


def test_people_without_the_dataset_cannot_see_the_catalogue(client, practitioner, reviewer):
    _indicator()
    for person in (practitioner, reviewer):
        client.force_login(person)
        assert client.get(reverse("dataset:indicators")).status_code == 403
        assert client.get(reverse("dataset:indicator", args=["DA-03"])).status_code == 403


def test_a_data_officer_comments_only_on_their_own_agency(client, data_officer, police, health):
    indicator = _indicator()
    for agency in (police, health):
        Observation.objects.create(
            indicator=indicator,
            agency=agency,
            period="2026-10",
            period_start=date(2026, 10, 1),
            value=8,
        )
    client.force_login(data_officer)
    own = reverse("dataset:commentary", args=["DA-03", police.agency_code, "2026-10"])
    other = reverse("dataset:commentary", args=["DA-03", health.agency_code, "2026-10"])
    assert client.post(own, {"note": "Two families referred twice"}).status_code == 302
    assert Observation.objects.get(agency=police).note == "Two families referred twice"
    assert client.post(other, {"note": "x"}).status_code == 403


def test_the_indicator_page_offers_commentary_only_where_it_may_be_written(
    client, data_officer, board_member, police, health
):
    indicator = _indicator()
    for agency in (police, health):
        Observation.objects.create(
            indicator=indicator,
            agency=agency,
            period="2026-10",
            period_start=date(2026, 10, 1),
            value=8,
        )
    own = reverse("dataset:commentary", args=["DA-03", police.agency_code, "2026-10"])
    other = reverse("dataset:commentary", args=["DA-03", health.agency_code, "2026-10"])
    client.force_login(data_officer)
    page = client.get(reverse("dataset:indicator", args=["DA-03"])).content.decode()
    assert own in page and other not in page
    client.force_login(board_member)
    page = client.get(reverse("dataset:indicator", args=["DA-03"])).content.decode()
    assert own not in page
