"""The business unit builds an audit tool and plans a multi-agency audit; the police and health
leads audit three cases each (an identifying reference is refused, another agency's case is out
of reach); the grades are moderated; an assessment of the theme is started, takes the audit as a
measure, is judged and gets an action plan whose action lands in the actions register; a retest
of the audit six months later is planned, audited and moderated, and shows its change against
the baseline; the assessment's retest then shows the audit side by side with "Practice improved",
and so does the action's page. axe-core checks every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)

TOOL = "Exploitation case audit"
TITLE = "Child exploitation: multi-agency audit"
ASSESSMENT = "Exploitation: recognition and response"
ACTION = "Officers complete a return interview within 72 hours of every missing episode"


def day(offset: int) -> str:
    when = timezone.localdate() + timedelta(days=offset)
    return f"{when.day}/{when.month}/{when.year}"


def build_tool(bu: Journey) -> None:
    page = bu.page
    bu.goto("/audits/tools/")
    bu.click("link", "Build an audit tool")
    bu.click("button", "Create tool")  # empty: errors, checked by axe
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_label("Name of the tool").fill(TOOL)
    page.get_by_label("Purpose").fill("To test how agencies recognise and respond to exploitation")
    page.get_by_label(re.compile(r"^Ofsted-style four-point scale")).check()
    page.get_by_label("What happens when a section is graded Inadequate").fill(
        "The auditor tells their safeguarding lead the same day."
    )
    bu.click("button", "Create tool")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{TOOL} (version 1)")
    page.get_by_label("Section", exact=True).select_option(label="Recognition")
    page.get_by_label("Question").fill("Were missing episodes linked to exploitation risk?")
    bu.click("button", "Add question")
    expect(page.get_by_text("Were missing episodes linked to exploitation risk?")).to_be_visible()


def plan(bu: Journey) -> str:
    page = bu.page
    bu.goto("/audits/")
    bu.click("link", "Plan an audit")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Audit tool").select_option(label=f"{TOOL} (version 1)")
    page.get_by_label("Multi-agency audit").check()
    page.get_by_label("Isle of Man Constabulary").check()
    page.get_by_label("Manx Care – Noble's Hospital").check()
    page.get_by_label("Cases per agency").fill("3")
    page.get_by_label("Theme (optional)").select_option(label="Exploitation")
    page.get_by_label("Audit window opens").fill(day(-200))
    page.get_by_label("Audit window closes").fill(day(-190))
    page.get_by_label("Date of the moderation meeting").fill(day(-185))
    bu.click("button", "Plan audit")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    return page.url


def audit_case(lead: Journey, programme_url: str, reference: str, grades: list[str]) -> str:
    """Add a case and grade its seven sections (the last grade repeats), then submit it."""
    page = lead.page
    page.goto(programme_url)
    lead.check_page()
    lead.click("link", "Add a case")
    page.get_by_label("Case reference").fill(reference)
    lead.click("button", "Add case")
    groups = page.get_by_role("group", name=re.compile(r"^Grade for "))
    for index in range(groups.count()):
        group = groups.nth(index)
        label = grades[min(index, len(grades) - 1)]
        group.get_by_label(label, exact=True).check()
        page.get_by_role("textbox", name=re.compile(r"^Narrative for ")).nth(index).fill(
            f"Case notes show {label.lower()} practice in this section."
        )
    lead.click("button", "Submit case audit")
    expect(page.get_by_text("Case audit submitted")).to_be_visible()
    return page.url


def moderate(bu: Journey, programme_url: str) -> None:
    page = bu.page
    page.goto(programme_url)
    bu.check_page()
    bu.click("button", "Close the audit window and start moderation")
    expect(page.get_by_text("the grades can now be moderated")).to_be_visible()
    bu.click("link", "Record the moderation")
    page.get_by_label("Date of the moderation meeting").fill(day(-1))
    page.get_by_label("Who took part").fill("Police and health safeguarding leads; business unit")
    page.get_by_label("Good practice").fill("Missing episodes were shared the next morning.")
    page.get_by_label("Areas for development").fill("Return interviews were rarely used.")
    bu.click("button", "Record moderation")
    expect(page.get_by_text("the audit is complete")).to_be_visible()
    expect(page.get_by_role("strong").filter(has_text="Completed")).to_be_visible()


def assess(bu: Journey) -> str:
    """Start an assessment of the exploitation theme over the baseline audit's period, take the
    audit as its measure and record the judgement. Returns the assessment's address."""
    page = bu.page
    bu.goto("/qa/assessments/")
    bu.click("button", "Start an assessment")
    page.get_by_label("Title").fill(ASSESSMENT)
    page.get_by_label("Theme").select_option(label="Exploitation")
    page.get_by_label("Period from").fill(day(-210))
    page.get_by_label("Period to").fill(day(-180))
    bu.click("button", "Start the assessment")
    expect(page.get_by_role("heading", level=1)).to_have_text(ASSESSMENT)
    # The moderated audit is already in the evidence register, so it is gathered straight away.
    expect(page.get_by_role("link", name=f"Audit: {TITLE}")).to_be_visible()
    assessment_url = page.url

    bu.click("link", "Add a measure")
    page.get_by_label("Measure").select_option(label=f"Audit programme: {TITLE}")
    bu.click("button", "Add the measure")
    expect(page.get_by_text(f"Measure added: {TITLE}")).to_be_visible()

    bu.click("button", "Record the judgement")
    page.get_by_label("Requires improvement to be good").check()
    page.get_by_label("Rationale").fill("Half the audited grades were less than good.")
    page.get_by_label("Strengths").fill("Missing episodes were shared the next morning.")
    page.get_by_label("Areas for improvement").fill("Return interviews were rarely used.")
    page.get_by_label("Date of the judgement").fill(day(-180))
    page.get_by_label("Retest date").fill(day(1))
    bu.click("button", "Record the judgement")
    expect(page.get_by_text("Judgement recorded")).to_be_visible()
    return assessment_url


def add_action(bu: Journey) -> str:
    """Add an action to the assessment's plan (due after the retest first: refused) and find it
    in the actions register. Returns the action's address."""
    page = bu.page
    bu.click("button", "Add an action")
    page.get_by_label("What will be done").fill(ACTION)
    page.get_by_label("Agency that owns the action").select_option(label="Isle of Man Constabulary")
    page.get_by_label("Lead person's name and role").fill("DI Kermode, Public Protection Unit")
    page.get_by_label("Due date").fill(day(30))
    page.get_by_label("Expected outcome").fill("Every missing child is offered a return interview")
    bu.click("button", "Add action")
    expect(page.get_by_text("The action must be due by the retest date").first).to_be_visible()
    # Actions cannot be due in the past, so the latest "before the retest" is today.
    page.get_by_label("Due date").fill(day(0))
    bu.click("button", "Add action")
    expect(page.get_by_text("Action added to the action plan")).to_be_visible()
    plan = page.get_by_role("table", name="Actions in the plan")
    expect(plan.get_by_role("link", name=ACTION)).to_be_visible()
    expect(plan.get_by_text("DI Kermode, Public Protection Unit")).to_be_visible()

    bu.goto("/actions/")
    page.get_by_label("Agency").select_option(label="Isle of Man Constabulary")
    bu.click("button", "Filter")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=ACTION))
    expect(row.get_by_role("link", name=f"QA assessment: {ASSESSMENT}")).to_be_visible()
    expect(row.get_by_text("Isle of Man Constabulary")).to_be_visible()
    bu.click("link", ACTION)
    expect(page.get_by_role("heading", name="Retest result")).to_be_visible()
    expect(page.get_by_text("Not yet retested")).to_be_visible()
    return page.url


def test_an_audit_is_built_audited_moderated_and_retested(demo, sign_in, live_server):
    bu = sign_in("business@demo.test")
    build_tool(bu)
    programme_url = plan(bu)

    police = sign_in("police.lead@demo.test")
    police.page.goto(programme_url)
    police.click("link", "Add a case")
    police.page.get_by_label("Case reference").fill("Kermode-12")
    police.click("button", "Add case")
    expect(police.page.get_by_text("looks like it contains a name").first).to_be_visible()
    police_cases = [
        audit_case(police, programme_url, "CE-2026-101", ["Requires improvement"]),
        audit_case(police, programme_url, "CE-2026-102", ["Good", "Requires improvement"]),
        audit_case(police, programme_url, "CE-2026-103", ["Inadequate", "Requires improvement"]),
    ]
    # The Inadequate grade escalates: the banner says what happens now.
    expect(police.page.get_by_text("the same day")).to_be_visible()
    expect(police.page.get_by_role("heading", name="Escalated")).to_be_visible()

    health = sign_in("health.lead@demo.test")
    for n in range(1, 4):
        audit_case(health, programme_url, f"CE-2026-20{n}", ["Good", "Requires improvement"])
    # Another agency's case audit is out of reach: not theirs to see, so told nothing of it.
    response = health.page.goto(police_cases[0])
    assert response.status == 404

    # The business unit moderates one grade, then records the discussion.
    bu.page.goto(programme_url)
    bu.click("button", "Close the audit window and start moderation")
    bu.page.goto(police_cases[1])
    bu.click("link", "Moderate the grades for this case")
    bu.page.get_by_label("Moderated grade for Assessment").select_option(label="Good")
    bu.click("button", "Save moderated grades")  # no reason: refused
    expect(
        bu.page.get_by_text("Enter why the grade for Assessment was changed").first
    ).to_be_visible()
    bu.page.get_by_label("Moderation note for Assessment").fill("The chronology was on file.")
    bu.click("button", "Save moderated grades")
    bu.click("link", "Record the moderation")
    bu.page.get_by_label("Date of the moderation meeting").fill(day(-185))
    bu.page.get_by_label("Who took part").fill(
        "Police and health safeguarding leads; business unit"
    )
    bu.page.get_by_label("Good practice").fill("Missing episodes were shared the next morning.")
    bu.page.get_by_label("Areas for development").fill("Return interviews were rarely used.")
    bu.click("button", "Record moderation")
    expect(bu.page.get_by_text("the audit is complete")).to_be_visible()
    bu.click("link", "See the results")
    expect(bu.page.get_by_role("table", name="Moderated grades by section")).to_be_visible()
    expect(bu.page.get_by_text("Moderation changed 1 grade.")).to_be_visible()

    # An assessment of the theme judges the baseline and plans the action the retest measures.
    assessment_url = assess(bu)
    action_url = add_action(bu)

    # The retest, six months later: same tool, agencies and sample; practice has improved.
    bu.page.goto(programme_url)
    bu.click("link", "Plan the retest")
    bu.page.get_by_label("Audit window opens").fill(day(-20))
    bu.page.get_by_label("Audit window closes").fill(day(-10))
    bu.page.get_by_label("Date of the moderation meeting").fill(day(-5))
    bu.click("button", "Plan the retest")
    retest_url = bu.page.url
    expect(bu.page.get_by_role("heading", level=1)).to_have_text(f"{TITLE} – retest")
    for n in range(1, 4):
        audit_case(police, retest_url, f"CE-2026-30{n}", ["Good"])
        audit_case(health, retest_url, f"CE-2026-40{n}", ["Outstanding", "Good"])
    moderate(bu, retest_url)

    expect(bu.page.get_by_role("heading", name="Baseline against retest")).to_be_visible()
    expect(bu.page.get_by_text("Practice improved")).to_be_visible()
    expect(
        bu.page.get_by_text(re.compile(r"at baseline \(n=42\) and 100\.0 at retest"))
    ).to_be_visible()
    # The baseline's page shows the same comparison, and the evidence register has both.
    bu.page.goto(programme_url)
    bu.check_page()
    expect(bu.page.get_by_text("Practice improved")).to_be_visible()
    expect(bu.page.get_by_text("Recorded as multi-agency audit evidence")).to_be_visible()

    # The assessment's retest: the audit's baseline and retest side by side, then the verdict.
    bu.page.goto(assessment_url)
    bu.check_page()
    bu.click("link", "Baseline and retest side by side")
    expect(bu.page.get_by_role("heading", name=re.compile(r"^Verdict so far"))).to_contain_text(
        "Practice improved"
    )
    bu.page.get_by_label("Good", exact=True).check()
    bu.page.get_by_label("Rationale").fill("Return interviews are now offered in most cases.")
    bu.click("button", "Record the retest")
    expect(bu.page.get_by_text("Retest recorded: Practice improved")).to_be_visible()
    expect(bu.page.get_by_role("heading", name=re.compile(r"^Overall verdict"))).to_contain_text(
        "Practice improved"
    )
    audit = bu.page.locator(".govuk-summary-card").filter(has_text=TITLE)
    expect(audit.get_by_role("strong")).to_have_text("Practice improved")
    side_by_side = audit.get_by_role("table", name=f"{TITLE}: baseline and retest")
    expect(side_by_side.get_by_role("columnheader", name="Baseline")).to_be_visible()
    expect(side_by_side.get_by_role("columnheader", name="Retest")).to_be_visible()
    # The share of good-or-better grades, the same 42 section grades at baseline and retest.
    scores = side_by_side.get_by_role("row").filter(has_text="(n=42)").get_by_role("cell")
    expect(scores).to_have_text(["11.9 (n=42)", "100.0 (n=42)"])

    # The action's page shows the retest that measured its impact.
    bu.page.goto(action_url)
    bu.check_page()
    expect(bu.page.get_by_role("heading", name="Retest result")).to_be_visible()
    result = bu.page.locator(".govuk-summary-list").filter(has_text="Retested")
    expect(result.get_by_text("Practice improved")).to_be_visible()
    expect(
        result.get_by_text(re.compile(r"judged Good \(baseline Requires improvement"))
    ).to_be_visible()
