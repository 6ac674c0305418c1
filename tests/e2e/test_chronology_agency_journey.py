"""A reviewer imports the police chronology but chooses Noble's Hospital by mistake: the page says
what the file's agency column says and imports nothing; choosing the police imports it, under the
police. axe-core checks every page (issue #13, item 2)."""

import re

import pytest
from playwright.sync_api import expect

from manx_learning.reviews.models import ChronologyEntry
from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "date,time,agency,source,event,practitioner\n"
    "03/02/2026,10:00,Isle of Man Constabulary,Niche,Strategy discussion about Child J,DS Kelly\n"
    "14/02/2026,,Isle of Man Constabulary,Niche,Child J reported missing overnight,PC Quine\n"
)


def test_a_chronology_is_never_relabelled_as_another_agency(
    journey: Journey, gathering, reviewer, police, health, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    police_file = tmp_path / "child-j-police.csv"
    police_file.write_text(CSV)
    page = journey.page
    journey.sign_in(reviewer.email)
    journey.goto(f"/reviews/{gathering.code}/chronology/import/")
    page.get_by_label("Which agency's chronology is this?").select_option(label="Noble's Hospital")
    page.get_by_label("Chronology file").set_input_files(police_file)
    journey.click("button", "Import")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("You chose Noble's Hospital, but the file's agency column says")
    expect(summary).to_contain_text("'Isle of Man Constabulary' (2 rows)")
    expect(page.get_by_label("Yes, this is the chosen agency's chronology")).to_be_visible()
    assert not ChronologyEntry.objects.exists()

    page.get_by_label("Which agency's chronology is this?").select_option(
        label="Isle of Man Constabulary"
    )
    page.get_by_label("Chronology file").set_input_files(police_file)
    journey.click("button", "Import")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Integrated chronology")
    expect(
        page.get_by_role("alert").filter(has_text=re.compile("Imported 2 entries"))
    ).to_be_visible()
    assert set(ChronologyEntry.objects.values_list("agency_id", flat=True)) == {police.pk}
