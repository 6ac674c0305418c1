"""The recommendation page, planning actions, and agency leads' dashboard."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from manx_learning.actions import services
from manx_learning.actions.models import Action
from manx_learning.actions.tests.factories import make_overdue
from manx_learning.core.models import AuditEvent


def _url(name, *args):
    return reverse(f"actions:{name}", args=args)


def _in_a_month():
    day = timezone.localdate() + timedelta(days=30)
    return f"{day.day}/{day.month}/{day.year}"


def _plan(agency, **changes):
    return {
        "description": "Add a missing-episode notification to the Niche workflow",
        "owner_agency": agency.pk,
        "lead_name": "DI Lee",
        "due_date": _in_a_month(),
        "expected_outcome": "Children's services hear of every missing episode next morning",
        "impact_kind": "retest",
        "impact_measure": "Dip sample of 20 episodes in six months",
        **changes,
    }


# The recommendation page ----------------------------------------------------------------------


def test_the_recommendation_page_shows_responses_actions_and_their_rag(
    client, national, police_action, police_lead
):
    client.force_login(police_lead)
    html = client.get(_url("recommendation", national.code)).content.decode()
    assert html.count("<h1") == 1
    assert "Agencies should share information about children who go missing." in html
    assert "Missing episodes shared within a day" in html  # the SMART check
    assert police_action.description in html
    assert "govuk-tag--green" in html and "On track" in html
    assert _url("action-add", national.code) in html
    assert AuditEvent.objects.filter(verb="recommendation.viewed").exists()


def test_an_overdue_action_is_tagged_red(client, national, police_action, business_unit_officer):
    make_overdue(police_action, 3)
    client.force_login(business_unit_officer)
    html = client.get(_url("recommendation", national.code)).content.decode()
    assert "govuk-tag--red" in html and "Overdue" in html


def test_the_recommendation_page_is_refused_to_people_it_is_not_for(client, national, practitioner):
    client.force_login(practitioner)
    # not addressed to them, so told nothing of it: the same 404 as a code that does not exist
    assert client.get(_url("recommendation", national.code)).status_code == 404
    assert client.get(_url("recommendation", uuid.uuid4())).status_code == 404


def test_the_board_sees_it_but_cannot_add_actions(client, national, board_member):
    client.force_login(board_member)
    html = client.get(_url("recommendation", national.code)).content.decode()
    assert "Add an action" not in html
    assert client.get(_url("action-add", national.code)).status_code == 403


def test_a_review_recommendation_links_to_its_review_and_awaits_responses(
    client, recommendation, police_lead, police
):
    client.force_login(police_lead)
    html = client.get(_url("recommendation", recommendation.code)).content.decode()
    assert reverse("reviews:detail", args=[recommendation.review.code]) in html
    assert "Awaiting response" in html
    services.recommendation_respond(
        recommendation=recommendation,
        agency=police,
        by=police_lead,
        response="partly",
        reasons="We will change the referral pathway, not the IT system.",
    )
    html = client.get(_url("recommendation", recommendation.code)).content.decode()
    assert "Partly accepted" in html
    assert "We will change the referral pathway, not the IT system." in html
    assert "Awaiting response" not in html


def test_other_sources_need_no_formal_response(client, national, police_lead):
    client.force_login(police_lead)
    html = client.get(_url("recommendation", national.code)).content.decode()
    assert "Awaiting response" not in html
    assert "Only recommendations from case reviews need a formal response" in html
    assert (
        "Formal responses your agency owes" not in client.get(_url("my-actions")).content.decode()
    )


def test_earlier_similar_recommendations_are_shown_as_previously_identified(
    client, national, business_unit_officer, police
):
    earlier = services.recommendation_create(
        by=business_unit_officer,
        text="Agencies should share information about missing children quickly.",
        source_kind="audit",
        source_title="Missing children audit",
        source_year=2021,
        agencies=[police],
        smart_outcome="x",
        smart_measure="x",
        smart_owner="x",
        smart_timescale="x",
    )
    client.force_login(business_unit_officer)
    html = client.get(_url("recommendation", national.code)).content.decode()
    assert "Previously identified" in html
    assert str(earlier) in html


# Planning an action ---------------------------------------------------------------------------


def test_the_police_lead_adds_an_action_to_an_accepted_recommendation(
    client, recommendation, police_lead, police
):
    services.recommendation_respond(
        recommendation=recommendation,
        agency=police,
        by=police_lead,
        response="accepted",
        reasons="We will change the referral pathway.",
    )
    client.force_login(police_lead)
    response = client.post(_url("action-add", recommendation.code), _plan(police))
    action = Action.objects.get(recommendation=recommendation)
    assert response.url == _url("action", action.code)
    assert (action.owner_agency, action.lead_name, action.impact_kind) == (
        police,
        "DI Lee",
        "retest",
    )


def test_an_agency_that_has_not_accepted_cannot_plan_yet(
    client, recommendation, police_lead, police
):
    client.force_login(police_lead)
    response = client.post(_url("action-add", recommendation.code), _plan(police))
    assert response.status_code == 200
    assert "has not accepted the recommendation" in response.content.decode()
    assert not Action.objects.exists()


def test_the_tick_box_prompt_appears_and_a_practice_change_saves(
    client, national, police_lead, police
):
    client.force_login(police_lead)
    url = _url("action-add", national.code)
    assert 'name="practice_change"' not in client.get(url).content.decode()
    tick_box = _plan(police, description="Staff reminded of the missing policy")
    html = client.post(url, tick_box).content.decode()
    assert "govuk-warning-text" in html
    assert 'name="practice_change"' in html
    assert "rarely changes practice on its own" in html
    assert not Action.objects.exists()
    change = "Officers complete the notification form before going off duty"
    response = client.post(url, {**tick_box, "practice_change": change})
    assert response.status_code == 302
    assert change in Action.objects.get().description


def test_missing_answers_are_shown_in_govuk_words(client, national, police_lead):
    client.force_login(police_lead)
    html = client.post(_url("action-add", national.code), {}).content.decode()
    assert "<title>Error:" in html
    assert "There is a problem" in html
    assert "Enter the date the action is due" in html
    assert "Enter what will be done" in html
    assert "Choose how you will know the action made a difference" in html


def test_an_agency_lead_can_only_plan_for_their_own_agency(
    client, national, police_lead, police, health
):
    client.force_login(police_lead)
    html = client.get(_url("action-add", national.code)).content.decode()
    assert police.name in html
    assert f'value="{health.pk}"' not in html
    client.post(_url("action-add", national.code), _plan(health))
    assert not Action.objects.exists()


def test_the_business_unit_chooses_among_the_addressed_agencies(
    client, national, business_unit_officer, police, health, board_unit
):
    client.force_login(business_unit_officer)
    html = client.get(_url("action-add", national.code)).content.decode()
    assert f'<option value="{police.pk}"' in html
    assert f'<option value="{health.pk}"' in html
    assert f'<option value="{board_unit.pk}"' not in html


def test_a_due_date_in_the_past_is_refused(client, national, police_lead, police):
    client.force_login(police_lead)
    response = client.post(_url("action-add", national.code), _plan(police, due_date="1/1/2020"))
    assert "The due date must be today or in the future" in response.content.decode()


# Agency leads' dashboard ----------------------------------------------------------------------


def _another(action, description, days):
    return services.action_create(
        recommendation=action.recommendation,
        by=action.created_by,
        description=description,
        owner_agency=action.owner_agency,
        lead_name="DS Kay",
        due_date=timezone.localdate() + timedelta(days=days),
        expected_outcome="x",
        impact_kind="check",
        impact_measure="x",
    )


def test_my_actions_lists_overdue_first_then_due_soon_then_on_track(
    client, police_action, police_lead
):
    soon = _another(police_action, "Due soon: train the custody sergeants", 10)
    late = _another(police_action, "Overdue: audit the missing-person log", 5)
    make_overdue(late, 4)
    client.force_login(police_lead)
    html = client.get(_url("my-actions")).content.decode()
    positions = [html.index(a.description) for a in (late, soon, police_action)]
    assert positions == sorted(positions)
    assert "4 days overdue" in html
    assert "govuk-tag--yellow" in html


def test_my_actions_lists_only_the_agencys_open_actions(
    client, police_action, police_lead, health_lead
):
    client.force_login(health_lead)
    assert police_action.description not in client.get(_url("my-actions")).content.decode()
    services.action_update(
        action=police_action,
        by=police_lead,
        version=police_action.version,
        status="completed",
        note="Live",
    )
    client.force_login(police_lead)
    assert police_action.description not in client.get(_url("my-actions")).content.decode()


def test_my_actions_lists_the_formal_responses_the_agency_owes(
    client, recommendation, police_lead, police
):
    client.force_login(police_lead)
    respond = reverse(
        "reviews:recommendation-respond", args=[recommendation.review.code, recommendation.code]
    )
    assert respond in client.get(_url("my-actions")).content.decode()
    services.recommendation_respond(
        recommendation=recommendation,
        agency=police,
        by=police_lead,
        response="accepted",
        reasons="Agreed.",
    )
    assert respond not in client.get(_url("my-actions")).content.decode()


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"rag": "overdue"}, "Overdue: audit", "Niche workflow"),
        ({"rag": "on_track"}, "Niche workflow", "Overdue: audit"),
    ],
)
def test_the_business_unit_filters_open_actions_by_rag(
    client, police_action, business_unit_officer, query, shown, hidden
):
    make_overdue(_another(police_action, "Overdue: audit the missing-person log", 5), 2)
    client.force_login(business_unit_officer)
    html = client.get(_url("my-actions"), query).content.decode()
    assert shown in html
    assert hidden not in html


def test_the_business_unit_filters_open_actions_by_agency(
    client, police_action, business_unit_officer, health
):
    client.force_login(business_unit_officer)
    assert police_action.description in client.get(_url("my-actions")).content.decode()
    html = client.get(_url("my-actions"), {"agency": health.pk}).content.decode()
    assert police_action.description not in html
