"""The steps from referral to commissioning, page by page, and the clocks and themes."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from manx_learning.core.models import AuditEvent
from manx_learning.reviews import services
from manx_learning.reviews.models import Clock, Stage, Timescale
from manx_learning.vocabulary.models import Theme


def _url(name, review, *more):
    return reverse(f"reviews:{name}", args=[review.code, *more])


@pytest.fixture
def police_request(referral, business_unit_officer, police, health):
    requests = services.requests_send(
        review=referral, by=business_unit_officer, kind="summary", agencies=[police, health]
    )
    return next(item for item in requests if item.agency == police)


@pytest.fixture
def screened(referral, business_unit_officer):
    services.screening_record(
        review=referral,
        by=business_unit_officer,
        serious_harm=True,
        abuse_or_neglect=True,
        interagency_concern=True,
        recommendation="scmr",
        rationale="All three criteria are met.",
    )
    return referral


@pytest.fixture
def commissioning(screened, panel_chair):
    services.decision_record(
        review=screened,
        by=panel_chair,
        outcome="scmr",
        rationale="Criteria met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    screened.refresh_from_db()
    return screened


def _docx() -> bytes:
    """The same bytes on every call: a fixed timestamp, so a download can be compared with it
    even when the two calls straddle the zip format's two-second clock."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in [
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w:document/>"),
        ]:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


# Subjects and parallel processes --------------------------------------------------------------


def test_the_business_unit_adds_a_subject(client, business_unit_officer, referral):
    client.force_login(business_unit_officer)
    data = {"pseudonym": "Sibling K", "age_band": "5_9", "category": "child"}
    response = client.post(_url("subject-add", referral), data)
    assert response["Location"] == _url("detail", referral)
    assert list(referral.subjects.values_list("pseudonym", flat=True)) == ["Child J", "Sibling K"]


def test_a_subject_needs_a_pseudonym(client, business_unit_officer, referral):
    client.force_login(business_unit_officer)
    response = client.post(_url("subject-add", referral), {"age_band": "5_9"})
    html = response.content.decode()
    assert "Enter a pseudonym for the subject" in html
    assert "Select whether the subject is a child, young person or adult" in html


def test_the_business_unit_adds_a_parallel_process(client, business_unit_officer, referral):
    client.force_login(business_unit_officer)
    response = client.post(_url("parallel-add", referral), {"kind": "inquest", "detail": "Opened"})
    assert response.status_code == 302
    assert referral.parallel_processes.filter(kind="inquest", detail="Opened").exists()


# Requests to agencies -------------------------------------------------------------------------


def test_the_summaries_page_offers_the_reviews_agencies_and_the_clocks_date(
    client, business_unit_officer, referral, police, health
):
    client.force_login(business_unit_officer)
    form = client.get(_url("request-summaries", referral)).context["form"]
    due = services.clock_due(Clock.SUMMARIES, timezone.localdate())
    assert set(form["agencies"].value()) == {police.pk, health.pk}
    assert form["due"].value() == f"{due.day}/{due.month}/{due.year}"
    assert f"{due.day} {due:%B} {due.year}" in form.fields["due"].help_text


def test_requesting_summaries_moves_the_review_to_screening(
    client, business_unit_officer, referral, police
):
    client.force_login(business_unit_officer)
    due = services.clock_due(Clock.SUMMARIES, timezone.localdate())
    data = {"agencies": [police.pk], "due": f"{due.day}/{due.month}/{due.year}"}
    response = client.post(_url("request-summaries", referral), data)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.stage == Stage.SCREENING
    assert list(referral.requests.values_list("agency", "due_date")) == [(police.pk, due)]


def test_a_due_date_in_the_past_is_shown_on_the_due_field(
    client, business_unit_officer, referral, police
):
    client.force_login(business_unit_officer)
    data = {"agencies": [police.pk], "due": "1/1/2020"}
    response = client.post(_url("request-summaries", referral), data)
    assert response.context["form"].errors["due"] == ["The due date must be today or in the future"]


def test_the_police_lead_submits_the_police_summary(client, police_lead, police_request):
    client.force_login(police_lead)
    url = _url("request-submit", police_request.review, police_request.code)
    response = client.post(url, {"text": "Three contacts in 2025."})
    assert response["Location"] == url
    police_request.refresh_from_db()
    assert (police_request.text, police_request.submitted_by) == (
        "Three contacts in 2025.",
        police_lead,
    )
    response = client.get(url)
    html = response.content.decode()
    assert "What was submitted" in html and "Three contacts in 2025." in html
    assert response.context["form"] is None  # submitted once, so no form


def test_the_health_lead_cannot_open_or_submit_the_police_summary(
    client, health_lead, police_request
):
    client.force_login(health_lead)
    url = _url("request-submit", police_request.review, police_request.code)
    assert client.get(url).status_code == 404  # another agency's request: not theirs to know of
    assert client.post(url, {"text": "Not ours"}).status_code == 404
    police_request.refresh_from_db()
    assert not police_request.is_submitted


@pytest.mark.parametrize("persona", ["panel_chair", "reviewer"])
def test_the_panel_and_the_reviewer_see_the_request_but_cannot_answer_it(
    client, personas, police_request, gathering, persona
):
    """They may read the police's request (asked before the review was commissioned), so a POST
    is 403, not 404, and writes nothing."""
    client.force_login(personas[persona])
    url = _url("request-submit", police_request.review, police_request.code)
    assert client.get(url).status_code == 200
    before = AuditEvent.objects.count()
    assert client.post(url, {"text": "Not theirs to give"}).status_code == 403
    police_request.refresh_from_db()
    assert not police_request.is_submitted
    assert AuditEvent.objects.count() == before


def test_an_empty_submission_says_what_to_do(client, police_lead, police_request):
    client.force_login(police_lead)
    url = _url("request-submit", police_request.review, police_request.code)
    response = client.post(url, {"text": ""})
    assert "Enter your agency&#x27;s submission or attach a document" in response.content.decode()


def test_a_document_that_is_not_a_pdf_or_docx_is_refused(client, police_lead, police_request):
    client.force_login(police_lead)
    url = _url("request-submit", police_request.review, police_request.code)
    upload = SimpleUploadedFile("summary.pdf", b"MZ\x90\x00 not really a pdf", "application/pdf")
    response = client.post(url, {"text": "", "document": upload})
    errors = response.context["form"].errors["document"]
    assert errors == ["The selected file must be a Word document (.docx) or PDF"]
    police_request.refresh_from_db()
    assert not police_request.is_submitted


def test_a_docx_is_accepted_and_its_download_is_audited(
    client, police_lead, business_unit_officer, police_request, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(police_lead)
    url = _url("request-submit", police_request.review, police_request.code)
    upload = SimpleUploadedFile("summary.docx", _docx())
    assert client.post(url, {"text": "", "document": upload}).status_code == 302
    client.force_login(business_unit_officer)
    assert AuditEvent.objects.filter(verb="review.request_viewed").count() == 0
    assert "Download the document" in client.get(url).content.decode()
    assert AuditEvent.objects.filter(verb="review.request_viewed").count() == 1
    download = client.get(_url("request-document", police_request.review, police_request.code))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == _docx()
    assert "REF-2026-001-IMC-summary.docx" in download["Content-Disposition"]
    assert AuditEvent.objects.filter(verb="review.document_downloaded").count() == 1


def test_a_document_missing_from_the_store_is_not_found_not_an_error(
    client, police_lead, business_unit_officer, police_request, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(police_lead)
    url = _url("request-submit", police_request.review, police_request.code)
    upload = SimpleUploadedFile("summary.docx", _docx())
    assert client.post(url, {"text": "", "document": upload}).status_code == 302
    police_request.refresh_from_db()
    (tmp_path / police_request.document.name).unlink()  # e.g. restored without its uploads
    client.force_login(business_unit_officer)
    download = client.get(_url("request-document", police_request.review, police_request.code))
    assert download.status_code == 404
    assert "no longer in the store" in download.content.decode()


def test_a_request_without_a_document_has_nothing_to_download(
    client, business_unit_officer, police_request
):
    client.force_login(business_unit_officer)
    url = _url("request-document", police_request.review, police_request.code)
    assert client.get(url).status_code == 404


def test_a_reviewer_not_on_the_review_cannot_download(client, reviewer, police_request):
    client.force_login(reviewer)
    url = _url("request-document", police_request.review, police_request.code)
    assert client.get(url).status_code == 404


# Screening and decision -----------------------------------------------------------------------


def test_screening_shows_the_agency_summaries_first(
    client, business_unit_officer, police_lead, police_request
):
    services.request_submit(request=police_request, by=police_lead, text="Three contacts.")
    client.force_login(business_unit_officer)
    html = client.get(_url("screening", police_request.review)).content.decode()
    assert html.index("Three contacts.") < html.index('name="serious_harm"')
    assert "Not yet submitted" in html  # health has not answered


def test_recording_the_screening_moves_the_review_to_decision(
    client, business_unit_officer, referral
):
    client.force_login(business_unit_officer)
    data = {
        "serious_harm": "yes",
        "abuse_or_neglect": "yes",
        "interagency_concern": "no",
        "recommendation": "other_review",
        "rationale": "Agencies worked well together; learning is still useful.",
    }
    assert client.post(_url("screening", referral), data).status_code == 302
    referral.refresh_from_db()
    assert referral.stage == Stage.DECISION
    assert referral.screening.interagency_concern is False


def test_the_decision_page_shows_the_screening_first(client, panel_chair, screened):
    client.force_login(panel_chair)
    response = client.get(_url("decision", screened))
    html = response.content.decode()
    assert html.index("All three criteria are met.") < html.index('name="outcome"')
    assert response.context["form"]["outcome"].value() == "scmr"
    assert response.context["form"]["decided_by"].value() == "SCMR Panel"


def test_a_decision_without_rationale_shows_the_error(client, panel_chair, screened):
    client.force_login(panel_chair)
    data = {
        "outcome": "scmr",
        "rationale": "",
        "decided_by": "SCMR Panel",
        "decided_on": "20/3/2026",
    }
    response = client.post(_url("decision", screened), data)
    assert "Enter the rationale for the decision" in response.content.decode()
    screened.refresh_from_db()
    assert screened.stage == Stage.DECISION


def test_no_review_needs_the_alternative_learning(client, panel_chair, screened):
    client.force_login(panel_chair)
    data = {
        "outcome": "no_review",
        "rationale": "Single-agency issue.",
        "decided_by": "SCMR Panel",
        "decided_on": "20/3/2026",
    }
    response = client.post(_url("decision", screened), data)
    assert response.context["form"].errors["alternative_learning"] == [
        "Enter how the learning will be captured without a review"
    ]


def test_the_panel_decides_on_another_kind_of_review(client, panel_chair, screened):
    client.force_login(panel_chair)
    data = {
        "outcome": "other_review",
        "review_kind": "learning_review",
        "rationale": "Useful learning; criteria not all met.",
        "decided_by": "SCMR Panel",
        "decided_on": "20/3/2026",
    }
    assert client.post(_url("decision", screened), data).status_code == 302
    screened.refresh_from_db()
    assert (screened.stage, screened.kind) == (Stage.COMMISSIONING, "learning_review")


# Commissioning --------------------------------------------------------------------------------


def test_the_commission_page_lists_the_gaps_and_hides_the_button(
    client, business_unit_officer, commissioning
):
    client.force_login(business_unit_officer)
    html = client.get(_url("commission", commissioning)).content.decode()
    assert "govuk-warning-text" in html
    for gap in ["the scope period", "the key lines of enquiry", "the methodology", "a reviewer"]:
        assert gap in html
    assert "Commission the review</button>" not in html


def test_terms_of_reference_are_saved(client, business_unit_officer, panel_chair, commissioning):
    client.force_login(business_unit_officer)
    data = {
        "scope_start": "1/1/2025",
        "scope_end": "14/2/2026",
        "lines_of_enquiry": "How was information shared?",
        "methodology": "systems",
        "reviewer_independence": "Off-island.",
        "family_involvement": "planned",
        "family_involvement_detail": "The reviewer will meet the family.",
        "parallel_handling": "Police consulted first.",
        "panel_members": [panel_chair.pk],
    }
    assert client.post(_url("terms", commissioning), data).status_code == 302
    commissioning.refresh_from_db()
    assert commissioning.scope_start == date(2025, 1, 1)
    assert commissioning.methodology == "systems"
    assert list(commissioning.panel_members.all()) == [panel_chair]
    form = client.get(_url("terms", commissioning)).context["form"]
    assert form["scope_end"].value() == "14/2/2026"


def test_a_scope_that_ends_before_it_starts_is_refused(
    client, business_unit_officer, commissioning
):
    client.force_login(business_unit_officer)
    data = {"scope_start": "1/1/2026", "scope_end": "1/1/2025"}
    response = client.post(_url("terms", commissioning), data)
    assert response.context["form"].errors["scope_end"] == [
        "The end of the scope period must be after its start"
    ]


def test_terms_cannot_be_saved_before_the_decision(client, business_unit_officer, referral):
    client.force_login(business_unit_officer)
    response = client.post(_url("terms", referral), {"lines_of_enquiry": "Too early"})
    assert "This can only be done while the review is at" in response.content.decode()


def test_a_reviewer_is_assigned_and_the_review_commissioned(
    client, business_unit_officer, reviewer, commissioning
):
    services.terms_save(
        review=commissioning,
        by=business_unit_officer,
        scope_start=date(2025, 1, 1),
        scope_end=date(2026, 2, 14),
        lines_of_enquiry="How was information shared?",
        methodology="systems",
        reviewer_independence="Off-island.",
        family_involvement="planned",
        parallel_handling="Police consulted first.",
    )
    client.force_login(business_unit_officer)
    data = {"reviewer": reviewer.pk, "is_independent": "yes", "note": "No prior work here"}
    assert client.post(_url("reviewer-add", commissioning), data).status_code == 302
    assert commissioning.assignments.get().independence_note == "No prior work here"
    page = client.get(_url("commission", commissioning)).content.decode()
    assert "Commission the review</button>" in page
    response = client.post(_url("commission", commissioning), {"commissioned_on": "1/4/2026"})
    assert response.status_code == 302
    commissioning.refresh_from_db()
    assert commissioning.stage == Stage.GATHERING
    assert commissioning.target_completion_date == date(2026, 10, 1)


def test_only_people_with_the_reviewer_role_can_be_chosen(
    client, business_unit_officer, panel_chair, commissioning
):
    client.force_login(business_unit_officer)
    data = {"reviewer": panel_chair.pk, "is_independent": "yes"}
    response = client.post(_url("reviewer-add", commissioning), data)
    assert "Select a valid choice" in response.content.decode()


# The clocks and the themes --------------------------------------------------------------------


def _timescales(**changes):
    data = {}
    for clock in Clock:
        amount, unit = services.DEFAULT_TIMESCALES[clock]
        data[f"{clock}_amount"], data[f"{clock}_unit"] = str(amount), unit
    return data | changes


def test_the_timescales_page_explains_working_days(client, business_unit_officer):
    client.force_login(business_unit_officer)
    html = client.get(reverse("reviews:timescales")).content.decode()
    assert "Isle of Man bank holidays" in html
    assert html.count("<fieldset") == 5


def test_the_business_unit_changes_a_timescale(client, business_unit_officer):
    client.force_login(business_unit_officer)
    data = _timescales(decision_amount="20", decision_unit="calendar_days")
    response = client.post(reverse("reviews:timescales"), data)
    assert response.status_code == 302
    assert services.timescale(Clock.DECISION) == (20, "calendar_days")
    assert Timescale.objects.count() == 1  # the others did not change
    assert AuditEvent.objects.filter(verb="timescale.changed").count() == 1


def test_a_timescale_must_be_a_positive_whole_number(client, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.post(reverse("reviews:timescales"), _timescales(summaries_amount="0"))
    assert "must be 1 or more" in response.content.decode()
    assert not Timescale.objects.exists()


def test_the_business_unit_adds_a_theme(client, business_unit_officer):
    client.force_login(business_unit_officer)
    data = {"name": "Online harm", "description": "Harm through phones and the internet"}
    response = client.post(reverse("reviews:theme-add"), data)
    assert response["Location"] == reverse("reviews:themes")
    assert Theme.objects.get(name="Online harm").is_active


def test_a_theme_name_that_is_taken_gets_a_clear_error(client, business_unit_officer):
    Theme.objects.get_or_create(name="Neglect")
    client.force_login(business_unit_officer)
    response = client.post(reverse("reviews:theme-add"), {"name": "Neglect"})
    assert response.context["form"].errors["name"] == [
        "There is already a theme called ‘Neglect’. Choose another name"
    ]


def test_a_theme_is_renamed_and_made_inactive(client, business_unit_officer):
    theme = Theme.objects.create(name="Old name")
    client.force_login(business_unit_officer)
    url = reverse("reviews:theme-edit", args=[theme.code])
    response = client.post(url, {"name": "New name", "description": ""})
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.is_active) == ("New name", False)
    assert "New name" in client.get(reverse("reviews:themes")).content.decode()


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_document_is_stored_under_the_type_its_content_shows(
    client, police_lead, police_request, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(police_lead)
    url = _url("request-submit", police_request.review, police_request.code)
    upload = SimpleUploadedFile("summary.docx", _pdf())  # a PDF with the wrong name
    assert client.post(url, {"text": "", "document": upload}).status_code == 302
    police_request.refresh_from_db()
    assert police_request.document.name.endswith("summary.pdf")
    download = client.get(_url("request-document", police_request.review, police_request.code))
    assert "REF-2026-001-IMC-summary.pdf" in download["Content-Disposition"]


def test_a_summary_is_not_a_spreadsheet(client, police_lead, police_request):
    client.force_login(police_lead)
    url = _url("request-submit", police_request.review, police_request.code)
    html = client.get(url).content.decode()
    assert "A PDF or Word document (.docx)" in html and "CSV" not in html
    upload = SimpleUploadedFile("summary.csv", b"date,event\n1/3/2026,Visit\n")
    errors = client.post(url, {"text": "", "document": upload}).context["form"].errors
    assert errors["document"] == ["The selected file must be a Word document (.docx) or PDF"]


def test_an_agency_sends_its_chronology_as_the_spreadsheet_the_import_reads(
    client, police_lead, business_unit_officer, gathering_review, police, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    [chronology] = services.requests_send(
        review=gathering_review, by=business_unit_officer, kind="chronology", agencies=[police]
    )
    client.force_login(police_lead)
    url = _url("request-submit", gathering_review, chronology.code)
    assert "A CSV or Excel (.xlsx) chronology" in client.get(url).content.decode()
    rows = b"date,time,agency,source,event,practitioner\n03/03/2026,10:00,Police,Notes,Visit,PC\n"
    upload = SimpleUploadedFile("police chronology.csv", rows, "text/csv")
    assert client.post(url, {"text": "", "document": upload}).status_code == 302
    chronology.refresh_from_db()
    assert chronology.is_submitted and chronology.document.name.endswith(".csv")
    client.force_login(business_unit_officer)
    download = client.get(_url("request-document", gathering_review, chronology.code))
    assert "REF-2026-001-IMC-chronology.csv" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == rows
