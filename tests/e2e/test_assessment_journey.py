"""The business unit records evidence by hand, starts an assessment of the neglect priority,
records a judgement with a retest date, writes an action plan whose action appears in the
actions register (and shows the retest on its page), and records the retest, which states the
verdict. axe-core checks every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from manx_learning.accounts.models import Agency, AgencyKind, Role
from manx_learning.accounts.tests.factories import make_person
from manx_learning.vocabulary.demo import demo_priorities_load
from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)


def _day(days: int) -> str:
    day = timezone.localdate() + timedelta(days=days)
    return f"{day.day}/{day.month}/{day.year}"


@pytest.fixture
def officer(db):
    demo_priorities_load()
    unit = Agency.objects.create(
        agency_code="SBBU", name="Board Business Unit", kind=AgencyKind.OTHER
    )
    Agency.objects.create(
        agency_code="IMC", name="Isle of Man Constabulary", kind=AgencyKind.POLICE
    )
    return make_person("bu@example.im", unit, Role.BUSINESS_UNIT, name="Bea Unit")


def test_an_assessment_is_judged_planned_and_retested(journey: Journey, officer):
    page = journey.page
    journey.sign_in(officer.email)

    journey.click("link", "Quality assurance")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality assurance and scrutiny")

    # Evidence, added by hand (an empty form first: errors, checked by axe).
    journey.click("link", "Evidence register")
    journey.click("button", "Add evidence")
    journey.click("button", "Add evidence")
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_label("Title").fill("Observation of three core groups")
    page.get_by_label("Practice observation").check()
    page.get_by_label("Date of the evidence").fill(_day(-250))
    page.get_by_label("Summary").fill("Two of three core groups did not use the neglect tool.")
    page.get_by_label(re.compile(r"^Moderate")).check()
    page.get_by_label("Early help and neglect").check()
    journey.click("button", "Add evidence")
    expect(page.get_by_role("heading", level=1)).to_have_text("Observation of three core groups")

    # The assessment gathers it.
    journey.goto("/qa/assessments/")
    journey.click("button", "Start an assessment")
    page.get_by_label("Title").fill("Neglect: early recognition")
    page.get_by_label("Board priority").select_option(label="Early help and neglect")
    page.get_by_label("Period from").fill(_day(-365))
    page.get_by_label("Period to").fill(_day(-210))
    journey.click("button", "Start the assessment")
    expect(page.get_by_role("link", name="Observation of three core groups")).to_be_visible()

    journey.click("button", "Record the judgement")
    page.get_by_label("Requires improvement to be good").check()
    page.get_by_label("Rationale").fill("Neglect was recognised late.")
    page.get_by_label("Strengths").fill("Health visitors escalate well.")
    page.get_by_label("Areas for improvement").fill("Use the graded care profile.")
    page.get_by_label("Date of the judgement").fill(_day(-200))
    page.get_by_label("Retest date").fill(_day(120))
    journey.click("button", "Record the judgement")
    expect(page.get_by_text("Judgement recorded")).to_be_visible()

    # The action plan: the action lands in the actions register.
    journey.click("button", "Add an action")
    page.get_by_label("What will be done").fill(
        "Core group chairs use the graded care profile at the first meeting"
    )
    page.get_by_label("Agency that owns the action").select_option(label="Isle of Man Constabulary")
    page.get_by_label("Lead person's name and role").fill("DI Kermode")
    page.get_by_label("Due date").fill(_day(60))
    page.get_by_label("Expected outcome").fill("Neglect recognised at the first core group")
    journey.click("button", "Add action")
    expect(page.get_by_text("Action added to the action plan")).to_be_visible()
    assessment_url = page.url

    journey.goto("/recommendations/")
    expect(page.get_by_text("QA assessment: Neglect: early recognition")).to_be_visible()
    journey.page.goto(assessment_url)
    journey.click("link", "Core group chairs use the graded care profile")
    expect(page.get_by_role("heading", name="Retest result")).to_be_visible()
    expect(page.get_by_text("Not yet retested")).to_be_visible()

    # The retest states the verdict, and the action shows it.
    journey.page.goto(assessment_url)
    journey.click("link", "Baseline and retest side by side")
    page.get_by_label("Good", exact=True).check()
    page.get_by_label("Rationale").fill("The graded care profile is now used in most cases.")
    journey.click("button", "Record the retest")
    expect(page.get_by_text("Overall verdict")).to_be_visible()
    expect(page.get_by_text("Practice improved").first).to_be_visible()
    journey.click("link", "Core group chairs use the graded care profile")
    expect(page.get_by_text("Practice improved")).to_be_visible()

    # The rest of the framework's pages, each checked by axe.
    journey.goto("/qa/evidence/?source=practice_observation")
    expect(page.get_by_text("1 piece of evidence that matches")).to_be_visible()
    journey.goto("/qa/calendar/")
    journey.goto("/qa/priorities/")
    journey.click("link", "Early help and neglect")
    journey.click("link", "Scrutiny report for this priority")
    expect(page.get_by_role("heading", name="Evidence by source")).to_be_visible()
    expect(page.get_by_text("Practice improved").first).to_be_visible()
    journey.goto("/qa/scrutiny/")
