"""The register of recommendations: who sees what, filters, pages and exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from manx_learning.actions.tests.factories import make_overdue, make_recommendation
from manx_learning.core.models import AuditEvent
from manx_learning.vocabulary.models import Theme

URL = reverse("actions:register")


@pytest.fixture
def health_audit(business_unit_officer, health):
    return make_recommendation(
        business_unit_officer,
        "Midwives should give every parent advice on safe sleeping.",
        agencies=[health],
        year=2023,
    )


def _page(client, user, query=""):
    client.force_login(user)
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


# Who sees what --------------------------------------------------------------------------------


def test_the_business_unit_sees_every_recommendation_with_its_status_and_overdue_actions(
    client, business_unit_officer, national, health_audit, police_action
):
    make_overdue(police_action, 10)
    html = _page(client, business_unit_officer)
    assert html.count("<h1") == 1
    assert "2 recommendations" in html
    assert national.text in html and health_audit.text in html
    assert "National Panel review: missing children (2025)" in html
    assert "Actions in progress" in html and "Accepted, no actions yet" in html
    assert "1 overdue" in html
    assert reverse("actions:recommendation", args=[national.code]) in html
    assert reverse("actions:recommendation-add") in html
    assert reverse("actions:clusters") in html and reverse("actions:annual") in html


def test_an_agency_lead_sees_only_the_recommendations_that_concern_their_agency(
    client, police_lead, business_unit_officer, police, health_audit
):
    for_police = make_recommendation(
        business_unit_officer,
        "Officers should ask about children at every call.",
        agencies=[police],
    )
    html = _page(client, police_lead)
    assert for_police.text in html
    assert health_audit.text not in html
    assert "1 recommendation" in html
    assert reverse("actions:recommendation-add") not in html
    assert reverse("actions:clusters") not in html


# Was an empty page ("The register is for the Board and agency leads") answering 200; those
# without Capability.VIEW_ACTIONS now get 403 like every capability-level page (issue #12,
# docs/roles.md "403 or 404"); tests/access/ checks the same for every persona.
@pytest.mark.parametrize("persona", ["practitioner", "data_officer", "reviewer"])
def test_those_without_the_register_get_403(client, personas, national, persona):
    client.force_login(personas[persona])
    response = client.get(URL)
    assert response.status_code == 403
    assert national.text not in response.content.decode()


def test_it_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_a_review_recommendation_links_to_its_review(client, panel_chair, recommendation):
    html = _page(client, panel_chair)
    assert reverse("reviews:detail", args=[recommendation.review.code]) in html
    assert recommendation.review.reference in html
    assert "Awaiting responses" in html


def test_long_recommendations_are_cut_to_200_characters(client, business_unit_officer, police):
    long = "Officers should check " + "the records of every child in the house " * 10
    make_recommendation(business_unit_officer, long, agencies=[police])
    html = _page(client, business_unit_officer)
    assert long[:150] in html
    assert long.strip() not in html


# Filters and pages ----------------------------------------------------------------------------


def test_it_filters_by_source_year_agency_theme_status_overdue_and_words(
    client, business_unit_officer, national, health_audit, police_action
):
    theme = Theme.objects.create(name="Safe sleep")
    health_audit.themes.add(theme)
    make_overdue(police_action, 3)

    def shown(query):
        html = _page(client, business_unit_officer, query)
        return national.text in html, health_audit.text in html

    assert shown("?source_kind=national") == (True, False)
    assert shown("?year=2023") == (False, True)
    assert shown(f"?agency={national.agencies.get(agency_code='IMC').pk}") == (True, False)
    assert shown(f"?theme={theme.pk}") == (False, True)
    assert shown("?status=no_actions") == (False, True)
    assert shown("?status=in_progress") == (True, False)
    assert shown("?overdue=on") == (True, False)
    assert shown("?q=safe+SLEEPING") == (False, True)
    assert shown("?q=missing+children") == (True, False)
    html = _page(client, business_unit_officer, "?q=nothing-like-this")
    assert "No recommendations match" in html


def test_a_wrong_filter_is_shown_as_an_error_and_the_register_shown_unfiltered(
    client, business_unit_officer, national
):
    html = _page(client, business_unit_officer, "?year=1066")
    assert "govuk-error-summary" in html
    assert "<title>Error:" in html
    assert "Choose a year from the list" in html
    assert national.text in html


def test_it_shows_25_recommendations_a_page(client, business_unit_officer, police):
    for number in range(27):
        make_recommendation(
            business_unit_officer, f"Recommendation about topic {number}", agencies=[police]
        )
    first = _page(client, business_unit_officer, "?source_kind=audit")
    assert first.count('<tr class="govuk-table__row">') == 26  # the header row and 25
    assert "Page 1 of 2" in first
    assert "?source_kind=audit&amp;page=2" in first
    second = _page(client, business_unit_officer, "?source_kind=audit&page=2")
    assert second.count('<tr class="govuk-table__row">') == 3


# Exports --------------------------------------------------------------------------------------


@pytest.fixture
def formula(business_unit_officer, police):
    return make_recommendation(
        business_unit_officer,
        '=HYPERLINK("http://evil.example","Click")',
        agencies=[police],
        source_title="@SUM(1+1) audit",
    )


def test_the_csv_export_is_safe_to_open_in_a_spreadsheet_and_audited(
    client, business_unit_officer, formula, national
):
    client.force_login(business_unit_officer)
    response = client.get(URL + "?source_kind=audit&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Source", "Kind of source", "Year", "Number", "Recommendation"]
    assert len(rows) == 2  # the filter applies: the national review is left out
    assert rows[1][0] == "'@SUM(1+1) audit"
    assert rows[1][4] == '\'=HYPERLINK("http://evil.example","Click")'
    event = AuditEvent.objects.get(verb="recommendations.exported")
    assert event.actor == business_unit_officer
    assert event.detail["format"] == "csv" and event.detail["rows"] == 1
    assert event.detail["filters"] == {"source_kind": "audit"}
    # "register.*" verbs belong to the restricted identifier register: never reused here.
    assert not AuditEvent.objects.filter(verb__startswith="register.").exists()


def test_the_excel_export_is_safe_to_open_and_audited(
    client, business_unit_officer, formula, national
):
    client.force_login(business_unit_officer)
    response = client.get(URL + "?format=xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][4] == "Recommendation"
    texts = {row[4] for row in values[1:]}
    assert '\'=HYPERLINK("http://evil.example","Click")' in texts
    assert national.text in texts
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert AuditEvent.objects.filter(
        verb="recommendations.exported", detail__format="xlsx"
    ).exists()


def test_an_agency_leads_export_holds_only_what_they_can_see(
    client, police_lead, health_audit, national
):
    client.force_login(police_lead)
    rows = list(csv.reader(io.StringIO(client.get(URL + "?format=csv").content.decode())))
    assert [row[4] for row in rows[1:]] == [national.text]


def test_people_without_the_register_cannot_export_it(client, practitioner, national):
    client.force_login(practitioner)
    response = client.get(URL + "?format=csv")
    assert "text/csv" not in response["Content-Type"]
    assert not AuditEvent.objects.filter(verb="recommendations.exported").exists()
