"""A data officer submits their agency's return in the browser: a bad upload is refused with
every problem by row, a corrected one is stored, a resubmission keyed into the form says what
changed; the business unit queries a value, the officer answers, and the return is accepted.
axe-core checks every page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from manx_learning.accounts.tests.factories import PASSWORD
from manx_learning.dataset.services import recent_periods
from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)


def upload(journey: Journey, path) -> None:
    journey.page.get_by_label("Upload the return").set_input_files(str(path))
    journey.click("button", "Upload and check")


@pytest.mark.usefixtures("catalogue")
def test_a_data_officer_submits_a_return_and_the_business_unit_accepts_it(
    sign_in, data_officer, business_unit_officer, tmp_path
):
    period = recent_periods("monthly", timezone.localdate(), 1)[0]
    officer = sign_in(data_officer.email, PASSWORD)
    page = officer.page
    officer.goto("/data/returns/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your agency's returns")
    officer.click("link", re.compile(f"Isle of Man Constabulary {period}"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Return for")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the template (CSV)").click()
    template = download.value.path().read_text(encoding="utf-8-sig")
    assert template.startswith("indicator,agency,period,value")
    assert f"CP-01,IMC,{period}," in template

    officer.click("link", "Upload the return")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"indicator,agency,period,value\nCP-01,IMC,{period},twelve\nCP-02,IMC,{period},140\n"
    )
    upload(officer, bad)
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_text("it has 2 problems")).to_have_count(2)
    table = page.locator("#row-errors")
    expect(table).to_contain_text("'twelve' is not a number")
    expect(table.get_by_role("row").nth(2)).to_contain_text("140 is over 100")

    good = tmp_path / "good.csv"
    good.write_text(
        f"indicator,agency,period,value,note\nCP-01,IMC,{period},12,\nCP-02,IMC,{period},40,\n"
    )
    upload(officer, good)
    expect(page.get_by_text("Return submitted as version 1: 2 value(s)")).to_be_visible()

    officer.click("link", "Key in the values")
    page.get_by_label("CP-01 value").fill("15")
    page.get_by_label("CP-01 commentary").fill("A busy month for referrals")
    officer.click("button", "Submit the return")
    expect(page.get_by_text("as version 2")).to_be_visible()
    expect(page.get_by_text("CP-01 value: 12.0 → 15.0")).to_be_visible()

    unit = sign_in(business_unit_officer.email, PASSWORD)
    unit.goto("/data/returns/")
    expect(unit.page.get_by_role("heading", level=1)).to_have_text("Returns status board")
    unit.click("link", re.compile(f"Isle of Man Constabulary {period}"))
    unit.click("link", "Query this value (CP-02)")
    unit.page.get_by_label("Your question").fill("40% is half last month's figure: is it right?")
    unit.click("button", "Send the query")
    expect(unit.page.locator("strong.govuk-tag", has_text="Queried")).to_be_visible()

    officer.page.reload()
    officer.check_page()
    officer.click("link", "Answer the query on CP-02")
    officer.page.get_by_label("Your answer").fill("Yes: two teams merged this month")
    officer.click("button", "Send the answer")

    unit.page.reload()
    unit.click("button", "Accept this return")
    expect(unit.page.locator("strong.govuk-tag", has_text="Accepted")).to_be_visible()
