"""A reviewer uploads the final report as a Word document with headings, a list and a table; it
is anonymised, approved by a second person and published, and the public page and its PDF keep
the report's structure (issue #13 item 3). axe-core checks every page."""

import io
import re
from datetime import date

import docx
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from manx_learning.accounts.models import Agency, User
from manx_learning.lib.anonymiser.pdf_structure import pdf_structured_text
from manx_learning.publishing.tests.factories import approve
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.tests.factories import commission
from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)


def _people() -> dict[str, User]:
    names = ["police.lead", "panel", "business", "reviewer", "board"]
    return {name: User.objects.get(email=f"{name}@demo.test") for name in names}


def _review_in_analysis(people):
    """A review at analysis, with its register, on the demo board."""
    agencies = list(Agency.objects.order_by("name")[:2])
    review = reviews_services.review_refer(
        by=people["police.lead"],
        title="Child S",
        referral_date=date(2026, 3, 2),
        referrer_name="DI Kelly",
        referral_source="Police rapid review",
        harm="seriously_harmed",
        abuse_neglect="suspected",
        concern="Information was not shared with children's services.",
        agencies=agencies,
        subjects=[{"pseudonym": "Child S", "age_band": "5_9", "category": "child"}],
        parallel=[],
        incident_date=date(2026, 2, 14),
    )
    reviews_services.decision_record(
        review=review,
        by=people["panel"],
        outcome="scmr",
        rationale="Criteria met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    commission(review, people["business"], people["reviewer"])
    add = {"review": review, "by": people["reviewer"]}
    reviews_services.analysis_start(**add)
    reviews_services.register_person_add(**add, pseudonym="Child S", names=["Ellie Kewley"])
    reviews_services.register_identifier_add(
        **add, replacement="[school]", values=["Ballakermeen High School"]
    )
    reviews_services.finding_add(
        **add,
        kind="good_practice",
        title="The school nurse persisted",
        text="She followed up every missed appointment.",
        themes=[],
        agencies=agencies[:1],
    )
    return review


def _word_report(path):
    document = docx.Document()
    document.add_heading("Background", 1)
    document.add_paragraph("Ellie Kewley lived with her father and attended a local school.")
    document.add_heading("What the agencies knew", 2)
    document.add_paragraph("The police knew of two incidents at home", style="List Bullet")
    document.add_paragraph("The school knew she was often absent", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Agency", "Contacts in the year"
    table.cell(1, 0).text, table.cell(1, 1).text = "Ballakermeen High School", "12"
    document.add_heading("Recommendations", 1)
    document.add_paragraph("Share attendance concerns with the MASH", style="List Number")
    document.add_paragraph("Review the plan when the family moves", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_word_report_is_published_with_its_headings_lists_and_table(
    demo, sign_in, live_server, tmp_path
):
    people = _people()
    review = _review_in_analysis(people)

    reviewer = sign_in("reviewer@demo.test")
    page = reviewer.page
    reviewer.goto(f"/reviews/{review.code}/report/")
    page.get_by_label("Final").check()
    page.get_by_label("Upload the report").set_input_files(_word_report(tmp_path / "final.docx"))
    reviewer.click("button", "Add version")
    reviewer.check_page()

    reviews_services.review_submit_for_approval(
        review=review, by=people["reviewer"], submitted_on=date(2026, 8, 28)
    )
    approve(review, people["panel"], people["board"])

    reviewer.goto(f"/reviews/{review.code}/")
    page.get_by_role("link", name="Anonymise and publish").click()
    reviewer.check_page()
    reviewer.click("button", re.compile(r"Run the anonymiser"))
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    reviewer.click("link", "Check the anonymised report")
    # The reviewer checks the text as the anonymiser read it: "#" before each heading.
    expect(page.get_by_role("main")).to_contain_text("# Background")
    for choice in page.get_by_role("radio", name="Replace").all():
        choice.check()
    if page.get_by_role("button", name="Save decisions").count():
        reviewer.click("button", "Save decisions")
    run_path = page.url.replace(live_server.url, "").rstrip("/")

    business = sign_in("business@demo.test")
    business.goto(run_path + "/")
    business.click("button", "Approve the anonymisation")
    business.goto(run_path + "/publish/")
    business.check_page()
    preview = business.page.locator(".app-preview")
    expect(preview.get_by_role("heading", level=2, name="Background")).to_be_visible()
    expect(preview.get_by_role("table")).to_contain_text("[school]")
    business.page.get_by_label("Title").fill("Child S: learning about school absence")
    business.page.get_by_label("Summary").fill("Agencies each knew part of the picture.")
    business.page.get_by_label("Children and young people").check()
    business.click("button", "Publish")
    expect(business.page).to_have_url(re.compile(r"/learning/[\w-]+/$"))

    visitor = Journey(business.page.context.browser.new_page(), live_server.url)
    visitor.goto(business.page.url.replace(live_server.url, ""))
    main = visitor.page.get_by_role("main")
    expect(main.get_by_role("heading", level=2, name="Background")).to_be_visible()
    expect(main.get_by_role("heading", level=3, name="What the agencies knew")).to_be_visible()
    expect(main.get_by_role("heading", level=2, name="Recommendations")).to_be_visible()
    bullets = main.locator("ul.govuk-list--bullet").filter(has_text="two incidents")
    expect(bullets.get_by_role("listitem")).to_have_count(2)
    expect(main.locator("ol.govuk-list--number").get_by_role("listitem")).to_have_count(2)
    table = main.get_by_role("table")
    expect(table.get_by_role("columnheader", name="Contacts in the year")).to_be_visible()
    expect(table.get_by_role("cell", name="[school]")).to_be_visible()
    expect(main).not_to_contain_text("Ellie")
    expect(main).not_to_contain_text("Ballakermeen")

    with visitor.page.expect_download() as download:
        visitor.page.get_by_role("link", name=re.compile("Download the PDF")).click()
    structured = pdf_structured_text(download.value.path())
    assert "## Background" in structured and "## Recommendations" in structured
    assert "- The police knew of two incidents at home\n- The school knew" in structured
    assert "1. Share attendance concerns with the MASH\n2. Review the plan" in structured
    assert "| [school] | 12 |" in structured
    assert "Ellie" not in structured
    visitor.page.close()
