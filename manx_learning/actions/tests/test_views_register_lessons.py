"""Recurring lessons (clusters of recommendations that say much the same thing) and the figures
for the Board's annual report."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from manx_learning.actions import services
from manx_learning.actions.models import Recommendation
from manx_learning.actions.tests.factories import make_recommendation
from manx_learning.core.models import AuditEvent

CLUSTERS = reverse("actions:clusters")
ANNUAL = reverse("actions:annual")
MADE = "Recommendations made"

ED_2021 = (
    "The emergency department should tell Children and Families every time a child already "
    "known to them attends, so repeated attendances are seen together."
)
ED_2025 = "Noble's Hospital should notify Children and Families of every ED attendance by a child known to them."
ED_2026 = "A&E should notify children's social care whenever a child known to them attends."
CURIOSITY_2022 = (
    "Train frontline staff in professional curiosity: asking, checking and challenging."
)
CURIOSITY_2024 = "All frontline staff should be trained in professional curiosity and challenge."
EARLY_HELP = "The Board should agree an island-wide early help strategy with all member agencies."


@pytest.fixture
def register(business_unit_officer, health, police):
    made = {}
    for key, text, year, agency in [
        ("ed_2021", ED_2021, 2021, health),
        ("curiosity_2022", CURIOSITY_2022, 2022, police),
        ("early_help", EARLY_HELP, 2023, police),
        ("curiosity_2024", CURIOSITY_2024, 2024, police),
        ("ed_2025", ED_2025, 2025, health),
        ("ed_2026", ED_2026, 2026, health),
    ]:
        made[key] = make_recommendation(
            business_unit_officer, text, agencies=[agency], year=year, source_title=f"Audit {key}"
        )
    return made


# Recurring lessons ----------------------------------------------------------------------------


def test_the_clusters_page_groups_the_same_lesson_across_years_biggest_first(
    client, panel_chair, register
):
    client.force_login(panel_chair)
    html = client.get(CLUSTERS).content.decode()
    assert html.count("<h1") == 1
    assert "3 recommendations:" in html and "2 recommendations:" in html
    assert html.index("3 recommendations:") < html.index("2 recommendations:")
    ed = html[html.index("3 recommendations:") : html.index("2 recommendations:")]
    # Earliest first, with its source, year and status.
    assert ed.index("Audit ed_2021") < ed.index("Audit ed_2025") < ed.index("Audit ed_2026")
    assert "Audit, 2021" in ed and "Accepted, no actions yet" in ed
    assert EARLY_HELP not in html  # nothing else says the same


def test_the_clusters_page_says_when_no_lesson_recurs(client, business_unit_officer, national):
    client.force_login(business_unit_officer)
    html = client.get(CLUSTERS).content.decode()
    assert "No two recommendations in the register say much the same thing" in html


@pytest.mark.parametrize("persona", ["business_unit_officer", "panel_chair", "board_member"])
def test_the_board_panel_and_business_unit_see_recurring_lessons(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(CLUSTERS).status_code == 200


@pytest.mark.parametrize("persona", ["police_lead", "reviewer", "practitioner", "data_officer"])
def test_others_cannot_see_recurring_lessons_or_annual_figures(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(CLUSTERS).status_code == 403
    assert client.get(ANNUAL).status_code == 403


# Annual figures -------------------------------------------------------------------------------


@pytest.fixture
def year_of_decisions(national, recommendation, police_lead, police, police_action):
    """This year: a review recommendation the police did not accept, and a police action on the
    national recommendation closed as not achieved."""
    services.recommendation_respond(
        recommendation=recommendation,
        agency=police,
        by=police_lead,
        response="not_accepted",
        reasons="=The force already shares this through the MASH",
    )
    services.action_update(
        action=police_action,
        by=police_lead,
        version=police_action.version,
        status="not_achieved",
        note="Niche could not be changed this year",
        closed_reason="The supplier withdrew support for the workflow change",
    )
    return timezone.localdate().year


def test_the_annual_figures_list_every_decision_not_to_implement_with_its_reasons(
    client, board_member, year_of_decisions
):
    client.force_login(board_member)
    html = client.get(ANNUAL).content.decode()
    assert html.count("<h1") == 1
    assert f"Figures for the annual report {year_of_decisions}" in html
    assert "govuk-summary-list" in html
    assert "Recommendations made" in html
    assert "Not accepted" in html
    assert "The force already shares this through the MASH" in html
    assert "The supplier withdrew support for the workflow change" in html
    assert "Isle of Man Constabulary" in html


def test_the_annual_figures_download_as_a_safe_csv_and_the_download_is_audited(
    client, business_unit_officer, year_of_decisions
):
    client.force_login(business_unit_officer)
    response = client.get(ANNUAL, {"year": year_of_decisions, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    figures = {row[0]: row[1] for row in rows if len(row) == 2}
    made = sum(r.source_year == year_of_decisions for r in Recommendation.objects.all())
    assert figures[MADE] == str(made)
    assert figures["Not accepted"] == "1"
    reasons = [row[3] for row in rows if len(row) == 4][1:]
    assert "'=The force already shares this through the MASH" in reasons
    assert AuditEvent.objects.filter(verb="recommendations.annual_exported").exists()


def test_the_year_can_be_chosen_from_the_years_in_the_register(
    client, business_unit_officer, national
):
    client.force_login(business_unit_officer)
    this_year = timezone.localdate().year
    html = client.get(ANNUAL).content.decode()
    assert f'<option value="{this_year}" selected>' in html
    wrong = client.get(ANNUAL, {"year": "1999"}).content.decode()
    assert "Choose a year from the list" in wrong
    assert f"Figures for the annual report {this_year}" in wrong


def test_recommendations_count_in_the_year_they_were_made_and_every_such_year_is_offered(
    client, business_unit_officer, register
):
    """All six were typed into the register this year; each counts in its own source's year."""
    client.force_login(business_unit_officer)
    html = client.get(ANNUAL).content.decode()
    for year in range(2021, 2027):
        assert f'<option value="{year}"' in html
    for year in (2021, 2022, 2025):
        response = client.get(ANNUAL, {"year": year, "format": "csv"})
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert {row[0]: row[1] for row in rows if len(row) == 2}[MADE] == "1", year
    assert "Choose a year from the list" in client.get(ANNUAL, {"year": 2020}).content.decode()
