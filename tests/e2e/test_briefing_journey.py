"""A 7-minute briefing is drafted from the demo SCMR, published, sent, acknowledged by a
practitioner, used in a team session, and shows on the reach dashboard. axe checks every page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_briefing_reaches_the_workforce(db, sign_in):
    call_command("demo", verbosity=0)

    business = sign_in("business@demo.test")
    page = business.page
    business.goto("/briefings/")
    page.get_by_label("Review to draft it from").select_option(label="REF-2025-001 Child M (demo)")
    business.click("button", "Start the briefing")  # drafted, then opened for editing
    expect(page.get_by_label("Key learning")).not_to_have_value("")
    page.get_by_label("Title").fill("7-minute briefing: Child M")
    business.click("button", "Save the briefing")
    briefing_url = page.url
    business.click("link", "Publish the briefing")
    summary = page.get_by_label(re.compile("Summary"))
    if summary.count():
        summary.fill("What agencies learned from the Child M review.")
    page.get_by_label("Children and young people").check()
    business.click("button", "Publish")
    page.goto(briefing_url)
    business.click("link", "Send to agencies")
    page.get_by_label("Manx Care – Children and Families").check()
    page.get_by_label("Practitioner").check()
    page.get_by_label("Agency lead").check()
    business.click("button", "Send")

    practitioner = sign_in("practitioner@demo.test")
    expect(practitioner.page.get_by_role("link", name="7-minute briefing: Child M")).to_be_visible()
    practitioner.click("link", "7-minute briefing: Child M")
    practitioner.page.get_by_label("I have read this briefing").check()
    for answer in practitioner.page.get_by_role("textbox").all():
        answer.fill("Ask who else knows this child before closing a case.")
    practitioner.click("button", "Confirm")

    business.goto("/learning/")
    expect(page.get_by_role("link", name=re.compile("7-minute briefing: Child M"))).to_be_visible()
    page.goto(briefing_url)
    business.click("link", "Reach dashboard")
    table = page.get_by_role("table").first
    expect(table).to_contain_text("Manx Care – Children and Families")
    expect(table).to_contain_text("1")
