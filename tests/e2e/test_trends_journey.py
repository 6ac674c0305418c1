"""The business unit opens the performance dataset, finds the repeat-MARAC shift on the emerging
trends page, follows it to its chart and puts it into the QA evidence register; a Board member
reads a priority dashboard; a member of the public reads the open data on a phone, with small
numbers suppressed. axe-core checks every page."""

import re

import pytest
from playwright.sync_api import expect

from manx_learning.accounts.demo import demo_load
from manx_learning.accounts.models import Agency, Role
from manx_learning.accounts.tests.factories import make_person
from manx_learning.assurance.models import Evidence
from manx_learning.dataset.demo import demo_dataset_load
from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_data(db):
    demo_load()
    demo_dataset_load()
    unit = Agency.objects.get(agency_code="SBBU")
    return make_person("bu@example.im", unit, Role.BUSINESS_UNIT, name="Bea Unit")


def test_an_emerging_trend_goes_from_the_list_to_its_chart_and_into_the_evidence_register(
    journey: Journey, demo_data
):
    page = journey.page
    journey.sign_in(demo_data.email)
    journey.click("link", "Performance data")
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance dataset")

    journey.click("link", "Emerging trends")
    expect(page.get_by_role("heading", level=1)).to_have_text("Emerging trends")
    group = page.get_by_role("heading", name="Domestic abuse and its impact on children and adults")
    expect(group).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Repeat MARAC referrals")
    expect(row).to_contain_text("Special cause – concern")
    expect(page.get_by_role("row").filter(has_text="within 45 working days")).to_contain_text(
        "Special cause – improvement"
    )

    # Follow it to the chart: an image with words, and its table beside it.
    row.get_by_role("link").first.click()
    journey.check_page()
    expect(page.get_by_role("heading", level=1)).to_have_text("Repeat MARAC referrals")
    chart = page.get_by_role("img", name=re.compile("Repeat MARAC referrals"))
    expect(chart.first).to_be_visible()
    expect(page.get_by_text("Eighth month above the mean").first).to_be_visible()

    page.go_back()
    journey.check_page()
    page.get_by_role("row").filter(has_text="Repeat MARAC referrals").get_by_role(
        "button", name=re.compile("Add to evidence")
    ).click()
    journey.check_page()
    expect(page.get_by_text("added to the evidence register")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Repeat MARAC referrals")).to_contain_text(
        "In the register"
    )
    assert Evidence.objects.filter(title__startswith="Repeat MARAC referrals").count() == 1

    # The priority dashboard for the same priority.
    journey.click("link", "Dashboards")
    journey.click("link", "Domestic abuse and its impact on children and adults")
    expect(page.get_by_role("img", name=re.compile("MARAC cases discussed")).first).to_be_visible()
    assert journey.checked


def test_the_public_reads_open_data_on_a_phone_with_small_numbers_suppressed(
    phone_journey: Journey, demo_data
):
    page = phone_journey.page
    phone_journey.goto("/open-data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    phone_journey.click("link", "MARAC cases discussed")
    expect(page.get_by_role("img", name=re.compile("MARAC cases discussed"))).to_be_visible()
    page.get_by_text("Figures by agency").click()
    expect(page.get_by_role("cell", name="<5").first).to_be_visible()
    phone_journey.check_page()
