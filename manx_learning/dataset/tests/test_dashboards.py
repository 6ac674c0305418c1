"""Dashboards per Board priority and per agency: charts with their tables, verdicts in words,
commentary and benchmarks; for everyone with the dataset capability, nobody else."""

import pytest
from django.urls import reverse

from manx_learning.accounts.demo import demo_load
from manx_learning.accounts.models import Agency
from manx_learning.dataset.demo import demo_dataset_load
from manx_learning.vocabulary.models import BoardPriority

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    demo_load()
    demo_dataset_load()


def test_a_priority_dashboard_shows_charts_tables_verdicts_and_commentary(
    client, board_member, demo
):
    priority = BoardPriority.objects.get(title__startswith="Domestic abuse")
    client.force_login(board_member)
    page = client.get(reverse("dataset:priority-dashboard", args=[priority.code])).content
    page = page.decode()
    assert page.count('role="img"') >= 4
    assert page.count("<table") >= 4  # every chart has its data table
    assert "Special cause – concern" in page  # words, not colour alone
    assert "Repeat referrals have stayed high" in page or "Eighth month above the mean" in page


def test_an_agency_dashboard_shows_its_own_series_and_benchmarks(client, data_officer, demo):
    agency = Agency.objects.get(agency_code="MCCF")
    client.force_login(data_officer)
    page = client.get(reverse("dataset:agency-dashboard", args=[agency.code])).content.decode()
    assert "Assessments completed within 45 working days" in page
    assert "England average" in page
    assert "Consistently" in page or "Hit and miss" in page


def test_the_index_lists_priorities_and_agencies(client, police_lead, demo):
    client.force_login(police_lead)
    page = client.get(reverse("dataset:dashboards")).content.decode()
    assert "Safeguarding adults: making safeguarding personal" in page
    assert "Isle of Man Constabulary" in page


def test_an_indicator_page_has_a_chart_per_agency_and_the_total(client, board_member, demo):
    client.force_login(board_member)
    page = client.get(reverse("dataset:indicator", args=["EH-01"])).content.decode()
    assert 'id="series-eh-01-all"' in page
    assert 'id="series-eh-01-vol"' in page


def test_people_without_the_dataset_are_refused(client, practitioner, reviewer, demo):
    priority = BoardPriority.objects.first()
    for person in (practitioner, reviewer):
        client.force_login(person)
        assert client.get(reverse("dataset:dashboards")).status_code == 403
        url = reverse("dataset:priority-dashboard", args=[priority.code])
        assert client.get(url).status_code == 403


def test_a_verdict_the_latest_points_contradict_says_so_beside_it(client, board_member, demo):
    """CSC-03: "consistently misses the target" is right for the limits as calculated, but the
    latest points are a rising run of special-cause improvement across the target."""
    client.force_login(board_member)
    page = client.get(reverse("dataset:indicator", args=["CSC-03"])).content.decode()
    assert "Consistently misses the target" in page
    assert "points are special-cause improvement, and" in page
    assert "the process has probably changed since" in page
    assert "record a process change at" in page
