"""Who sees surveys and their results, by role and agency."""

from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.surveys.tests.factories import answer


def test_people_without_assurance_access_are_refused(client, make_survey, practitioner, reviewer):
    survey = make_survey()
    for person in (practitioner, reviewer):
        client.force_login(person)
        assert client.get(reverse("surveys:list")).status_code == 403
        # may see no survey at all, so told nothing of this one
        assert client.get(reverse("surveys:results", args=[survey.code])).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, make_survey):
    survey = make_survey()
    assert client.get(reverse("surveys:results", args=[survey.code])).status_code == 302


def test_an_agency_lead_sees_board_wide_surveys_and_their_own_agencys_only(
    client, make_survey, police_lead, police, health
):
    board_wide = make_survey(title="Board-wide")
    ours = make_survey(title="Police survey", agencies=[police])
    theirs = make_survey(title="Health survey", agencies=[health])
    draft = make_survey(title="Draft", publish=False)
    client.force_login(police_lead)
    page = client.get(reverse("surveys:list")).content.decode()
    assert "Board-wide" in page and "Police survey" in page
    assert "Health survey" not in page and "Draft" not in page
    assert client.get(reverse("surveys:results", args=[ours.code])).status_code == 200
    assert client.get(reverse("surveys:results", args=[board_wide.code])).status_code == 200
    # another agency's survey, and a draft: not theirs to see, so told nothing of them
    assert client.get(reverse("surveys:results", args=[theirs.code])).status_code == 404
    assert client.get(reverse("surveys:detail", args=[draft.code])).status_code == 404


def test_the_panel_sees_results_but_cannot_run_surveys(client, make_survey, panel_chair, health):
    survey = make_survey(agencies=[health])
    client.force_login(panel_chair)
    assert client.get(reverse("surveys:results", args=[survey.code])).status_code == 200
    assert client.get(reverse("surveys:create")).status_code == 403
    assert client.post(reverse("surveys:close", args=[survey.code])).status_code == 403
    assert client.get(reverse("surveys:send", args=[survey.code])).status_code == 403


def test_viewing_results_is_audited(client, make_survey, board_member):
    survey = make_survey()
    for _ in range(5):
        answer(survey)
    client.force_login(board_member)
    client.get(reverse("surveys:results", args=[survey.code]))
    event = AuditEvent.objects.get(verb="survey.results_viewed")
    assert event.actor == board_member and event.object_id == str(survey.code)
