"""Two people editing one briefing: the second is told what the first changed, keeps their own
text, and can save again; every update's audit event holds the values before and after."""

import re

from django.urls import reverse

from manx_learning.briefings import services
from manx_learning.core.models import AuditEvent

FIELDS = services.EDITABLE_FIELDS


def _form(client, briefing):
    """The edit form as drawn: every field's value, and its edit token."""
    html = client.get(reverse("briefings:briefing-edit", args=[briefing.code])).content.decode()
    token = re.search(r'name="edit_token" value="([^"]+)"', html).group(1)
    return {name: getattr(briefing, name) for name in FIELDS} | {"edit_token": token}


def test_the_second_editor_is_told_and_loses_nothing(client, briefing, business_unit_officer):
    client.force_login(business_unit_officer)
    url = reverse("briefings:briefing-edit", args=[briefing.code])
    first, second = _form(client, briefing), _form(client, briefing)
    assert client.post(url, first | {"title": "Neglect: seeing the child"}).status_code == 302

    mine = second | {"key_learning": "Ask to see the child's bedroom, every visit."}
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this while you were editing it" in html
    assert "Neglect: seeing the child" in html  # what they changed, shown
    assert "Ask to see the child&#x27;s bedroom, every visit." in html  # mine, kept in the form
    briefing.refresh_from_db()
    assert briefing.title == "Neglect: seeing the child"
    assert briefing.key_learning != mine["key_learning"]  # nothing overwritten

    token = re.search(r'name="edit_token" value="([^"]+)"', html).group(1)
    again = mine | {"title": "Neglect: seeing the child", "edit_token": token}
    assert client.post(url, again).status_code == 302
    briefing.refresh_from_db()
    assert briefing.key_learning == mine["key_learning"] and briefing.title == again["title"]


def test_an_update_records_what_it_changed_before_and_after(
    client, briefing, business_unit_officer
):
    client.force_login(business_unit_officer)
    old = briefing.title
    form = _form(client, briefing) | {"title": "A new title"}
    client.post(reverse("briefings:briefing-edit", args=[briefing.code]), form)
    event = AuditEvent.objects.filter(verb="briefing.updated").latest("sequence")
    assert event.detail["changed"] == {"title": {"before": old, "after": "A new title"}}
