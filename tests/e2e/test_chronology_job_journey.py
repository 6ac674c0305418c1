"""A reviewer imports a chronology big enough to go to the task worker: the job page shows it
waiting, the page's status region updates itself (assets/js/app.mjs) once the worker has stored
the rows, and the reviewer goes on to the chronology. axe-core checks every page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from manx_learning.reviews.models import ChronologyEntry
from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "date,time,agency,source,event,practitioner\n"
    "03/02/2025,10:00,Isle of Man Constabulary,Niche,Strategy discussion about Child J,DS Kelly\n"
    "14/02/2025,,Isle of Man Constabulary,Niche,Child J reported missing overnight,PC Quine\n"
    "20/02/2025,09:15,Isle of Man Constabulary,Niche,Welfare check at the family home,PC Quine\n"
)


def test_a_big_import_shows_its_progress_and_the_page_updates_when_the_worker_finishes(
    journey: Journey, gathering, reviewer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHRONOLOGY_INLINE_IMPORT_ROWS = 2
    police_file = tmp_path / "police.csv"
    police_file.write_text(CSV)
    page = journey.page
    journey.sign_in(reviewer.email)
    journey.goto(f"/reviews/{gathering.code}/chronology/import/")
    page.get_by_label("Which agency's chronology is this?").select_option(
        label="Isle of Man Constabulary"
    )
    page.get_by_label("Chronology file").set_input_files(police_file)
    journey.click("button", "Import")

    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    status = page.get_by_role("status")
    expect(status).to_contain_text("Waiting for the worker to start. 3 rows to do.")
    assert not ChronologyEntry.objects.exists()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    expect(status).to_contain_text("Imported 3 entries.", timeout=15_000)  # no reload needed
    journey.check_page()
    journey.click("link", "Go to the chronology")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Integrated chronology")
    assert ChronologyEntry.objects.count() == 3
