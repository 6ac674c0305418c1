"""The public open-data pages: no sign-in, only published indicators, small numbers suppressed
in the page, the CSV and the JSON."""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse

from manx_learning.dataset.models import (
    Frequency,
    Improvement,
    Indicator,
    Observation,
    Return,
    ReturnStatus,
    Unit,
)
from manx_learning.dataset.services import observations_import, return_accept
from manx_learning.dataset.tests.factories import accept_returns

pytestmark = pytest.mark.django_db


@pytest.fixture
def marac(police, health):
    indicator = Indicator.objects.create(
        code="DA-02",
        name="MARAC cases discussed",
        definition="High-risk cases discussed at MARAC.",
        unit=Unit.COUNT,
        frequency=Frequency.MONTHLY,
        improvement=Improvement.NEUTRAL,
        is_published=True,
    )
    rows = []
    for month, (p, h) in enumerate([(16, 3), (14, 7), (15, 2)], start=8):
        for agency, value in ((police, p), (health, h)):
            rows.append(
                Observation(
                    indicator=indicator,
                    agency=agency,
                    period=f"2026-{month:02d}",
                    period_start=date(2026, month, 1),
                    value=value,
                )
            )
    Observation.objects.bulk_create(rows)
    accept_returns()
    return indicator


def test_the_page_shows_small_counts_as_less_than_5_and_hides_the_complement(client, marac):
    response = client.get(reverse("dataset:open-data-indicator", args=["DA-02"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "&lt;5" in page
    assert "[c]" in page  # the police count beside a hidden health count, since a total is shown
    assert ">19<" in page  # August's total: 16 + 3
    # The hidden values are not in the page (the chart's tooltips included).
    assert ": 3 " not in page and ": 16 " not in page


def test_the_csv_and_json_carry_the_same_suppression(client, marac):
    text = client.get(reverse("dataset:open-data-csv", args=["DA-02"])).content.decode()
    assert "2026-08,Noble's Hospital,<5,yes" in text
    assert "2026-08,Isle of Man Constabulary,[c],yes" in text
    assert "2026-09,Noble's Hospital,7,no" in text
    data = json.loads(client.get(reverse("dataset:open-data-json", args=["DA-02"])).content)
    august = [v for v in data["values"] if v["period"] == "2026-08"]
    assert {v["agency"]: v["value"] for v in august} == {
        "Isle of Man Constabulary": None,
        "Noble's Hospital": None,
        "All agencies": 19,
    }


def test_the_threshold_is_a_setting(client, marac, settings):
    settings.OPEN_DATA_SUPPRESS_BELOW = 10
    text = client.get(reverse("dataset:open-data-csv", args=["DA-02"])).content.decode()
    assert "2026-09,Noble's Hospital,<10,yes" in text


def test_an_unpublished_indicator_is_not_found(client, marac):
    marac.is_published = False
    marac.save()
    assert client.get(reverse("dataset:open-data-indicator", args=["DA-02"])).status_code == 404
    assert client.get(reverse("dataset:open-data-csv", args=["DA-02"])).status_code == 404
    assert "MARAC" not in client.get(reverse("dataset:open-data")).content.decode()


def test_the_list_links_each_published_indicator(client, marac):
    page = client.get(reverse("dataset:open-data")).content.decode()
    assert reverse("dataset:open-data-indicator", args=["DA-02"]) in page


def test_the_list_tells_a_missing_total_from_a_suppressed_one(client, marac, police):
    """October's total is 17 (15 + 2, shown); November has only the police's figure, so there is
    no total at all: that is "no figure", not a small number (issue #13)."""
    page = client.get(reverse("dataset:open-data")).content.decode()
    assert "latest, 2026-10: 17" in page
    november = Observation.objects.create(
        indicator=marac, agency=police, period="2026-11", period_start=date(2026, 11, 1), value=12
    )
    accept_returns([november])
    page = client.get(reverse("dataset:open-data")).content.decode()
    assert "latest, 2026-11: no figure for this period" in page
    assert "not shown (small number)" not in page


def _upload(text):
    return observations_import(data=text.encode(), file_name="return.csv")


def test_a_submitted_return_is_not_public_until_accepted(
    client, marac, police, health, business_unit_officer
):
    """Issue #13 item 1: a valid upload for a new month is only *submitted*; open data, its CSV
    and its JSON leave it out (and the month's total) until the business unit accepts it."""
    _upload(
        "indicator,agency,period,value\n"
        f"DA-02,{police.agency_code},2026-11,41\n"
        f"DA-02,{health.agency_code},2026-11,9\n"
    )
    assert set(Return.objects.filter(period="2026-11").values_list("status", flat=True)) == {
        ReturnStatus.SUBMITTED
    }
    urls = [
        reverse("dataset:open-data-indicator", args=["DA-02"]),
        reverse("dataset:open-data-csv", args=["DA-02"]),
        reverse("dataset:open-data-json", args=["DA-02"]),
        reverse("dataset:open-data-all-csv"),
    ]
    assert "November 2026" not in client.get(urls[0]).content.decode()
    for url in urls[1:]:
        assert "2026-11" not in client.get(url).content.decode(), url
    listing = client.get(reverse("dataset:open-data")).content.decode()
    assert "latest, 2026-10: 17" in listing

    police_return = Return.objects.get(agency=police, period="2026-11")
    return_accept(data_return=police_return, by=business_unit_officer)
    page = client.get(urls[0]).content.decode()
    # The police figure is validated; the total waits for the health return.
    assert ">41<" in page and ">50<" not in page
    assert "awaiting validation" in page
    assert (
        "latest, 2026-11: awaiting validation"
        in client.get(reverse("dataset:open-data")).content.decode()
    )

    return_accept(
        data_return=Return.objects.get(agency=health, period="2026-11"), by=business_unit_officer
    )
    assert "2026-11,All agencies,50," in client.get(urls[1]).content.decode()


def test_a_resubmission_withdraws_the_figure_until_it_is_accepted_again(
    client, marac, police, health
):
    _upload(f"indicator,agency,period,value\nDA-02,{police.agency_code},2026-10,19\n")
    csv_text = client.get(reverse("dataset:open-data-csv", args=["DA-02"])).content.decode()
    october = {
        (row["agency"], row["value"])
        for row in csv.DictReader(io.StringIO(csv_text))
        if row["period"] == "2026-10"
    }
    # Only the health figure, still accepted; neither the revised police figure nor a total.
    assert october == {(health.name, "<5")}


def test_internal_charts_mark_an_unaccepted_value_provisional(
    client, marac, police, health, business_unit_officer
):
    _upload(f"indicator,agency,period,value\nDA-02,{police.agency_code},2026-11,41\n")
    client.force_login(business_unit_officer)
    page = client.get(reverse("dataset:indicator", args=["DA-02"])).content.decode()
    assert "Provisional</strong>" in page
    assert "provisional: return not yet accepted" in page  # the point's own label in the chart
    assert "a hollow marker is a provisional value" in page
    return_accept(
        data_return=Return.objects.get(agency=police, period="2026-11"), by=business_unit_officer
    )
    page = client.get(reverse("dataset:indicator", args=["DA-02"])).content.decode()
    assert "Provisional</strong>" not in page
