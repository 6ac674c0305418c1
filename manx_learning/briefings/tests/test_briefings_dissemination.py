"""Sending a briefing, team sessions, acknowledgements, change returns and the reach dashboard."""

from django.core import mail

from manx_learning.accounts.models import Role
from manx_learning.accounts.tests.factories import make_person
from manx_learning.briefings import services
from manx_learning.briefings.models import Acknowledgement, BriefingSend, ChangeReturn, TeamSession
from manx_learning.core.models import AuditEvent

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
ANSWERS = {
    "answer_1": "Ask sooner",
    "answer_2": "Refer",
    "answer_3": "Supervision",
    "confirm": "on",
}


def _send(client, briefing, agencies, roles):
    return client.post(
        f"/briefings/{briefing.code}/send/",
        {"agencies": [a.pk for a in agencies], "roles": roles},
    )


def test_sending_emails_the_right_people_once(
    client,
    settings,
    django_capture_on_commit_callbacks,
    briefing,
    business_unit_officer,
    police,
    health,
    practitioner,
    police_lead,
    health_lead,
    data_officer,
):
    settings.TASKS = IMMEDIATE
    client.force_login(business_unit_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, briefing, [police], ["practitioner", "agency_lead"])
    assert response["Location"] == f"/briefings/{briefing.code}/"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([practitioner.email, police_lead.email])
    assert f"/briefings/{briefing.code}/acknowledge/" in mail.outbox[0].body
    assert "7-minute briefing to read" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        _send(client, briefing, [police, health], ["practitioner", "agency_lead"])
    # Only the health lead is new; nobody is e-mailed twice.
    assert len(mail.outbox) == 3 and mail.outbox[2].to == [health_lead.email]
    assert BriefingSend.objects.count() == 2


def test_a_person_with_two_matching_roles_gets_one_email(
    settings,
    django_capture_on_commit_callbacks,
    briefing,
    business_unit_officer,
    police,
    police_lead,
):
    settings.TASKS = IMMEDIATE
    both = make_person("both@police.example.im", police, Role.PRACTITIONER, Role.AGENCY_LEAD)
    with django_capture_on_commit_callbacks(execute=True):
        _, count = services.briefing_send(
            briefing=briefing,
            by=business_unit_officer,
            agencies=[police],
            roles=["practitioner", "agency_lead"],
        )
    # The police lead (who referred the review) is e-mailed too.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([both.email, police_lead.email])
    assert count == 2


def test_sending_needs_an_agency_and_a_role(client, briefing, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.post(f"/briefings/{briefing.code}/send/", {})
    page = response.content.decode()
    assert "Select at least one agency" in page and "Select at least one role" in page


def test_an_agency_lead_records_a_session_for_their_own_agency(
    client, sent_briefing, police_lead, police
):
    client.force_login(police_lead)
    data = {"held_on": "3/6/2026", "attendees": "12", "notes": "Team meeting", "agency": "x"}
    response = client.post(f"/briefings/{sent_briefing.code}/sessions/add/", data)
    assert response["Location"] == f"/briefings/{sent_briefing.code}/"
    session = TeamSession.objects.get()
    assert session.agency == police and session.attendees == 12


def test_an_agency_lead_of_an_agency_not_sent_to_cannot_record_a_session(
    client, briefing, business_unit_officer, police, health_lead
):
    services.briefing_send(
        briefing=briefing, by=business_unit_officer, agencies=[police], roles=["agency_lead"]
    )
    client.force_login(health_lead)
    data = {"held_on": "3/6/2026", "attendees": "12"}
    # not sent to their agency, so they are told nothing of the briefing
    assert client.post(f"/briefings/{briefing.code}/sessions/add/", data).status_code == 404
    assert not TeamSession.objects.exists()


def test_a_session_cannot_be_in_the_future(client, sent_briefing, police_lead):
    client.force_login(police_lead)
    data = {"held_on": "1/1/2999", "attendees": "12"}
    response = client.post(f"/briefings/{sent_briefing.code}/sessions/add/", data)
    assert "must be today or in the past" in response.content.decode()
    assert not TeamSession.objects.exists()


def test_a_practitioner_cannot_record_a_session(client, sent_briefing, practitioner):
    client.force_login(practitioner)
    data = {"held_on": "3/6/2026", "attendees": "12"}
    assert client.post(f"/briefings/{sent_briefing.code}/sessions/add/", data).status_code == 403


def test_a_practitioner_acknowledges_once_with_answers(client, sent_briefing, practitioner, police):
    client.force_login(practitioner)
    url = f"/briefings/{sent_briefing.code}/acknowledge/"
    page = client.get(url).content.decode()
    assert "What would I do differently?" in page and "Key learning" in page
    assert client.post(url, ANSWERS)["Location"] == url
    ack = Acknowledgement.objects.get()
    assert ack.person == practitioner and ack.agency == police
    assert ack.answers == ["Ask sooner", "Refer", "Supervision"]
    client.post(url, ANSWERS | {"answer_1": "Again"})
    assert Acknowledgement.objects.count() == 1
    assert "You have read this briefing" in client.get(url).content.decode()


def test_acknowledging_needs_the_answers_and_the_confirmation(client, sent_briefing, practitioner):
    client.force_login(practitioner)
    response = client.post(f"/briefings/{sent_briefing.code}/acknowledge/", {})
    page = response.content.decode()
    assert "Confirm that you have read this briefing" in page
    assert "Answer the first question" in page
    assert not Acknowledgement.objects.exists()


def test_someone_not_sent_to_cannot_acknowledge(client, sent_briefing, data_officer, police):
    outsider = make_person("prac@other.example.im", data_officer.agency, Role.DATA_OFFICER)
    client.force_login(outsider)
    url = f"/briefings/{sent_briefing.code}/acknowledge/"
    # not sent to them, so they are told nothing of the briefing
    assert client.get(url).status_code == 404
    assert client.post(url, ANSWERS).status_code == 404
    assert not Acknowledgement.objects.exists()


def test_an_agency_returns_its_changes_once_and_can_edit_them(
    client, sent_briefing, health_lead, health
):
    client.force_login(health_lead)
    url = f"/briefings/{sent_briefing.code}/changes/"
    client.post(url, {"changes": "Triage every repeat attendance."})
    client.post(url, {"changes": "Triage every repeat attendance within a day."})
    change = ChangeReturn.objects.get()
    assert change.agency == health and change.changes.endswith("within a day.")
    assert "within a day." in client.get(url).content.decode()


def test_the_reach_dashboard_shows_reached_acknowledged_and_acted_on_per_agency(
    client, sent_briefing, practitioner, police_lead, health_lead, panel_chair, police, health
):
    services.briefing_acknowledge(briefing=sent_briefing, by=practitioner, answers=["a", "b", "c"])
    services.team_session_record(
        briefing=sent_briefing, by=police_lead, held_on="2026-06-03", attendees=9
    )
    services.change_return_save(briefing=sent_briefing, by=health_lead, changes="Triage.")
    figures = services.reach(sent_briefing)
    rows = {row.agency.agency_code: row for row in figures.rows}
    assert (rows["IMC"].reached, rows["IMC"].acknowledged, rows["IMC"].acknowledged_percent) == (
        2,
        1,
        50,
    )
    assert (rows["IMC"].sessions, rows["IMC"].attendees, rows["IMC"].change_returned) == (
        1,
        9,
        False,
    )
    assert (rows["NOBLES"].reached, rows["NOBLES"].change_returned) == (1, True)
    assert (figures.totals.reached, figures.totals.acknowledged) == (3, 1)
    client.force_login(panel_chair)
    page = client.get(f"/briefings/{sent_briefing.code}/reach/").content.decode()
    assert "Isle of Man Constabulary" in page and "1 (50%)" in page and "1 of 2" in page
    csv = client.get(f"/briefings/{sent_briefing.code}/reach/?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("Agency,People reached,Acknowledged")
    assert "Isle of Man Constabulary,2,1,50,1,9,No" in lines
    assert lines[-1] == "Total,3,1,33,1,9,1 of 2"


def test_an_agency_lead_sees_who_in_their_agency_has_and_has_not_acknowledged(
    client, sent_briefing, practitioner, police_lead, health_lead
):
    services.briefing_acknowledge(
        briefing=sent_briefing, by=practitioner, answers=["Ask who else lives there", "b", "c"]
    )
    client.force_login(police_lead)
    page = client.get(f"/briefings/{sent_briefing.code}/reach/").content.decode()
    people = page[page.index("Who has read it") :]
    assert practitioner.full_name in people and police_lead.full_name in people
    assert health_lead.full_name not in people  # another agency's people
    assert "Noble" not in page  # nor its figures
    # Not acknowledged first, so the lead sees whom to chase.
    assert people.index(police_lead.full_name) < people.index(practitioner.full_name)
    assert "Ask who else lives there" in people and sent_briefing.question_1 in people
    event = AuditEvent.objects.get(verb="briefing.acknowledgements_viewed")
    assert event.detail == {"agency": police_lead.agency_id, "people": 2}


def test_the_business_unit_sees_everyone_and_the_panel_the_figures_only(
    client, sent_briefing, business_unit_officer, panel_chair, health_lead, police_lead
):
    client.force_login(business_unit_officer)
    page = client.get(f"/briefings/{sent_briefing.code}/reach/").content.decode()
    assert health_lead.full_name in page and police_lead.full_name in page
    client.force_login(panel_chair)
    page = client.get(f"/briefings/{sent_briefing.code}/reach/").content.decode()
    assert "Who has read it" not in page and health_lead.full_name not in page
    assert "Reach by agency" in page


def test_the_csv_is_spreadsheet_safe(client, briefing, business_unit_officer, police):
    police.name = "=HYPERLINK(1)"
    police.save()
    services.briefing_send(
        briefing=briefing, by=business_unit_officer, agencies=[police], roles=["practitioner"]
    )
    client.force_login(business_unit_officer)
    body = client.get(f"/briefings/{briefing.code}/reach/?format=csv").content.decode()
    assert "\n=HYPERLINK" not in body


def test_the_staff_page_shows_reach_to_the_business_unit(
    client, sent_briefing, business_unit_officer
):
    client.force_login(business_unit_officer)
    page = client.get(f"/briefings/{sent_briefing.code}/").content.decode()
    assert "Reach by agency" in page and page.count("<h1") == 1


def test_the_reach_page_costs_the_same_queries_for_ten_or_sixty_people(
    client, briefing, business_unit_officer, police
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from manx_learning.accounts.models import Role
    from manx_learning.accounts.tests.factories import make_person

    services.briefing_send(
        briefing=briefing, by=business_unit_officer, agencies=[police], roles=["practitioner"]
    )
    client.force_login(business_unit_officer)
    url = f"/briefings/{briefing.code}/reach/"

    def queries_with(total: int) -> int:
        while police.users.count() < total:
            n = police.users.count()
            person = make_person(f"p{n}@police.example.im", police, Role.PRACTITIONER)
            if n % 2:
                services.briefing_acknowledge(briefing=briefing, by=person, answers=["a", "b", "c"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_with(10) == queries_with(60)
