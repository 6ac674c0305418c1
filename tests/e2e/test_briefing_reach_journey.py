"""A briefing's reach with names: Noble's lead reads and reflects on the briefing, then sees who in
Noble's has and has not acknowledged it, with their reflections, and nobody from other agencies;
the business unit sees everyone. The demo board's own briefing already has readers: the police lead
sees who in the Constabulary has read it, and the practitioner it waits for reads it. axe-core
checks every page (issue #13, items 7 and 11)."""

import re

import pytest
from playwright.sync_api import expect

from manx_learning.accounts.models import User
from manx_learning.briefings import services as briefing_services
from manx_learning.reviews.models import Review

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_lead_sees_who_in_their_agency_has_read_it(sign_in, demo):
    bu = User.objects.get(email="business@demo.test")
    briefing = briefing_services.briefing_draft_from_review(
        Review.objects.get(title="Child M (demo)"), bu
    )
    agencies = list(
        {
            u.agency
            for u in User.objects.filter(
                email__in=["health.lead@demo.test", "practitioner@demo.test"]
            )
        }
    )
    briefing_services.briefing_send(
        briefing=briefing, by=bu, agencies=agencies, roles=["practitioner", "agency_lead"]
    )
    lead = sign_in("health.lead@demo.test")
    page = lead.page
    lead.goto(f"/briefings/{briefing.code}/acknowledge/")
    page.get_by_label("I have read this briefing").check()
    page.get_by_label(briefing.question_1).fill("Ask who else lives in the home")
    page.get_by_label(briefing.question_2).fill("Check the ED record")
    page.get_by_label(briefing.question_3).fill("Escalate sooner")
    lead.click("button", "Confirm")

    lead.goto(f"/briefings/{briefing.code}/reach/")
    people = page.get_by_role(
        "table", name="People the briefing reached, and whether they acknowledged it"
    )
    expect(people).to_contain_text("Acknowledged")
    expect(people).not_to_contain_text("Ffion Teare")  # Children and Families: not the lead's
    page.get_by_text("Their reflections").first.click()
    expect(people).to_contain_text("Ask who else lives in the home")
    lead.check_page()

    staff = sign_in("business@demo.test")
    staff.goto(f"/briefings/{briefing.code}/reach/")
    table = staff.page.get_by_role(
        "table", name="People the briefing reached, and whether they acknowledged it"
    )
    expect(table.get_by_role("row", name="Ffion Teare")).to_contain_text("Not yet")


def test_the_demo_briefing_shows_who_has_read_it_and_takes_a_new_reader(sign_in, demo):
    """The demo's briefing was read by some of the people it reached: the police lead sees who
    in the Constabulary has, the practitioner finds it waiting and reads it, and the business
    unit then sees her among those who have."""
    from manx_learning.briefings.models import Briefing

    briefing = Briefing.objects.get(title__startswith="7-minute briefing: joining the dots")
    caption = "People the briefing reached, and whether they acknowledged it"

    police = sign_in("police.lead@demo.test")
    police.goto(f"/briefings/{briefing.code}/reach/")
    people = police.page.get_by_role("table", name=caption)
    expect(people.get_by_role("row", name="Liam Faragher")).to_contain_text("Acknowledged")
    expect(people.get_by_role("row", name="Jess Cain")).to_contain_text("Not yet")
    expect(people).not_to_contain_text("Owen Callister")  # Noble's: not the police lead's
    police.page.get_by_text("Their reflections").first.click()
    expect(people).to_contain_text("Two missing episodes were two reports, not one pattern.")
    police.check_page()

    practitioner = sign_in("practitioner@demo.test")
    practitioner.click("link", briefing.title)
    practitioner.page.get_by_label(briefing.question_1).fill("Ask who else knows this child")
    practitioner.page.get_by_label(briefing.question_2).fill("Check health records before closing")
    practitioner.page.get_by_label(briefing.question_3).fill("Time with the named nurse")
    practitioner.page.get_by_label("I have read this briefing").check()
    practitioner.click("button", "Confirm")
    expect(practitioner.page.get_by_text("You have read this briefing")).to_be_visible()

    staff = sign_in("business@demo.test")
    staff.goto(f"/briefings/{briefing.code}/reach/")
    table = staff.page.get_by_role("table", name=caption)
    expect(table.get_by_role("row", name="Ffion Teare")).to_contain_text("Acknowledged")
    expect(table.get_by_role("row", name="Megan Kermode")).to_contain_text("Acknowledged")
    figures = staff.page.get_by_role("table", name="Reach by agency")
    expect(figures.get_by_role("row", name=re.compile("^Total"))).to_contain_text("7 (78%)")
