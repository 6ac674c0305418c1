"""A referral goes through every stage of a case review, each step taken by the person whose role
it is, in their own browser. axe-core checks every page they land on (see journey.Journey)."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

from manx_learning.accounts.tests.factories import PASSWORD
from manx_learning.vocabulary.models import Theme
from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)

POLICE = "Isle of Man Constabulary"
HEALTH = "Noble's Hospital"

POLICE_CHRONOLOGY = """date,time,agency,source,event,practitioner
01/03/2026,21:15,Isle of Man Constabulary,Control room log,Domestic incident at the family home; Child J present,PC Quayle
03/03/2026,10:00,Isle of Man Constabulary,Case notes,Strategy discussion with health about bruising to Child J's arm,DS Kermode
20/04/2026,,Isle of Man Constabulary,Case notes,Officer spoke to the school about Child J's attendance,PC Quayle
"""
HEALTH_CHRONOLOGY = """date,time,agency,source,event,practitioner
28/02/2026,22:40,Noble's Hospital,ED record,Child J seen with bruising to the left arm; discharged home,Dr Corlett
03/03/2026,10:30,Noble's Hospital,Safeguarding notes,Strategy discussion with police; bruising to Child J's arm discussed,Named nurse
"""


@pytest.fixture
def open_browser_for(browser, live_server):
    """Sign a person in, in a browser context of their own, and give back their Journey."""
    contexts = []

    def open_for(user) -> Journey:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        journey = Journey(context.new_page(), live_server.url)
        journey.sign_in(user.email, PASSWORD)
        expect(journey.page.get_by_role("heading", level=1)).to_contain_text("Hello")
        return journey

    yield open_for
    for context in contexts:
        context.close()


def click(journey: Journey, role: str, name: str | re.Pattern, **options) -> None:
    """Click a link or button, then check the page it leads to."""
    journey.page.get_by_role(role, name=name, **options).click()
    journey.check_page()


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def success(page: Page, text: str) -> None:
    banner = page.get_by_role("alert").filter(has_text="Success")
    expect(banner).to_contain_text(text)


def stage(page: Page, label: str) -> None:
    expect(page.get_by_role("main").locator("strong.govuk-tag").first).to_have_text(label)


def next_step(journey: Journey, label: str) -> None:
    steps = journey.page.get_by_role("complementary", name="What to do next")
    steps.get_by_role("link", name=label).click()
    journey.check_page()


def group(page: Page, legend: str) -> Locator:
    return page.get_by_role("group", name=legend)


def table_after(page: Page, title: str) -> Locator:
    """The table that follows a heading (the review page's tables have headings, not captions),
    inside the box that lets it scroll on a phone."""
    return page.get_by_role("heading", name=title, exact=True).locator(
        "xpath=following-sibling::*[self::table or .//table][1]/descendant-or-self::table[1]"
    )


def open_review(journey: Journey, reference: str) -> None:
    nav = journey.page.get_by_role("navigation", name="Menu")
    nav.get_by_role("link", name="Reviews").click()
    journey.check_page()
    click(journey, "link", reference)


# The steps ------------------------------------------------------------------------------------


def refer(journey: Journey) -> str:
    """A police lead refers Child J; the empty form's error page is checked too."""
    page = journey.page
    dashboard_reviews = page.get_by_role("region", name="Reviews")
    dashboard_reviews.get_by_role("link", name="Refer a case").click()
    journey.check_page()
    expect(heading(page)).to_have_text("Refer a case")

    page.get_by_label("Date the referral was received").fill("")
    page.get_by_label("Referring person").fill("")
    click(journey, "button", "Send referral")
    expect(page).to_have_title(re.compile(r"^Error: Refer a case"))
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    for message in (
        "Enter a pseudonym for the case",
        "Enter the date the referral was received",
        "Select whether the person died or was seriously harmed",
        "Select the agencies involved",
        "Select whether the subject is a child, young person or adult",
    ):
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    # A radio or checkbox error takes you to the first option.
    summary.get_by_role(
        "link", name="Select whether the person died or was seriously harmed"
    ).click()
    expect(page.get_by_label("Died")).to_be_focused()
    summary.get_by_role("link", name="Select the agencies involved").click()
    expect(page.get_by_label(POLICE)).to_be_focused()

    page.get_by_label("Case pseudonym").fill("Child J")
    page.get_by_label("Date the referral was received").fill("2/3/2026")
    page.get_by_label("Date of the incident (optional)").fill("28/2/2026")
    page.get_by_label("Referring person").fill("Lee Police, Detective Inspector")
    page.get_by_label("Where the referral came from").fill("Rapid review by the police")
    harm = group(page, "Did the person die or were they seriously harmed?")
    harm.get_by_label("Seriously harmed", exact=True).check()
    group(page, "Is abuse or neglect known or suspected?").get_by_label(
        "Suspected", exact=True
    ).check()
    agencies = group(page, "Agencies involved")
    agencies.get_by_label(POLICE).check()
    agencies.get_by_label(HEALTH).check()
    page.get_by_label("Why agencies may not have worked well together").fill(
        "The emergency department and the police did not share what they knew about the bruising."
    )
    page.get_by_label("Subject's pseudonym").fill("Child J")
    page.get_by_label("Subject's age").select_option(label="5 to 9")
    group(page, "The subject is a").get_by_label("Child", exact=True).check()
    group(page, "Parallel processes (optional)").get_by_label("Police investigation").check()
    page.get_by_label("About the parallel processes (optional)").fill(
        "Led by the Public Protection Unit"
    )
    click(journey, "button", "Send referral")

    success(page, "Referral recorded as REF-2026-")
    reference = re.search(r"REF-2026-\d{3}", page.get_by_role("alert").inner_text()).group(0)
    expect(heading(page)).to_have_text("Child J")
    stage(page, "Referral received")
    expect(page.get_by_role("cell", name="Child J", exact=True)).to_be_visible()
    expect(
        page.get_by_text("Police investigation: Led by the Public Protection Unit")
    ).to_be_visible()
    return reference


def request_summaries(journey: Journey, reference: str) -> None:
    page = journey.page
    open_review(journey, reference)
    next_step(journey, "Request agency summaries")
    expect(heading(page)).to_have_text("Request agency summaries")
    agencies = group(page, "Agencies to ask")
    expect(agencies.get_by_label(POLICE)).to_be_checked()
    expect(agencies.get_by_label(HEALTH)).to_be_checked()
    click(journey, "button", "Send requests")
    success(page, "Summaries requested from")
    stage(page, "Screening")
    expect(
        table_after(page, "Requests to agencies").get_by_role("row", name=re.compile(POLICE))
    ).to_contain_text("Waiting")


def submit_summary(journey: Journey, agency: str, text: str) -> None:
    page = journey.page
    journey.goto("/dashboard/")
    waiting = page.get_by_role("region", name=f"Waiting for {agency}")
    waiting.get_by_role("link", name=re.compile(r"^Agency summary \(screening\) for REF-")).click()
    journey.check_page()
    expect(heading(page)).to_have_text(f"Agency summary (screening) from {agency}")
    click(journey, "button", "Submit")  # nothing written, nothing attached
    expect(
        page.get_by_role("link", name="Enter your agency's submission or attach a document")
    ).to_be_visible()
    page.get_by_label("Your agency's submission").fill(text)
    click(journey, "button", "Submit")
    success(page, "Agency summary (screening) submitted")
    expect(page.get_by_role("heading", name="What was submitted")).to_be_visible()
    expect(page.get_by_text(text)).to_be_visible()


def screen(journey: Journey, reference: str) -> None:
    page = journey.page
    open_review(journey, reference)
    expect(
        table_after(page, "Requests to agencies").get_by_role("row", name=re.compile(HEALTH))
    ).to_contain_text("Submitted")
    next_step(journey, "Record the screening")
    expect(heading(page)).to_have_text("Screen the referral")
    expect(page.get_by_role("heading", name=POLICE, level=3)).to_be_visible()
    expect(page.get_by_text("Strategy discussion held on 3 March")).to_be_visible()
    for legend in (
        "Did the person die or were they seriously harmed?",
        "Is abuse or neglect known or suspected?",
        "Is there concern about how agencies worked together?",
    ):
        group(page, legend).get_by_label("Yes", exact=True).check()
    group(page, "Recommendation to the Panel").get_by_label(
        "Serious Case Management Review"
    ).check()
    page.get_by_label("Reasons for the recommendation").fill(
        "Serious harm, suspected abuse and a concern about information sharing: the criteria are met."
    )
    click(journey, "button", "Record screening")
    success(page, "Screening recorded. The review is ready for a decision")
    stage(page, "Awaiting Panel decision")


def decide(journey: Journey, reference: str) -> None:
    page = journey.page
    journey.goto("/dashboard/")
    click(journey, "link", "Awaiting a Panel decision: 1")
    click(journey, "link", reference)
    next_step(journey, "Record the Panel decision")
    expect(heading(page)).to_have_text("Record the Panel decision")
    outcome = group(page, "The Panel's decision")
    expect(outcome.get_by_label("Serious Case Management Review")).to_be_checked()
    click(journey, "button", "Record decision")  # no rationale
    expect(page).to_have_title(re.compile(r"^Error: "))
    error_link = page.get_by_role("link", name="Enter the rationale for the decision")
    error_link.click()
    expect(page.get_by_label("Rationale for the decision")).to_be_focused()
    page.get_by_label("Rationale for the decision").fill(
        "The criteria for a mandatory review are met; the Panel agrees with the screening."
    )
    click(journey, "button", "Record decision")
    success(page, "Decision recorded")
    stage(page, "Commissioning")
    expect(page.get_by_text("Serious Case Management Review").first).to_be_visible()


def commission(journey: Journey, reference: str, reviewer_label: str, panel_name: str) -> None:
    page = journey.page
    open_review(journey, reference)
    next_step(journey, "Commission the review")
    expect(heading(page)).to_have_text("Commission the review")
    expect(page.get_by_text("The review cannot be commissioned yet")).to_be_visible()
    gaps = page.get_by_role("main").get_by_role("list").filter(has_text="the scope period")
    for gap in ("the key lines of enquiry", "the methodology", "a reviewer"):
        expect(gaps).to_contain_text(gap)
    expect(page.get_by_role("button", name="Commission the review")).to_have_count(0)

    click(journey, "link", "Complete the terms of reference")
    expect(heading(page)).to_have_text("Terms of reference")
    page.get_by_label("Start of the period the review looks at").fill("1/1/2025")
    page.get_by_label("End of the period the review looks at").fill("30/6/2026")
    page.get_by_label("Key lines of enquiry").fill(
        "How information about injuries was shared between the hospital and the police."
    )
    methodology = group(page, "Methodology")
    methodology.get_by_label("Significant Incident Learning Process (SILP)").check()
    page.get_by_label("The reviewer's independence").fill("No previous work with either agency")
    group(page, "Involvement of the person and their family").get_by_label("Planned").check()
    page.get_by_label("How they will be involved, or why not").fill("A home visit to the mother")
    page.get_by_label("How parallel processes are handled").fill(
        "The police investigation is told before any practitioner is interviewed."
    )
    group(page, "Panel members overseeing the review").get_by_label(re.compile(panel_name)).check()
    click(journey, "button", "Save terms of reference")
    success(page, "Terms of reference saved")
    expect(page.get_by_text("Significant Incident Learning Process (SILP)")).to_be_visible()

    next_step(journey, "Assign a reviewer")
    page.get_by_label("Reviewer", exact=True).select_option(label=reviewer_label)
    independent = group(page, "Is the reviewer independent of the agencies involved?")
    expect(independent.get_by_label("Yes", exact=True)).to_be_checked()
    click(journey, "button", "Assign reviewer")
    success(page, f"{reviewer_label.split(' (')[0]} assigned")

    next_step(journey, "Commission the review")
    expect(page.get_by_text("The terms of reference are complete")).to_be_visible()
    click(journey, "button", "Commission the review")
    success(page, "Review commissioned")
    stage(page, "Gathering information")


def import_chronology(journey: Journey, agency: str, path: Path) -> None:
    page = journey.page
    click(journey, "button", "Import an agency chronology")
    expect(heading(page)).to_have_text("Import an agency chronology")
    page.get_by_label("Which agency's chronology is this?").select_option(label=agency)
    page.get_by_label("Chronology file").set_input_files(path)
    click(journey, "button", "Import")
    success(page, "Imported")
    expect(heading(page)).to_have_text("Integrated chronology")


def request_chronologies(journey: Journey) -> None:
    """The business unit asks both agencies for their chronologies."""
    page = journey.page
    next_step(journey, "Request agency reports")
    expect(heading(page)).to_have_text("Ask agencies for reports or chronologies")
    group(page, "What are you asking for?").get_by_label("Agency chronologies").check()
    agencies = group(page, "Which agencies?")
    expect(agencies.get_by_label(POLICE)).to_be_checked()
    expect(agencies.get_by_label(HEALTH)).to_be_checked()
    click(journey, "button", "Send requests")
    success(page, "for an agency chronology")
    requests = table_after(page, "Requests to agencies")
    expect(requests.get_by_role("row", name=re.compile("Agency chronology"))).to_have_count(2)


def submit_chronology(journey: Journey, agency: str, path: Path) -> None:
    """An agency lead sends their chronology spreadsheet through the request."""
    page = journey.page
    journey.goto("/dashboard/")
    waiting = page.get_by_role("region", name=f"Waiting for {agency}")
    waiting.get_by_role("link", name=re.compile(r"^Agency chronology for REF-")).click()
    journey.check_page()
    expect(heading(page)).to_have_text(f"Agency chronology from {agency}")
    expect(page.get_by_text("A CSV or Excel (.xlsx) chronology")).to_be_visible()
    page.get_by_label("Your agency's submission").fill("Our chronology, as agreed.")
    page.get_by_label("Attach a document (optional)").set_input_files(path)
    click(journey, "button", "Submit")
    success(page, "Agency chronology submitted")
    expect(page.get_by_role("link", name="Download the document")).to_be_visible()


def gather_and_analyse(
    journey: Journey, reference: str, police_file: Path, health_file: Path
) -> None:
    page = journey.page
    journey.goto("/dashboard/")
    click(journey, "link", re.compile(rf"^{reference} Child J"))
    stage(page, "Gathering information")
    sections = page.get_by_role("navigation", name="In this review")
    sections.get_by_role("link", name="Chronology").click()
    journey.check_page()
    expect(page.get_by_text("No chronology has been imported yet.")).to_be_visible()

    import_chronology(journey, POLICE, police_file)
    success(page, "Imported 3 entries")
    import_chronology(journey, HEALTH, health_file)
    success(page, "Imported 2 entries")

    table = page.get_by_role("table", name="5 entries")
    expect(table).to_be_visible()
    shared = table.get_by_role("rowheader", name=re.compile("recorded by 2 agencies"))
    expect(shared).to_have_count(1)
    click(journey, "link", f"Annotate entry of 3 Mar 2026, {POLICE}")
    expect(heading(page)).to_have_text("Chronology entry")
    expect(
        page.get_by_role("heading", name="The same event, as other agencies recorded it")
    ).to_be_visible()
    page.get_by_label("This is a key practice episode").check()
    page.get_by_label("Analysis note").fill(
        "The first point at which both agencies knew of the bruising."
    )
    click(journey, "button", "Save")
    success(page, "Entry updated")
    expect(page.get_by_text("Key episode", exact=True)).to_have_count(1)

    click(journey, "link", f"Back to {reference} Child J")
    next_step(journey, "Add a learning event")
    click(journey, "button", "Add learning event")  # empty: the error page is checked
    expect(page.get_by_role("link", name="Enter the date of the learning event")).to_be_visible()
    page.get_by_label("Date of the learning event").fill("10/6/2026")
    page.get_by_label("Who attended, by agency and role").fill(
        "Police – 2 officers\nHealth – ED consultant and named nurse"
    )
    took_part = group(page, "Agencies that took part")
    took_part.get_by_label(POLICE).check()
    took_part.get_by_label(HEALTH).check()
    page.get_by_label("What was learned").fill("ED staff did not know whom to call in the police.")
    click(journey, "button", "Add learning event")
    success(page, "Learning event added")
    events = table_after(page, "Learning events")
    expect(events).to_contain_text("10 June 2026")
    expect(events).to_contain_text("ED staff did not know whom to call in the police.")

    next_step(journey, "Record contact with the family")
    expect(heading(page)).to_have_text("Add a contact with the family")
    page.get_by_label("Date of the contact").fill("15/6/2026")
    page.get_by_label("Who was contacted").fill("Mother")
    page.get_by_label("How", exact=True).fill("Home visit")
    page.get_by_label("Summary").fill(
        "Mother wants the review to hear how hard it was to be heard."
    )
    click(journey, "button", "Add contact")
    success(page, "Contact with the family added")
    contacts = table_after(page, "Contact with the family")
    expect(contacts.get_by_role("cell", name="Home visit")).to_be_visible()

    next_step(journey, "Move on to findings")
    expect(heading(page)).to_have_text("Start findings and recommendations")
    click(journey, "button", "Start findings and recommendations")
    success(page, "The review has moved on to findings and recommendations")
    expect(heading(page)).to_have_text("Findings and recommendations")
    submit_box = page.get_by_role("heading", name="Before you can submit for approval")
    expect(submit_box).to_be_visible()
    expect(page.get_by_text("the reviewer's final report")).to_be_visible()


def add_findings(journey: Journey) -> None:
    page = journey.page
    click(journey, "button", "Add a finding")
    group(page, "Kind of finding").get_by_label("Good practice (what worked well)").check()
    page.get_by_label("Title").fill("The strategy discussion was held quickly")
    page.get_by_label("The finding").fill(
        "Police and health met within a day of the ED attendance."
    )
    group(page, "Agencies concerned").get_by_label(POLICE).check()
    entries = group(page, "Chronology entries this finding draws on")
    entries.get_by_label(re.compile(r"^3 March 2026 – Isle of Man Constabulary")).check()
    click(journey, "button", "Add finding")
    success(page, "Finding added: The strategy discussion was held quickly")

    click(journey, "button", "Add a finding")
    group(page, "Kind of finding").get_by_label("Learning (what needs to change)").check()
    page.get_by_label("Title").fill("Information about ED attendances was not shared")
    page.get_by_label("The finding").fill(
        "The ED did not tell the police about an earlier attendance."
    )
    group(page, "Themes").get_by_label("Information sharing", exact=True).check()
    group(page, "Agencies concerned").get_by_label(HEALTH).check()
    click(journey, "button", "Add finding")
    success(page, "Finding added: Information about ED attendances was not shared")
    learning = page.get_by_role("heading", name="Information about ED attendances was not shared")
    expect(learning).to_be_visible()


def add_recommendation(journey: Journey) -> None:
    page = journey.page
    click(journey, "button", "Add a recommendation")
    expect(heading(page)).to_have_text("Add a recommendation")
    click(journey, "button", "Add recommendation")  # empty: the SMART check is required
    for message in (
        "Enter the recommendation",
        "Enter the specific outcome",
        "Enter the timescale",
    ):
        expect(page.get_by_role("link", name=message)).to_be_visible()
    page.get_by_label("Recommendation", exact=True).fill(
        "Noble's Hospital should tell the police of every ED attendance of a child with bruising."
    )
    group(page, "Addressed to these agencies").get_by_label(HEALTH).check()
    findings = group(page, "Findings it responds to")
    findings.get_by_label("Information about ED attendances was not shared").check()
    page.get_by_label("Specific outcome").fill("The police hear of every such attendance")
    page.get_by_label("Measure").fill("A monthly audit of 20 ED records")
    page.get_by_label("Owner").fill("Named nurse for safeguarding")
    page.get_by_label("Timescale").fill("By March 2027")
    click(journey, "button", "Add recommendation")
    success(page, "Recommendation 1 added")
    card = (
        page.get_by_role("main").locator(".govuk-summary-card").filter(has_text="Recommendation 1")
    )
    expect(card).to_contain_text("Named nurse for safeguarding")
    expect(card).to_contain_text("Response due")


def add_final_report_and_submit(journey: Journey) -> None:
    page = journey.page
    click(journey, "link", "The report and its versions")
    expect(heading(page)).to_have_text("The report")
    group(page, "Kind of version").get_by_label("Reviewer's final report").check()
    page.get_by_label("Or write the report here").fill(
        "Child J: the final report.\n\nWhat happened, what was learned, what must change."
    )
    click(journey, "button", "Add version")
    success(page, "Version 1 added")
    expect(page.get_by_role("cell", name="Reviewer's final report")).to_be_visible()
    click(journey, "link", "Findings and recommendations")
    expect(page.get_by_role("heading", name="Before you can submit for approval")).to_have_count(0)
    click(journey, "button", "Submit for approval")
    success(page, "Submitted for approval. The SCMR Panel will be asked to sign it off")
    expect(page.get_by_role("button", name="Submit for approval")).to_have_count(0)
    # Findings are closed once submitted; recommendations can still be added until approval.
    expect(page.get_by_role("button", name="Add a finding")).to_have_count(0)
    expect(page.get_by_role("button", name="Add a recommendation")).to_be_visible()


def respond(journey: Journey, reference: str) -> None:
    page = journey.page
    journey.goto("/dashboard/")
    click(journey, "link", f"Respond to recommendation 1 of {reference}")
    expect(heading(page)).to_have_text("Respond to recommendation 1")
    expect(page.get_by_text("A monthly audit of 20 ED records")).to_be_visible()
    group(page, "Your agency's response").get_by_label("Accepted", exact=True).check()
    page.get_by_label("Reasons", exact=True).fill(
        "The ED will phone the police safeguarding hub the same day."
    )
    click(journey, "button", "Record response")
    success(page, "Your response to recommendation 1 is recorded")
    stage(page, "Awaiting approval")
    ours = table_after(page, "Recommendations to Noble's Hospital")
    expect(ours.get_by_role("cell", name="Accepted", exact=True)).to_be_visible()
    click(journey, "link", "Change your response to recommendation 1")
    expect(
        group(page, "Your agency's response").get_by_label("Accepted", exact=True)
    ).to_be_checked()


def sign_off(journey: Journey, reference: str) -> None:
    page = journey.page
    journey.goto("/dashboard/")
    click(journey, "link", "Awaiting Panel sign-off: 1")
    click(journey, "link", reference)
    next_step(journey, "Sign off the report")
    expect(heading(page)).to_have_text("Sign off the report for the SCMR Panel")
    expect(
        page.get_by_role("link", name=re.compile("final report \\(version 1\\)"))
    ).to_be_visible()
    click(journey, "link", "All findings and recommendations")
    expect(page.get_by_text("Accepted", exact=True)).to_be_visible()
    page.go_back()
    journey.check_page()
    click(journey, "button", "Sign off")
    success(page, "The Panel has signed the report off")


def approve(journey: Journey, reference: str) -> None:
    page = journey.page
    journey.goto("/dashboard/")
    click(journey, "link", "Awaiting Board approval: 1")
    click(journey, "link", reference)
    next_step(journey, "Approve the report")
    expect(heading(page)).to_have_text("Approve the report for the Board")
    expect(page.get_by_text("The SCMR Panel signed the report off on")).to_be_visible()
    click(journey, "button", "Approve")  # no publication decision yet
    expect(page.get_by_role("link", name="Choose how the report will be published")).to_be_visible()
    group(page, "Publication decision").get_by_label("Publish in full").check()
    # Some agency requests were never answered: the page says so and asks why.
    expect(page.get_by_text(re.compile(r"still outstanding"))).to_be_visible()
    click(journey, "button", "Approve")
    expect(
        page.get_by_role("link", name=re.compile(r"agency request\(s\) are still outstanding"))
    ).to_be_visible()
    page.get_by_label("Why the Board approves without the outstanding agency requests").fill(
        "The health chronology was covered at the learning event."
    )
    click(journey, "button", "Approve")
    success(page, "The Board has approved the report")
    stage(page, "Approved")


def check_the_record(journey: Journey, reference: str) -> None:
    page = journey.page
    open_review(journey, reference)
    stage(page, "Approved")
    timeline = table_after(page, "Timeline")
    changes = [
        "Referral received",
        "Referral received to Screening",
        "Screening to Awaiting Panel decision",
        "Awaiting Panel decision to Commissioning",
        "Commissioning to Gathering information",
        "Gathering information to Findings and recommendations",
        "Findings and recommendations to Awaiting approval",
        "Awaiting approval to Approved",
    ]
    for change in changes:
        expect(timeline.get_by_role("cell", name=change, exact=True)).to_have_count(1)
    expect(timeline.get_by_role("row")).to_have_count(len(changes) + 1)
    approval = page.get_by_role("heading", name="Sign-off and approval").locator(
        "xpath=following-sibling::dl[1]"
    )
    expect(approval).to_contain_text("by Pat Panel")
    expect(approval).to_contain_text("by Bo Board")
    expect(approval).to_contain_text("Publish in full")


# The journey ----------------------------------------------------------------------------------


def test_a_referral_goes_through_every_stage_to_approval(
    open_browser_for,
    tmp_path,
    business_unit_officer,
    panel_chair,
    board_member,
    reviewer,
    police_lead,
    health_lead,
):
    Theme.objects.get_or_create(name="Information sharing")

    # 1. Referral: the police lead refers the case (and sees the empty form's errors first).
    police = open_browser_for(police_lead)
    reference = refer(police)

    # 2-4. Screening: summaries asked for, sent by each agency, then the screening recorded.
    business_unit = open_browser_for(business_unit_officer)
    request_summaries(business_unit, reference)
    submit_summary(police, POLICE, "Strategy discussion held on 3 March; arrest on 5 March.")
    health = open_browser_for(health_lead)
    submit_summary(health, HEALTH, "Child J attended ED on 28 February with bruising.")
    screen(business_unit, reference)

    # 5. The Panel decides on an SCMR.
    panel = open_browser_for(panel_chair)
    decide(panel, reference)

    # 6. Commissioning: the gaps, the terms of reference, the reviewer.
    reviewer_label = f"{reviewer.full_name} ({reviewer.agency.name})"
    commission(business_unit, reference, reviewer_label, panel_chair.full_name)

    # 7. Gathering and analysis: chronologies asked for and sent, imported and read together;
    # a learning event, contact with the family, findings, a recommendation, the final report.
    police_file, health_file = tmp_path / "police.csv", tmp_path / "health.csv"
    police_file.write_text(POLICE_CHRONOLOGY, encoding="utf-8")
    health_file.write_text(HEALTH_CHRONOLOGY, encoding="utf-8")
    request_chronologies(business_unit)
    submit_chronology(police, POLICE, police_file)
    the_reviewer = open_browser_for(reviewer)
    gather_and_analyse(the_reviewer, reference, police_file, health_file)
    add_findings(the_reviewer)
    add_recommendation(the_reviewer)
    add_final_report_and_submit(the_reviewer)

    # 8-10. The addressed agency responds; the Panel signs off; the Board approves.
    respond(health, reference)
    sign_off(panel, reference)
    board = open_browser_for(board_member)
    approve(board, reference)

    # 11. The record is complete, and the register stays closed to an agency lead.
    check_the_record(business_unit, reference)
    police.goto(urlparse(business_unit.page.url).path + "register/")
    expect(police.page).to_have_title(re.compile("^You cannot see this page"))
    expect(heading(police.page)).to_have_text("You cannot see this page")

    people = (police, business_unit, health, panel, the_reviewer, board)
    assert all(not journey.csp_violations for journey in people)
    assert sum(len(journey.checked) for journey in people) > 80  # every page was checked by axe
