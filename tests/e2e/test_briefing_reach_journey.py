"""A briefing's reach with names: Noble's lead reads and reflects on the briefing, then sees who in
Noble's has and has not acknowledged it, with their reflections, and nobody from other agencies;
the business unit sees everyone. axe-core checks every page (issue #13, item 7)."""

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
