"""Only accepted figures reach open data (issue #13 item 1), on the demo board: the data officer
submits November's return, and neither it nor October's submitted one is public; inside, both
are marked provisional; once the business unit accepts October's return its value is public.
axe-core checks every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)

INDICATOR = "CSC-05"  # children on a child protection plan, from Manx Care – Children and Families


def _open_data(visitor: Journey):
    visitor.goto(f"/open-data/{INDICATOR}/")
    return visitor.page.get_by_role("main")


def test_submitted_values_stay_out_of_open_data_until_accepted(demo, sign_in, journey):
    # The demo's October returns are submitted, not accepted: open data ends in September.
    main = _open_data(journey)
    expect(main).to_contain_text("September 2026")
    expect(main).not_to_contain_text("October 2026")

    officer = sign_in("data.officer@demo.test")
    officer.goto("/data/returns/")
    officer.click("link", re.compile(r"Manx Care – Children and Families 2026-11"))
    officer.click("link", "Key in the values")
    page = officer.page
    page.get_by_label(f"{INDICATOR} value").fill("51.3")
    officer.click("button", "Submit the return")
    expect(page.get_by_text("Return submitted as version 1")).to_be_visible()
    expect(page.locator("strong.govuk-tag", has_text="Submitted")).to_be_visible()

    main = _open_data(journey)
    expect(main).not_to_contain_text("November 2026")
    expect(main).not_to_contain_text("51.3")

    # Inside, the unaccepted values are drawn and listed as provisional.
    unit = sign_in("business@demo.test")
    unit.goto(f"/data/indicators/{INDICATOR}/")
    unit_main = unit.page.get_by_role("main")
    expect(unit_main).to_contain_text("provisional: the return is not yet accepted")
    november = unit_main.get_by_role("row", name=re.compile(r"November 2026"))
    expect(november.locator("strong.govuk-tag", has_text="Provisional")).to_be_visible()
    october = unit_main.get_by_role("row", name=re.compile(r"October 2026"))
    expect(october.locator("strong.govuk-tag", has_text="Provisional")).to_be_visible()

    unit.goto("/data/returns/")
    unit.click("link", re.compile(r"Manx Care – Children and Families 2026-10"))
    unit.click("button", "Accept this return")
    expect(unit.page.locator("strong.govuk-tag", has_text="Accepted")).to_be_visible()

    main = _open_data(journey)
    expect(main).to_contain_text("October 2026")
    expect(main).not_to_contain_text("November 2026")
