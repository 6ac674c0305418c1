"""Gathering information: requests to agencies, learning events, family contact, and moving on
to analysis."""

import uuid
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from manx_learning.core.formkit import date_initial
from manx_learning.reviews import services
from manx_learning.reviews.models import Clock, Stage


def _url(name, review):
    return reverse(f"reviews:{name}", args=[review.code])


def test_the_business_unit_asks_agencies_for_reports(
    client, gathering, business_unit_officer, police
):
    client.force_login(business_unit_officer)
    response = client.post(
        _url("request-reports", gathering),
        {"kind": "report", "agencies": [police.pk], "due": "1/2/2027"},
    )
    assert response.status_code == 302
    request = gathering.requests.get()
    assert (request.agency, request.kind, request.due_date) == (police, "report", date(2027, 2, 1))


def test_the_due_date_defaults_to_the_agency_reports_clock(
    client, gathering, business_unit_officer
):
    client.force_login(business_unit_officer)
    response = client.get(_url("request-reports", gathering))
    due = services.clock_due(Clock.AGENCY_REPORTS, timezone.localdate())
    assert f'value="{date_initial(due)}"' in response.content.decode()


def test_a_request_needs_agencies_and_a_real_date(client, gathering, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.post(
        _url("request-reports", gathering), {"kind": "chronology", "due": "31/2/2027"}
    )
    html = response.content.decode()
    assert "Choose at least one agency" in html
    assert "Due date must be a real date" in html
    assert html.count("<title>Error: ") == 1


def test_only_the_business_unit_asks_agencies(client, gathering, reviewer, police_lead):
    for person in (reviewer, police_lead):
        client.force_login(person)
        assert client.get(_url("request-reports", gathering)).status_code == 403


def test_an_assigned_reviewer_adds_a_learning_event(client, gathering, reviewer, police, health):
    client.force_login(reviewer)
    page = client.get(_url("learning-event-add", gathering)).content.decode()
    assert "One line each, for example: Police – 2 officers; Health – school nurse" in page
    response = client.post(
        _url("learning-event-add", gathering),
        {
            "held_on": "12/5/2026",
            "attendees": "Police – 2 officers\nHealth – school nurse",
            "agencies": [police.pk, health.pk],
            "learning": "Nobody knew who held the overall picture.",
        },
    )
    assert response.status_code == 302
    event = gathering.learning_events.get()
    assert event.held_on == date(2026, 5, 12)
    assert set(event.agencies.all()) == {police, health}


def test_a_learning_event_needs_its_date_and_what_was_learned(client, gathering, reviewer):
    client.force_login(reviewer)
    html = client.post(_url("learning-event-add", gathering), {}).content.decode()
    assert "Enter the date of the learning event" in html
    assert "Enter what was learned" in html
    assert not gathering.learning_events.exists()


def test_a_reviewer_not_assigned_cannot_add_a_learning_event(client, gathering, other_reviewer):
    client.force_login(other_reviewer)
    assert client.get(_url("learning-event-add", gathering)).status_code == 404


def test_the_reviewer_records_contact_with_the_family(client, gathering, reviewer):
    client.force_login(reviewer)
    response = client.post(
        _url("family-contact-add", gathering),
        {
            "contact_on": "2026-06-01",
            "who": "Mother",
            "method": "Home visit",
            "summary": "She wants the review to say the school listened.",
        },
    )
    assert response.status_code == 302
    assert gathering.family_contacts.get().who == "Mother"


def test_starting_analysis_asks_first_then_moves_the_review_on(client, gathering, reviewer):
    client.force_login(reviewer)
    page = client.get(_url("analysis-start", gathering)).content.decode()
    assert page.count("<h1") == 1
    response = client.post(_url("analysis-start", gathering))
    assert response.url == _url("findings", gathering)
    gathering.refresh_from_db()
    assert gathering.stage == Stage.ANALYSIS


def test_analysis_cannot_start_twice(client, analysis, reviewer):
    client.force_login(reviewer)
    response = client.post(_url("analysis-start", analysis), follow=True)
    assert "can only be done while the review is at: gathering information" in (
        response.content.decode()
    )


def test_the_work_pages_ask_outsiders_to_sign_in(client, gathering):
    response = client.get(_url("learning-event-add", gathering))
    assert response.status_code == 302
    assert "sign-in" in response.url


@pytest.mark.parametrize(
    "name", ["request-reports", "learning-event-add", "family-contact-add", "analysis-start"]
)
def test_an_unknown_review_is_not_found(client, business_unit_officer, name):
    client.force_login(business_unit_officer)
    assert client.get(reverse(f"reviews:{name}", args=[uuid.uuid4()])).status_code == 404
