"""Adding a recommendation from an audit, assessment or national review, after checking what the
Board recommended before; and the "Previously identified" list on its own."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from manx_learning.actions.models import Recommendation, SourceKind
from manx_learning.core.models import AuditEvent
from manx_learning.vocabulary.models import Theme

URL = reverse("actions:recommendation-add")
REPEAT = "Police and health should share information about children who go missing from home."


def _answers(police, health, **changes):
    return {
        "source_kind": "national",
        "source_title": "National Panel review: children missing from home (2026)",
        "source_year": "2026",
        "text": REPEAT,
        "agencies": [police.pk, health.pk],
        "smart_outcome": "Every missing episode is known to both agencies the same day",
        "smart_measure": "Audit of 20 missing episodes",
        "smart_owner": "Missing persons coordinator",
        "smart_timescale": "By March 2027",
        **changes,
    }


def test_the_business_unit_checks_for_similar_recommendations_then_adds_a_national_one(
    client, business_unit_officer, national, police, health
):
    client.force_login(business_unit_officer)
    theme = Theme.objects.create(name="Missing children")

    # 1. Check: the earlier national recommendation is listed, and nothing is saved.
    checked = client.post(URL, {**_answers(police, health), "check": "similar"})
    html = checked.content.decode()
    assert checked.status_code == 200
    assert "Previously identified" in html
    assert "National Panel review: missing children (2025) R1</a> (2025)" in html
    assert "Accepted, no actions yet" in html
    assert "% similar wording" in html
    assert reverse("actions:recommendation", args=[national.code]) in html
    assert REPEAT in html  # the answers are kept
    assert Recommendation.objects.count() == 1

    # 2. Add it.
    response = client.post(URL, _answers(police, health, themes=[theme.pk]))
    added = Recommendation.objects.exclude(pk=national.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:recommendation", args=[added.code])
    assert added.source_kind == SourceKind.NATIONAL
    assert added.source_year == 2026 and added.number == 1
    assert set(added.agencies.all()) == {police, health}
    assert list(added.themes.all()) == [theme]
    assert AuditEvent.objects.filter(verb="recommendation.created", actor=business_unit_officer)


def test_the_page_shows_similar_recommendations_whenever_it_comes_back_with_the_text(
    client, business_unit_officer, national, police, health
):
    client.force_login(business_unit_officer)
    html = client.post(URL, _answers(police, health, smart_owner="")).content.decode()
    assert "Enter who owns the recommendation" in html
    assert "Previously identified" in html


def test_checking_needs_only_the_recommendation(client, business_unit_officer, national):
    client.force_login(business_unit_officer)
    html = client.post(URL, {"text": REPEAT, "check": "similar"}).content.decode()
    assert "govuk-error-summary" not in html
    assert "Previously identified" in html

    empty = client.post(URL, {"text": "  ", "check": "similar"}).content.decode()
    assert "Enter the recommendation" in empty
    assert "Enter the year of the source" not in empty


def test_it_says_so_when_nothing_similar_was_recommended_before(
    client, business_unit_officer, national
):
    client.force_login(business_unit_officer)
    text = "Dentists should record when a child has not been brought to three appointments."
    html = client.post(URL, {"text": text, "check": "similar"}).content.decode()
    assert "No earlier recommendation says much the same thing" in html
    assert "Previously identified" not in html


def test_it_asks_for_each_answer_in_govuk_words(client, business_unit_officer):
    client.force_login(business_unit_officer)
    html = client.post(URL, {}).content.decode()
    assert "<title>Error:" in html
    assert html.count("<h1") == 1
    for message in (
        "Choose where the recommendation comes from",
        "Enter the name of the audit, assessment or review",
        "Enter the year of the source",
        "Enter the recommendation",
        "Enter the specific outcome",
        "Enter how progress will be measured",
        "Enter who owns the recommendation",
        "Enter the timescale",
    ):
        assert message in html
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize(
    ("year", "message"),
    [("1850", "The year must be between 1990 and"), ("last year", "The year must be a number")],
)
def test_the_year_must_be_real(client, business_unit_officer, police, health, year, message):
    client.force_login(business_unit_officer)
    html = client.post(URL, _answers(police, health, source_year=year)).content.decode()
    assert message in html


def test_a_recommendation_is_addressed_to_the_board_or_an_agency(
    client, business_unit_officer, police, health
):
    client.force_login(business_unit_officer)
    response = client.post(URL, _answers(police, health, agencies=[]))
    assert "Address the recommendation to the Board or at least one agency" in (
        response.content.decode()
    )
    assert Recommendation.objects.count() == 0
    to_board = client.post(URL, _answers(police, health, agencies=[], to_board="on"))
    assert to_board.status_code == 302
    assert Recommendation.objects.get().to_board


def test_reviews_are_not_a_source_here(client, business_unit_officer, police, health):
    client.force_login(business_unit_officer)
    html = client.post(URL, _answers(police, health, source_kind="review")).content.decode()
    assert "Choose where the recommendation comes from" in html
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize("persona", ["panel_chair", "board_member", "police_lead", "reviewer"])
def test_only_the_business_unit_adds_recommendations(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": REPEAT, "check": "similar"}).status_code == 403


def test_the_form_page_has_one_heading_labels_and_both_buttons(client, business_unit_officer):
    client.force_login(business_unit_officer)
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1
    assert "novalidate" in html
    assert 'name="check"' in html and "Check for similar recommendations" in html
    assert "Add recommendation" in html
    assert '<label class="govuk-label " for="id_text">Recommendation</label>' in html
    assert "<script>" not in html and "style=" not in html


# The list on its own --------------------------------------------------------------------------

FRAGMENT = reverse("actions:similar")


def test_the_fragment_lists_earlier_recommendations(client, business_unit_officer, national):
    client.force_login(business_unit_officer)
    response = client.get(FRAGMENT, {"text": REPEAT})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Previously identified" in html and national.source_title in html


def test_the_fragment_is_empty_when_nothing_matches(client, business_unit_officer, national):
    client.force_login(business_unit_officer)
    assert client.get(FRAGMENT, {"text": ""}).content.decode().strip() == ""
    assert client.get(FRAGMENT, {"text": "Swimming lessons"}).content.decode().strip() == ""


def test_the_fragment_shows_only_what_the_person_may_see(client, practitioner, national):
    client.force_login(practitioner)
    assert client.get(FRAGMENT, {"text": REPEAT}).content.decode().strip() == ""


def test_the_fragment_needs_sign_in(client):
    assert client.get(FRAGMENT, {"text": REPEAT}).status_code == 302


def test_the_include_renders_nothing_for_no_matches():
    assert render_to_string("actions/includes/similar.html", {"similar": []}).strip() == ""
