"""A reviewer uploads the final report as a Word document with headings, a list and a table; it
is anonymised, approved by a second person and published, and the public page and its PDF keep
the report's structure (issue #13 item 3). axe-core checks every page."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from manx_learning.accounts.models import Agency, User
from manx_learning.lib.anonymiser.pdf_structure import pdf_structured_text
from manx_learning.publishing.tests.factories import (
    approve,
    review_in_analysis,
    structured_report_docx,
)
from manx_learning.reviews import services as reviews_services
from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)


def _people() -> dict[str, User]:
    names = ["police.lead", "panel", "business", "reviewer", "board"]
    return {name: User.objects.get(email=f"{name}@demo.test") for name in names}


def test_a_word_report_is_published_with_its_headings_lists_and_table(
    demo, sign_in, live_server, tmp_path
):
    people = _people()
    review = review_in_analysis(
        referrer=people["police.lead"],
        agencies=list(Agency.objects.order_by("name")[:2]),
        panel_chair=people["panel"],
        officer=people["business"],
        reviewer=people["reviewer"],
        child="Child S",
        names=["Ellie Kewley"],
        school="Ballakermeen High School",
    )

    reviewer = sign_in("reviewer@demo.test")
    page = reviewer.page
    reviewer.goto(f"/reviews/{review.code}/report/")
    page.get_by_label("Final").check()
    report = tmp_path / "final.docx"
    report.write_bytes(structured_report_docx("Ellie Kewley", "Ballakermeen High School"))
    page.get_by_label("Upload the report").set_input_files(report)
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
    expect(table.get_by_role("columnheader", name="Contacts")).to_be_visible()
    expect(table.get_by_role("cell", name="[school]")).to_be_visible()
    expect(main).not_to_contain_text("Ellie")
    expect(main).not_to_contain_text("Ballakermeen")

    with visitor.page.expect_download() as download:
        visitor.page.get_by_role("link", name=re.compile("Download the PDF")).click()
    structured = pdf_structured_text(download.value.path())
    assert "## Background" in structured and "## Recommendations" in structured
    assert "- The police knew of two incidents\n- The school knew" in structured
    assert "1. Share attendance concerns with the MASH\n2. Review the plan" in structured
    assert "| [school] | 12 |" in structured
    assert "Ellie" not in structured
    visitor.page.close()
