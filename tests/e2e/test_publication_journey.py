"""The demo SCMR is anonymised, checked and approved by two people, published, and appears on the
public site and its feed. axe-core checks every page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_scmr_is_anonymised_approved_and_published(db, sign_in, live_server):
    call_command("demo", verbosity=0)
    from manx_learning.reviews.models import Review

    review = Review.objects.get(title="Child M (demo)")

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
    expect(page.locator("mark.app-mark--register s").first).to_have_text("Mason Quirk")
    expect(page.get_by_role("main")).to_contain_text("[address]")
    for choice in page.get_by_role("radio", name="Replace").all():
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
    reviewer.click("link", re.compile(r"Approve the anonymisation of REF-\S+ Child M"))
    assert reviewer.page.url.rstrip("/") == run_url.rstrip("/")
    reviewer.click("button", "Approve the anonymisation")

    page.goto(run_url.rstrip("/") + "/publish/")
    business.check_page()
    expect(page.get_by_text("Every check has passed")).to_be_visible()
    page.get_by_label("Title").fill("Child M: learning from a Serious Case Management Review")
    page.get_by_label("Summary").fill(
        "A young person attended the emergency department five times; agencies each held part "
        "of the picture of exploitation."
    )
    page.get_by_label("Children and young people").check()
    business.click("button", "Publish")
    expect(page).to_have_url(re.compile(r"/learning/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Child M: learning from a Serious Case Management Review"
    )
    expect(page.get_by_role("main")).not_to_contain_text("Mason")

    visitor = Journey(page.context.browser.new_page(), live_server.url)
    visitor.goto("/learning/")
    expect(visitor.page.get_by_role("link", name=re.compile("Child M: learning"))).to_be_visible()
    feed = visitor.page.request.get(live_server.url + "/learning/feed.atom")
    assert "Child M: learning from a Serious Case Management Review" in feed.text()
    assert "Mason" not in feed.text()
    visitor.page.close()
