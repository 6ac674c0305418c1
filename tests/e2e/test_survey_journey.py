"""A practitioner survey: the business unit builds and publishes it, a visitor who is not signed in
answers it on a phone through the public link, the results stay hidden until 5 responses, and
once the survey closes its entry in the QA evidence register links back to the results. axe
checks every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from manx_learning.surveys.models import Response, Survey
from manx_learning.surveys.services import response_submit
from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)

SCALE_QUESTION = "I know who to contact in other agencies"


def add_question(journey: Journey, text: str, kind: str, **options) -> None:
    page = journey.page
    journey.click("link", "Add a question")
    page.get_by_label("Question", exact=True).fill(text)
    page.get_by_label(kind).check()
    if "choices" in options:
        page.get_by_role("textbox", name="Options to choose from").fill(
            "\n".join(options["choices"])
        )
    if options.get("optional"):
        page.get_by_label("People must answer this question").uncheck()
    if options.get("group_by"):
        page.get_by_label("Split the results by this question").check()
    journey.click("button", "Add the question")


def build_and_publish(business: Journey) -> Survey:
    page = business.page
    business.goto("/surveys/")
    business.click("link", "Start a survey")
    today = timezone.localdate()
    closes = today + timedelta(days=30)
    page.get_by_label("Title").fill("Multi-agency working survey")
    page.get_by_label("Practitioners").check()
    page.get_by_label("Introduction").fill("How well do agencies work together? 5 minutes.")
    page.get_by_label("Opening date").fill(f"{today.day}/{today.month}/{today.year}")
    page.get_by_label("Closing date").fill(f"{closes.day}/{closes.month}/{closes.year}")
    business.click("button", "Start the survey")
    add_question(business, SCALE_QUESTION, "Scale of 1 to 5")
    add_question(
        business,
        "Which agency do you work for?",
        "Choose one option",
        choices=["Police", "Health", "Education"],
        group_by=True,
    )
    add_question(business, "What would help most?", "Free text", optional=True)
    business.click("button", "Publish the survey")
    expect(page.get_by_text("Survey published")).to_be_visible()
    return Survey.objects.get(title="Multi-agency working survey")


def answer_on_a_phone(visitor: Journey, survey: Survey) -> None:
    page = visitor.page
    visitor.goto(f"/s/{survey.public_token}/")
    expect(page.get_by_text("Your answers are anonymous")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_have_count(0)
    page.get_by_role("group", name=re.compile(SCALE_QUESTION)).get_by_label(
        "Agree", exact=True
    ).check()
    page.get_by_label("Health").check()
    page.get_by_label(re.compile("What would help most")).fill("Joint <b>training</b> with police")
    page.wait_for_timeout(1200)  # a person takes longer than SURVEY_MIN_FILL_SECONDS
    visitor.click("button", "Send my answers")
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()


def seed_responses(survey: Survey, count: int) -> None:
    questions = list(survey.questions.all())
    for number in range(count):
        response_submit(
            survey=survey,
            answers={questions[0].pk: "5", questions[1].pk: ["Police", "Health"][number % 2]},
        )


def test_a_practitioner_survey_is_answered_anonymously_and_becomes_evidence(
    browser, live_server, phone_journey, settings, business_unit_officer
):
    settings.SURVEY_MIN_FILL_SECONDS = 1
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    business = Journey(context.new_page(), live_server.url)
    page = business.page
    business.sign_in(business_unit_officer.email)
    survey = build_and_publish(business)

    answer_on_a_phone(phone_journey, survey)
    assert Response.objects.filter(survey=survey).count() == 1

    page.goto(f"{live_server.url}/surveys/{survey.code}/results/")
    business.check_page()
    expect(page.get_by_text("fewer than 5 responses so far")).to_be_visible()
    expect(page.get_by_text("Joint")).to_have_count(0)

    seed_responses(survey, 5)
    page.reload()
    business.check_page()
    expect(page.get_by_text("Overall, 100%")).to_be_visible()
    expect(page.get_by_role("table", name="Answers to question 1")).to_contain_text("Agree")
    page.get_by_text("Read the 1 answer").click()
    expect(page.get_by_text("Joint <b>training</b> with police")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("by group"))).to_contain_text(
        "Fewer than 5 responses"
    )

    business.click("link", "Back to the survey")
    business.click("button", "Close the survey")
    expect(page.get_by_text("its results are in the QA evidence register")).to_be_visible()
    business.click("link", "Survey: Multi-agency working survey")
    expect(page.get_by_text("Feedback from practitioners")).to_be_visible()
    business.click("link", re.compile("came from"))
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    assert page.url.endswith(f"/surveys/{survey.code}/results/")

    phone_journey.goto(f"/s/{survey.public_token}/")
    expect(phone_journey.page.get_by_role("heading", name="This survey is closed")).to_be_visible()
    context.close()
