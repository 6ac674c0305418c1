"""The demo board's public library already holds the Child M review and a briefing drawn from it;
a visitor finds and reads them. The demo's Adult R review, approved and waiting, is anonymised,
checked and approved by two people, published, and appears on the public site and its feed
beside Child M. axe-core checks every page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)

CHILD_M = "Child M: learning from a Serious Case Management Review"
ADULT_R = "Adult R: calls about one flat were closed one at a time"


def test_a_visitor_finds_and_reads_the_demos_published_learning(demo, journey, live_server):
    page = journey.page
    journey.goto("/learning/")
    expect(page.get_by_role("link", name=CHILD_M)).to_be_visible()
    briefing = page.get_by_role("link", name=re.compile(r"^7-minute briefing"))
    expect(briefing).to_have_count(1)

    page.get_by_label("Search").fill("Child M")
    journey.click("button", "Apply filters")
    results = page.get_by_role("main").get_by_role("heading", level=2).get_by_role("link")
    expect(results.first).to_have_text(CHILD_M)
    journey.click("link", CHILD_M)
    expect(page.get_by_role("heading", level=1)).to_have_text(CHILD_M)
    main = page.get_by_role("main")
    expect(main).to_contain_text("[address]")
    for real in ("Mason", "Quirk", "Ballakermeen", "Corlett"):
        expect(main).not_to_contain_text(real)
    link = page.get_by_role("link", name=re.compile("Download the PDF"))
    pdf = page.request.get(live_server.url + link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"

    journey.goto("/learning/")
    journey.click("link", re.compile(r"^7-minute briefing"))
    expect(page.get_by_role("heading", name="Key learning")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("What support do I need?")
    feed = page.request.get(live_server.url + "/learning/feed.atom").text()
    assert CHILD_M in feed and "Mason" not in feed


def test_the_demos_waiting_review_is_anonymised_approved_and_published(demo, sign_in, live_server):
    from manx_learning.reviews.models import Review

    review = Review.objects.get(title="Adult R (demo)")

    business = sign_in("business@demo.test")
    page = business.page
    business.goto(f"/reviews/{review.code}/")
    page.get_by_role("link", name="Anonymise and publish").click()
    business.check_page()
    business.click("button", re.compile(r"Run the anonymiser"))
    # The run is queued: its page shows progress until the task worker has done it.
    expect(page.get_by_role("status")).to_contain_text("Waiting to start")
    business.check_page()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    # The page's poll (app.mjs) shows the run finished, with a link to the report.
    business.click("link", "Check the anonymised report")
    # Each register replacement shows the original struck through, then what replaces it.
    expect(page.locator("mark.app-mark--register s").first).to_have_text("Rachel Kneale")
    expect(page.get_by_role("main")).to_contain_text("[address]")
    # The detection the register missed (a police officer's surname) is decided: replaced.
    choices = page.get_by_role("radio", name="Replace").all()
    assert choices, "the anonymiser should have found the officer's surname"
    for choice in choices:
        choice.check()
    business.click("button", "Save decisions")
    run_url = page.url

    # The person who ran it cannot approve it: the gate says who can, and it is waiting on the
    # assigned reviewer's dashboard.
    page.goto(run_url.rstrip("/") + "/publish/")
    business.check_page()
    expect(page.get_by_role("main")).to_contain_text(
        "Who may approve it: another business unit officer, or the review's reviewer Alys Morgan"
    )
    reviewer = sign_in("reviewer@demo.test")
    reviewer.goto("/dashboard/")
    reviewer.click("link", re.compile(r"Approve the anonymisation of REF-\S+ Adult R"))
    assert reviewer.page.url.rstrip("/") == run_url.rstrip("/")
    reviewer.click("button", "Approve the anonymisation")

    page.goto(run_url.rstrip("/") + "/publish/")
    business.check_page()
    expect(page.get_by_text("Every check has passed")).to_be_visible()
    page.get_by_label("Title").fill(ADULT_R)
    page.get_by_label("Summary").fill(
        "A woman with a learning disability was exploited in her own flat while the police, "
        "housing and her support service each saw part of it."
    )
    page.get_by_label("Adults", exact=True).check()
    page.get_by_label("Exploitation", exact=True).check()
    business.click("button", "Publish")
    expect(page).to_have_url(re.compile(r"/learning/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ADULT_R)
    for real in ("Rachel", "Kneale", "Darren", "Skillicorn", "Tromode", "Gelling"):
        expect(page.get_by_role("main")).not_to_contain_text(real)

    visitor = Journey(page.context.browser.new_page(), live_server.url)
    visitor.goto("/learning/")
    # The new publication, beside the one the demo board already had.
    expect(visitor.page.get_by_role("link", name=ADULT_R)).to_be_visible()
    expect(visitor.page.get_by_role("link", name=CHILD_M)).to_be_visible()
    feed = visitor.page.request.get(live_server.url + "/learning/feed.atom")
    assert ADULT_R in feed.text()
    assert "Rachel" not in feed.text() and "Skillicorn" not in feed.text()
    visitor.page.close()
