"""Chronology limits (issue 12): a file that would take a review past CHRONOLOGY_MAX_ROWS is
refused with its count and nothing stored; a PDF past PDF_MAX_ENTRIES is refused; big imports and
exports run in the task worker, with progress and the download on a job page only their owner
can open."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from manx_learning.core.jobs import Work, jobs_expire, stored_path
from manx_learning.core.models import AuditEvent, Job, JobStatus
from manx_learning.reviews.models import ChronologyEntry

HEADER = "date,time,agency,source,event,practitioner\r\n"
POLICE_ROWS = [
    "03/02/2025,10:00,Isle of Man Constabulary,Niche,Strategy discussion held about Child J,DS Kelly",
    "14/02/2025,,Isle of Man Constabulary,Niche,Child J reported missing overnight,PC Quine",
    '20/02/2025,09:15,Isle of Man Constabulary,Niche,=HYPERLINK("x") welfare check,PC Quine',
]
HEALTH_ROWS = [
    "03/02/2025,10:30,Noble's Hospital,EPR,Named nurse attended the strategy meeting for Child J,RN",
    "03/02/2025,15:00,Noble's Hospital,EPR,Child J seen in ED with a cut hand,ED nurse",
]


def _csv(rows):
    return (HEADER + "".join(f"{row}\r\n" for row in rows)).encode()


def _upload(client, review, agency, name, content):
    return client.post(
        f"/reviews/{review.code}/chronology/import/",
        {"agency": agency.pk, "file": SimpleUploadedFile(name, content)},
    )


def _job_path(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    assert re.fullmatch(r"/jobs/[0-9a-f-]{36}/", response["Location"]), response["Location"]
    return response["Location"]


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def signed_in(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def filled(signed_in, gathering_review, police, health):
    """Five entries from two agencies, imported in the request."""
    for agency, name, rows in (
        (police, "police.csv", POLICE_ROWS),
        (health, "health.csv", HEALTH_ROWS),
    ):
        assert _upload(signed_in, gathering_review, agency, name, _csv(rows)).status_code == 302
    return gathering_review


# Refusals ---------------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_with_its_count_and_nothing_is_stored(
    settings, signed_in, gathering_review, police
):
    settings.CHRONOLOGY_MAX_ROWS = 2
    response = _upload(signed_in, gathering_review, police, "police.csv", _csv(POLICE_ROWS))
    assert response.status_code == 200
    assert (
        "This file has 3 rows; a chronology holds at most 2 (CHRONOLOGY_MAX_ROWS). "
        "Split it by agency or period."
    ) in response.content.decode()
    assert not ChronologyEntry.objects.exists()
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(verb="chronology.imported").exists()
    assert "A chronology holds at most 2 entries, counting every file" in response.content.decode()


def test_the_limit_is_checked_before_the_rows_are_read(
    settings, signed_in, gathering_review, police
):
    settings.CHRONOLOGY_MAX_ROWS = 2
    bad = [*POLICE_ROWS, "31/02/2025,,Isle of Man Constabulary,Niche,No such day,PC Quine"]
    html = _upload(signed_in, gathering_review, police, "police.csv", _csv(bad)).content.decode()
    assert "This file has 4 rows; a chronology holds at most 2" in html
    assert "is not a real date" not in html  # refused before any row was parsed


def test_a_workbook_is_counted_only_until_it_passes_the_limit(
    settings, signed_in, gathering_review, health
):
    settings.CHRONOLOGY_MAX_ROWS = 2
    book = openpyxl.Workbook()
    book.active.append(["Date", "Agency", "Source", "Event"])
    for day in range(1, 6):
        book.active.append([f"0{day}/02/2025", "Noble's Hospital", "EPR", "Seen in ED"])
    buffer = io.BytesIO()
    book.save(buffer)
    html = _upload(signed_in, gathering_review, health, "health.xlsx", buffer.getvalue()).content
    assert (
        "This file has more than 2 rows; a chronology holds at most 2 (CHRONOLOGY_MAX_ROWS)."
    ) in html.decode()
    assert not ChronologyEntry.objects.exists()


def test_the_limit_counts_the_entries_the_review_already_holds(
    settings, signed_in, gathering_review, police, health
):
    settings.CHRONOLOGY_MAX_ROWS = 4
    assert (
        _upload(signed_in, gathering_review, police, "police.csv", _csv(POLICE_ROWS)).status_code
        == 302
    )
    html = _upload(
        signed_in, gathering_review, health, "health.csv", _csv(HEALTH_ROWS)
    ).content.decode()
    assert (
        "This file has 2 rows and the chronology already holds 3 other entries; a chronology "
        "holds at most 4 (CHRONOLOGY_MAX_ROWS)."
    ) in html
    assert ChronologyEntry.objects.count() == 3
    # A corrected copy of the same file replaces the earlier one, so its rows do not count twice.
    again = _upload(
        signed_in, gathering_review, police, "police.csv", _csv([*POLICE_ROWS, POLICE_ROWS[0]])
    )
    assert again.status_code == 302
    assert ChronologyEntry.objects.count() == 4


def test_a_pdf_over_its_limit_is_refused_and_the_page_says_what_to_do(
    settings, signed_in, filled, police
):
    settings.PDF_MAX_ENTRIES = 4
    response = signed_in.get(f"/reviews/{filled.code}/chronology/export.pdf", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/reviews/{filled.code}/chronology/"
    assert (
        "This chronology has 5 entries with these filters; a PDF holds at most 4 "
        "(PDF_MAX_ENTRIES). Filter it by agency or dates, or download it as Excel."
    ) in html
    assert not Job.objects.exists()
    filtered = signed_in.get(f"/reviews/{filled.code}/chronology/export.pdf", {"agency": police.pk})
    assert filtered.content.startswith(b"%PDF-")  # three entries: made in the request


# The job page -----------------------------------------------------------------------------------


def test_a_big_import_waits_for_the_worker_and_its_page_shows_progress(
    settings, signed_in, gathering_review, police
):
    settings.CHRONOLOGY_INLINE_IMPORT_ROWS = 2
    page = _job_path(_upload(signed_in, gathering_review, police, "police.csv", _csv(POLICE_ROWS)))
    assert not ChronologyEntry.objects.exists()
    html = signed_in.get(page).content.decode()
    assert 'role="status"' in html
    assert "Waiting for the worker to start. 3 rows to do." in html
    assert 'data-job-poll="3000"' in html  # assets/js/app.mjs asks again every 3 s
    assert "Check progress again" in html  # and without JavaScript, a link does

    job = Job.objects.get()
    job.status = JobStatus.RUNNING
    job.save()
    Work(job).progress(2, message="Reading the rows.")
    html = signed_in.get(page).content.decode()
    assert "2 of 3 rows done (66%). Reading the rows." in html
    assert '<progress class="app-job-progress" max="3" value="2"' in html


# Owner only -------------------------------------------------------------------------------------


def test_only_the_owner_may_see_a_job_and_only_while_they_work_on_the_review(
    settings, client, signed_in, gathering_review, police, business_unit_officer, reviewer
):
    settings.CHRONOLOGY_INLINE_IMPORT_ROWS = 2
    page = _job_path(_upload(signed_in, gathering_review, police, "police.csv", _csv(POLICE_ROWS)))
    assert signed_in.get(page).status_code == 200
    client.force_login(business_unit_officer)  # may import into the review, but did not start it
    assert client.get(page).status_code == 404
    assert client.get(page + "download").status_code == 404
    client.force_login(reviewer)
    gathering_review.assignments.filter(reviewer=reviewer).delete()
    assert client.get(page).status_code == 404
    client.logout()
    assert client.get(page).status_code == 302  # to sign in


# The worker path, end to end --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_big_import_is_stored_by_the_worker_and_linked_with_the_rest(
    settings, signed_in, gathering_review, police, health
):
    settings.CHRONOLOGY_INLINE_IMPORT_ROWS = 2
    assert (
        _upload(signed_in, gathering_review, health, "health.csv", _csv(HEALTH_ROWS)).status_code
        == 302
    )
    page = _job_path(_upload(signed_in, gathering_review, police, "police.csv", _csv(POLICE_ROWS)))
    job = Job.objects.get()
    uploaded = stored_path(job.input_file)
    assert uploaded.exists()

    _run_worker()

    html = signed_in.get(page).content.decode()
    assert "Imported 3 entries." in html
    assert 'data-job-poll=""' in html  # finished: the page stops asking
    assert ChronologyEntry.objects.filter(agency=police).count() == 3
    shared = ChronologyEntry.objects.filter(same_event="E1").values_list("source_file", flat=True)
    assert sorted(shared) == ["health.csv", "police.csv"]  # linked across the two files
    assert not uploaded.exists()  # the uploaded copy is deleted once the job ends
    assert AuditEvent.objects.filter(verb="chronology.imported", actor=job.owner).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_big_import_with_bad_rows_stores_nothing_and_lists_each_row_on_the_job_page(
    settings, signed_in, gathering_review, police
):
    settings.CHRONOLOGY_INLINE_IMPORT_ROWS = 2
    rows = [
        *POLICE_ROWS,
        "31/02/2025,,Isle of Man Constabulary,Niche,No such day,PC Quine",
        "01/03/2025,,Isle of Man Constabulary,Niche,,PC Quine",
    ]
    page = _job_path(_upload(signed_in, gathering_review, police, "police.csv", _csv(rows)))

    _run_worker()

    html = signed_in.get(page).content.decode()
    assert "The file has 2 problem(s), listed below. Nothing was imported." in html
    assert "police.csv row 5: date &#x27;31/02/2025&#x27; is not a real date" in html
    assert "police.csv row 6: event is missing" in html
    assert not ChronologyEntry.objects.exists()
    assert Job.objects.get().status == JobStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_the_worker_refuses_an_import_when_the_limit_was_reached_meanwhile(
    settings, signed_in, gathering_review, police, health
):
    settings.CHRONOLOGY_INLINE_IMPORT_ROWS = 2
    settings.CHRONOLOGY_MAX_ROWS = 4
    page = _job_path(_upload(signed_in, gathering_review, police, "police.csv", _csv(POLICE_ROWS)))
    assert (
        _upload(signed_in, gathering_review, health, "health.csv", _csv(HEALTH_ROWS)).status_code
        == 302
    )

    _run_worker()

    html = signed_in.get(page).content.decode()
    assert (
        "already holds 2 other entries; a chronology holds at most 4 (CHRONOLOGY_MAX_ROWS)" in html
    )
    assert ChronologyEntry.objects.filter(agency=police).count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_big_excel_export_is_written_by_the_worker_and_its_download_is_audited(
    settings, client, signed_in, filled, reviewer, business_unit_officer
):
    settings.CHRONOLOGY_INLINE_EXPORT_ROWS = 4
    page = _job_path(signed_in.get(f"/reviews/{filled.code}/chronology/export.xlsx"))
    assert (
        "Waiting for the worker to start. 5 entries to do." in signed_in.get(page).content.decode()
    )

    _run_worker()

    html = signed_in.get(page).content.decode()
    assert "The export of 5 entries is ready." in html
    download = f"{page}download"
    assert f'href="{download}"' in html
    response = signed_in.get(download)
    assert response.status_code == 200
    assert f'filename="{filled.reference}-chronology.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 6
    assert sheet["A1"].value == "Date" and sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    events = [sheet.cell(row, 5).value for row in range(2, 7)]
    assert '\'=HYPERLINK("x") welfare check' in events  # formulas are made safe in the worker too
    downloaded = AuditEvent.objects.get(verb="job.downloaded")
    assert downloaded.actor == reviewer
    assert downloaded.detail["review"] == str(filled.code)

    client.force_login(business_unit_officer)
    assert client.get(download).status_code == 404
    assert AuditEvent.objects.filter(verb="job.downloaded").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_pdf_above_the_inline_size_is_made_by_the_worker(settings, signed_in, filled, police):
    settings.PDF_INLINE_ENTRIES = 2
    page = _job_path(
        signed_in.get(f"/reviews/{filled.code}/chronology/export.pdf", {"agency": police.pk})
    )
    assert Job.objects.get().params["filters"]["agency_id"] == police.pk

    _run_worker()

    assert "The export of 3 entries is ready." in signed_in.get(page).content.decode()
    pdf = b"".join(signed_in.get(f"{page}download").streaming_content)
    assert pdf.startswith(b"%PDF-")


@pytest.mark.django_db(transaction=True)
def test_a_download_expires_and_its_file_is_deleted(settings, signed_in, filled):
    settings.CHRONOLOGY_INLINE_EXPORT_ROWS = 4
    page = _job_path(signed_in.get(f"/reviews/{filled.code}/chronology/export.xlsx"))
    _run_worker()
    job = Job.objects.get()
    result = stored_path(job.result_file)
    assert result.exists()

    assert jobs_expire(now=job.expires_at) == 1

    assert not result.exists()
    assert signed_in.get(f"{page}download").status_code == 404
    assert "The download has expired." in signed_in.get(page).content.decode()
