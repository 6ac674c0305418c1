"""A practitioner's dashboard lists the briefings sent to them until they acknowledge them."""

from manx_learning.briefings import services


def test_a_sent_briefing_waits_on_the_practitioners_dashboard(client, sent_briefing, practitioner):
    client.force_login(practitioner)
    assert sent_briefing.title in client.get("/dashboard/").content.decode()
    assert services.briefings_to_acknowledge(practitioner) == [sent_briefing]


def test_it_leaves_once_acknowledged(client, sent_briefing, practitioner):
    from manx_learning.briefings.models import Acknowledgement

    Acknowledgement.objects.create(
        briefing=sent_briefing, person=practitioner, agency=practitioner.agency, answers=[]
    )
    client.force_login(practitioner)
    html = client.get("/dashboard/").content.decode()
    assert "No briefings are waiting for you" in html


def test_people_it_was_not_sent_to_do_not_see_it(sent_briefing, data_officer):
    assert services.briefings_to_acknowledge(data_officer) == []
