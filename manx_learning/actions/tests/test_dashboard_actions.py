"""Dashboards point people at the actions waiting for them."""

from manx_learning.actions.tests.factories import make_overdue


def test_an_agency_lead_sees_their_agencys_overdue_actions(client, police_action, police_lead):
    make_overdue(police_action, 5)
    client.force_login(police_lead)
    html = client.get("/dashboard/").content.decode()
    assert "open actions: 1" in html
    assert "1 overdue" in html


def test_another_agencys_lead_does_not_see_them(client, police_action, health_lead):
    client.force_login(health_lead)
    assert "open actions" not in client.get("/dashboard/").content.decode()


def test_a_panel_member_is_pointed_to_the_meeting_pack(client, panel_chair):
    client.force_login(panel_chair)
    assert "Panel meeting pack" in client.get("/dashboard/").content.decode()
