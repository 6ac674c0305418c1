"""Importing agency chronologies into a review, reading them together, and exporting them."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from manx_learning.core.models import AuditEvent
from manx_learning.reviews.models import ChronologyEntry

POLICE_CSV = (
    "date,time,agency,source,event,practitioner\r\n"
    "03/02/2025,10:00,Isle of Man Constabulary,Niche,Strategy discussion held with CSC and health about Child J,DS Kelly\r\n"
    "14/02/2025,,Isle of Man Constabulary,Niche,Child J reported missing overnight,PC Quine\r\n"
)


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Time", "Agency", "Source", "Event", "Practitioner"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, review, agency, name, content):
    file = SimpleUploadedFile(name, content)
    return client.post(
        f"/reviews/{review.code}/chronology/import/", {"agency": agency.pk, "file": file}
    )


@pytest.fixture
def imported(client, gathering_review, reviewer, police, health):
    from datetime import datetime

    client.force_login(reviewer)
    assert (
        _upload(client, gathering_review, police, "police.csv", POLICE_CSV.encode()).status_code
        == 302
    )
    health_rows = [
        [
            datetime(2025, 2, 3, 10, 30),
            None,
            "Noble's Hospital",
            "EPR",
            "Named nurse attended the strategy meeting for Child J",
            "Named nurse",
        ],
        [
            datetime(2025, 2, 3, 15, 0),
            None,
            "Noble's Hospital",
            "EPR",
            "Child J seen in ED with a cut hand",
            "ED nurse",
        ],
    ]
    assert (
        _upload(client, gathering_review, health, "health.xlsx", _xlsx(health_rows)).status_code
        == 302
    )
    return gathering_review


def test_agency_files_merge_into_one_chronology_with_shared_events(imported):
    entries = list(
        ChronologyEntry.objects.filter(review=imported).order_by("occurred_on", "occurred_at")
    )
    assert [e.source_file for e in entries] == [
        "police.csv",
        "health.xlsx",
        "health.xlsx",
        "police.csv",
    ]
    strategy_police, strategy_health, emergency, missing = entries
    assert strategy_police.same_event and strategy_police.same_event == strategy_health.same_event
    assert emergency.same_event == "" and missing.same_event == ""
    assert (strategy_police.source_row, strategy_health.source_row) == (2, 2)
    assert AuditEvent.objects.filter(verb="chronology.imported").count() == 2


def test_the_integrated_view_shows_the_shared_event_side_by_side(client, imported):
    html = client.get(f"/reviews/{imported.code}/chronology/").content.decode()
    assert "recorded by 2 agencies" in html
    assert "Named nurse attended the strategy meeting" in html
    assert AuditEvent.objects.filter(verb="chronology.viewed").exists()


def test_a_file_with_bad_rows_is_refused_whole_with_row_numbers(
    client, gathering_review, reviewer, police
):
    client.force_login(reviewer)
    bad = "date,time,agency,source,event,practitioner\n31/02/2025,,IMC,Niche,Visit,\n01/03/2025,,IMC,Niche,,\n"
    response = _upload(client, gathering_review, police, "bad.csv", bad.encode())
    html = response.content.decode()
    assert response.status_code == 200
    assert "bad.csv row 2" in html and "bad.csv row 3" in html
    assert "Nothing was imported" in html
    assert not ChronologyEntry.objects.exists()


def test_importing_the_same_file_again_replaces_it(client, imported, police):
    again = (
        "date,time,agency,source,event,practitioner\n05/02/2025,,IMC,Niche,Home visit,PC Quine\n"
    )
    _upload(client, imported, police, "police.csv", again.encode())
    police_rows = ChronologyEntry.objects.filter(review=imported, agency=police)
    assert list(police_rows.values_list("event", flat=True)) == ["Home visit"]


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, gathering_review, reviewer, police):
    client.force_login(reviewer)
    html = _upload(
        client, gathering_review, police, "x.csv", b"%PDF-1.4 not a csv"
    ).content.decode()
    assert "must be a CSV file or Excel workbook" in html


def test_exports_are_safe_spreadsheets_and_real_pdfs(client, imported, police):
    ChronologyEntry.objects.filter(review=imported).update(practitioner="=cmd|' /C calc'!A0")
    response = client.get(f"/reviews/{imported.code}/chronology/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["F2"].value.startswith("'=")
    assert sheet.max_row == 5
    pdf = client.get(f"/reviews/{imported.code}/chronology/export.pdf")
    assert pdf.content.startswith(b"%PDF-")
    assert AuditEvent.objects.filter(verb="chronology.exported").count() == 2


def test_reviewers_mark_key_episodes_and_filter_by_them(client, imported):
    entry = ChronologyEntry.objects.filter(review=imported).first()
    client.post(
        f"/reviews/{imported.code}/chronology/{entry.code}/",
        {"is_key_episode": "on", "analysis": "A reachable moment"},
    )
    page = client.get(f"/reviews/{imported.code}/chronology/", {"key_only": "on"}).context["page"]
    assert [e.pk for e in page.object_list] == [entry.pk]


def test_gaps_in_contact_are_listed(client, imported):
    html = client.get(f"/reviews/{imported.code}/chronology/", {"gap_days": "30"}).content.decode()
    assert "from the start of the scope period" in html  # 1 Jan to 2 Feb 2025 had no contact
    assert "to the end of the scope period" in html


# The involved agencies' leads see the review but not its chronology (403); people who may not
# see the review at all are told nothing about it (404).
@pytest.mark.parametrize(
    ("persona", "status"),
    [("police_lead", 403), ("health_lead", 403), ("data_officer", 404), ("practitioner", 404)],
)
def test_people_outside_the_review_team_cannot_read_the_chronology(
    client, imported, personas, persona, status
):
    client.force_login(personas[persona])
    assert client.get(f"/reviews/{imported.code}/chronology/").status_code == status
    assert client.get(f"/reviews/{imported.code}/chronology/export.xlsx").status_code == status


# The file's agency column and the chosen agency (issue #13) -----------------------------------


def test_a_police_file_imported_as_the_hospital_is_not_relabelled_silently(
    client, gathering_review, reviewer, police, health
):
    client.force_login(reviewer)
    response = _upload(client, gathering_review, health, "child-m-police.csv", POLICE_CSV.encode())
    page = response.content.decode()
    assert response.status_code == 200
    assert "You chose Noble&#x27;s Hospital, but the file&#x27;s agency column says" in page
    assert "Isle of Man Constabulary&#x27; (2 rows)" in page
    assert 'name="agency_confirmed"' in page  # the person may confirm instead
    assert not ChronologyEntry.objects.exists()

    _upload(client, gathering_review, police, "child-m-police.csv", POLICE_CSV.encode())
    assert set(ChronologyEntry.objects.values_list("agency__agency_code", flat=True)) == {"IMC"}


def test_the_person_may_confirm_the_chosen_agency_and_each_entry_keeps_its_label(
    client, gathering_review, reviewer, health
):
    client.force_login(reviewer)
    file = SimpleUploadedFile("shared.csv", POLICE_CSV.encode())
    client.post(
        f"/reviews/{gathering_review.code}/chronology/import/",
        {"agency": health.pk, "file": file, "agency_confirmed": "on"},
    )
    entries = ChronologyEntry.objects.all()
    assert entries.count() == 2
    assert {(e.agency_id, e.agency_label) for e in entries} == {
        (health.pk, "Isle of Man Constabulary")
    }


def test_an_agency_column_naming_the_agency_its_own_way_is_not_a_mismatch(
    client, gathering_review, reviewer, health
):
    csv = (
        "date,time,agency,source,event,practitioner\r\n"
        "03/02/2025,10:30,Noble's Hospital Emergency Department,EPR,Seen in ED,Dr Kaye\r\n"
        "04/02/2025,,NOBLES,EPR,Follow-up call,\r\n"
    )
    client.force_login(reviewer)
    assert _upload(client, gathering_review, health, "ed.csv", csv.encode()).status_code == 302
    assert ChronologyEntry.objects.count() == 2


def test_a_file_wholly_outside_the_scope_period_is_imported_with_a_warning(
    client, gathering_review, reviewer, police
):
    csv = POLICE_CSV.replace("/2025,", "/2019,")
    client.force_login(reviewer)
    response = _upload(client, gathering_review, police, "old.csv", csv.encode())
    page = client.get(response.url).content.decode()
    assert ChronologyEntry.objects.count() == 2
    assert "Every entry (3 February 2019 to 14 February 2019) falls outside the review" in page
    assert "(1 January 2025 to 31 December 2025)" in page
