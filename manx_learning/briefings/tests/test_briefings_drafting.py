"""Drafting a briefing from a review, editing it, and its printable PDF."""

import io

import pytest
from pypdf import PdfReader

from manx_learning.briefings import services
from manx_learning.briefings.models import Briefing
from manx_learning.core.models import AuditEvent

REGISTER_WORDS = ["Jayden", "Kinrade", "Leanne", "Ballacottier"]


def _all_text(briefing: Briefing) -> str:
    names = ["title", *services.SECTION_FIELDS, *services.QUESTION_FIELDS]
    return " ".join(getattr(briefing, name) for name in names)


def test_drafting_fills_the_sections_from_findings_and_recommendations(briefing):
    assert "Child A" in briefing.background
    assert "Information was not shared" in briefing.key_learning
    assert "The school nurse persisted" in briefing.what_worked_well
    assert "Recommendation 1: Agencies should share concerns" in briefing.what_to_do
    assert [briefing.question_1, briefing.question_2, briefing.question_3] == list(
        services.REFLECTIVE_QUESTIONS
    )
    assert AuditEvent.objects.filter(verb="briefing.drafted").exists()


def test_drafting_never_includes_register_names(briefing):
    text = _all_text(briefing)
    for word in REGISTER_WORDS:
        assert word.lower() not in text.lower()
    assert "Child A's repeated hospital visits" in briefing.background
    assert "Mother told the GP" in briefing.key_learning
    assert "[school]" in briefing.what_worked_well


def test_only_the_business_unit_drafts(briefing_review, police_lead):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.briefing_draft_from_review(briefing_review, police_lead)


def test_the_business_unit_starts_a_briefing_from_a_review(
    client, briefing_review, business_unit_officer
):
    client.force_login(business_unit_officer)
    response = client.post("/briefings/", {"review": briefing_review.pk, "title": ""})
    briefing = Briefing.objects.get()
    assert response["Location"] == f"/briefings/{briefing.code}/edit/"
    assert briefing.review == briefing_review


def test_a_blank_briefing_needs_a_title(client, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.post("/briefings/", {"review": "", "title": ""})
    assert response.status_code == 200
    assert "Choose a review or enter a title" in response.content.decode()
    client.post("/briefings/", {"review": "", "title": "Working with fathers"})
    assert Briefing.objects.get().title == "Working with fathers"


def test_the_list_is_for_the_business_unit_only(client, police_lead, db):
    client.force_login(police_lead)
    assert client.get("/briefings/").status_code == 403


def test_editing_saves_every_section(client, briefing, business_unit_officer):
    client.force_login(business_unit_officer)
    data = {name: f"New {name}" for name in ["title", *services.SECTION_FIELDS]}
    data |= {name: f"Question {name}?" for name in services.QUESTION_FIELDS}
    response = client.post(f"/briefings/{briefing.code}/edit/", data)
    assert response["Location"] == f"/briefings/{briefing.code}/"
    briefing.refresh_from_db()
    assert briefing.what_to_do == "New what_to_do"
    assert briefing.question_3 == "Question question_3?"


def test_editing_shows_errors_for_empty_sections(client, briefing, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.post(f"/briefings/{briefing.code}/edit/", {"title": "T"})
    page = response.content.decode()
    assert "<title>Error:" in page
    assert "Enter the key learning" in page
    assert page.count("<h1") == 1


def test_the_pdf_starts_with_pdf(client, briefing, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.get(f"/briefings/{briefing.code}/briefing.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("page", ["", "edit/", "publish/", "send/", "reach/"])
def test_each_business_unit_page_has_one_heading_and_novalidate_forms(
    client, briefing, business_unit_officer, page
):
    client.force_login(business_unit_officer)
    html = client.get(f"/briefings/{briefing.code}/{page}").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert main.count("<h1") == 1
    assert main.count("<form") == main.count(" novalidate>")


def test_the_list_page_shows_the_briefings(client, briefing, business_unit_officer):
    client.force_login(business_unit_officer)
    html = client.get("/briefings/").content.decode()
    assert briefing.title in html and html.count("<h1") == 1


def test_bullets_typed_with_dashes_show_as_a_list_on_the_page_and_in_the_pdf(
    client, briefing, business_unit_officer
):
    briefing.what_to_do = "Before you close a case:\n- check who else lives there\n- ask the HV"
    briefing.save()
    client.force_login(business_unit_officer)
    html = client.get(f"/briefings/{briefing.code}/").content.decode()
    assert (
        '<ul class="govuk-list govuk-list--bullet"><li>check who else lives there</li>'
        "<li>ask the HV</li></ul>"
    ) in html
    pdf = client.get(f"/briefings/{briefing.code}/briefing.pdf").content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "- check who else" not in text and "check who else lives there" in text
