"""Two people sign in and use what their role allows; every page is checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_reads_the_public_pages(journey, db):
    journey.goto("/")
    expect(journey.page.get_by_role("heading", level=1)).to_have_text("Manx Learning")
    journey.page.get_by_role("link", name="How reviews work, step by step").click()
    journey.check_page()
    for path in (
        "/accessibility/",
        "/privacy/",
        "/no-such-page/",
        "/learning/",
        "/learning/about/",
        "/learning/digest/",
        "/learning/?q=neglect",
    ):
        journey.goto(path)


def test_the_business_unit_runs_the_board(journey, business_unit_officer, police_lead):
    page = journey.page
    journey.goto("/account/sign-in/")
    page.get_by_role("button", name="Sign in").click()  # empty form: the error page is checked too
    journey.check_page()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("link", name="Enter your email address")).to_be_visible()

    journey.sign_in(business_unit_officer.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    nav = page.get_by_role("navigation", name="Menu")
    for label in ("Dashboard", "Reviews", "Agencies", "People", "Audit trail"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()

    nav.get_by_role("link", name="People").click()
    journey.check_page()
    page.get_by_role("link", name=police_lead.full_name).click()
    journey.check_page()
    expect(page.get_by_role("heading", level=1)).to_have_text(police_lead.full_name)

    journey.goto("/people/invite/")
    page.get_by_role("button", name="Send invitation").click()
    journey.check_page()
    expect(page.get_by_text("Enter their full name").first).to_be_visible()
    page.get_by_label("Full name").fill("Morgan Kelly")
    page.get_by_label("Work email address").fill("morgan.kelly@example.im")
    page.get_by_label("Agency", exact=True).select_option(label="Isle of Man Constabulary")
    page.get_by_label("Agency lead").check()
    page.get_by_role("button", name="Send invitation").click()
    journey.check_page()
    expect(page.get_by_text("Invitation sent to morgan.kelly@example.im")).to_be_visible()

    nav.get_by_role("link", name="Agencies").click()
    journey.check_page()
    page.get_by_role("button", name="Add an agency").click()
    journey.check_page()
    page.get_by_label("Code").fill("VOL")
    page.get_by_label("Name").fill("Island Family Support")
    page.get_by_label("Voluntary sector").check()
    page.get_by_role("button", name="Save").click()
    journey.check_page()
    expect(page.get_by_role("cell", name="Island Family Support", exact=True)).to_be_visible()

    nav.get_by_role("link", name="Audit trail").click()
    journey.check_page()
    expect(page.get_by_role("cell", name="invitation.created")).to_be_visible()
    page.get_by_label("What happened").select_option("agency.created")
    page.get_by_role("button", name="Apply filters").click()
    journey.check_page()
    expect(page.get_by_role("cell", name=re.compile("Island Family Support"))).to_be_visible()

    journey.goto("/account/two-factor/set-up/")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    journey.check_page()
    expect(page.get_by_text("You have signed out")).to_be_visible()


def test_a_practitioner_sees_only_what_a_practitioner_may(journey, practitioner):
    page = journey.page
    journey.sign_in(practitioner.email)
    nav = page.get_by_role("navigation", name="Menu")
    expect(nav.get_by_role("link", name="Dashboard")).to_be_visible()
    for label in ("Agencies", "People", "Audit trail"):
        expect(nav.get_by_role("link", name=label)).to_have_count(0)
    journey.goto("/audit-trail/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    journey.goto("/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")


def test_the_menu_works_on_a_phone(phone_journey, police_lead):
    page = phone_journey.page
    phone_journey.sign_in(police_lead.email)
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    menu.click()
    phone_journey.check_page()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People").click()
    phone_journey.check_page()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
