"""A recommendation from the demo SCMR gets an action; the police lead updates it with evidence;
a Panel member assures it; the register and RAG follow each step; another agency's lead can
neither see nor change it. axe-core checks every page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_action_is_planned_evidenced_and_assured(demo, sign_in, tmp_path):
    from manx_learning.actions.models import Recommendation

    recommendation = Recommendation.objects.get(review__title="Child M (demo)", number=2)

    police = sign_in("police.lead@demo.test")
    page = police.page
    police.goto(f"/recommendations/{recommendation.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 2")
    police.click("button", "Add an action")
    police.click("button", "Add action")  # empty form: errors, checked by axe
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_label("What will be done").fill("Staff reminded of the exploitation procedure")
    page.get_by_label("Agency that owns the action").select_option(label="Isle of Man Constabulary")
    page.get_by_label("Lead person's name and role").fill("DI Huw Cregeen, Public Protection Unit")
    page.get_by_label("Due date").fill("31/3/2027")
    page.get_by_label("Expected outcome").fill("Officers recognise exploitation and refer it")
    page.get_by_label("A planned re-audit or retest").check()
    page.get_by_label("The measure").fill("Re-audit of 20 missing episodes in six months")
    police.click("button", "Add action")
    # A tick-box action: the service asks for the practice change and its measure.
    expect(page.get_by_text("rarely changes practice on its own").first).to_be_visible()
    page.get_by_label("The change in practice you expect").fill(
        "Officers complete an exploitation screening tool at every missing episode"
    )
    police.click("button", "Add action")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Staff reminded")
    action_url = page.url

    page.get_by_label("In progress").check()
    page.get_by_label("Progress note").fill("Screening tool added to the missing-person form")
    police.click("button", "Save update")
    police.click("link", "Add evidence")
    page.get_by_label("Audit result").check()
    page.get_by_label("What the evidence shows").fill("Dip sample: 18 of 20 screened")
    evidence = tmp_path / "dip-sample.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Upload a file").set_input_files(str(evidence))
    police.click("button", "Add evidence")
    page.get_by_label("Completed (awaiting assurance)").check()
    page.get_by_label("Progress note").fill("Tool in use since January")
    police.click("button", "Save update")
    expect(page.get_by_text("Completed (awaiting assurance)").first).to_be_visible()

    health = sign_in("health.lead@demo.test")
    health.page.goto(action_url)
    health.check_page()
    # another agency's action: told nothing of it, as if it did not exist (404)
    expect(health.page.get_by_role("heading", level=1)).to_have_text("Page not found")

    panel = sign_in("panel@demo.test")
    panel.goto("/panel/pack/")
    expect(
        panel.page.get_by_text("Staff reminded of the exploitation procedure").first
    ).to_be_visible()
    panel.page.goto(action_url)
    panel.check_page()
    panel.page.get_by_label("Assurance note (optional)").fill("Dip sample shows the change")
    panel.click("button", "Assure")
    expect(panel.page.get_by_text("Assured").first).to_be_visible()

    business = sign_in("business@demo.test")
    business.goto(f"/recommendations/{recommendation.code}/")
    expect(business.page.get_by_text("Done").first).to_be_visible()
    business.goto("/actions/")
    expect(business.page.get_by_role("heading", level=1)).to_be_visible()
