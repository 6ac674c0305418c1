"""Two people editing one Board priority: the second is told what the first changed, keeps
their own text, and can save again; every update's audit event holds the values before and
after."""

import re

from django.urls import reverse

from manx_learning.core.formkit import date_initial
from manx_learning.core.models import AuditEvent

TOKEN = re.compile(r'name="edit_token" value="([^"]+)"')


def _url(priority):
    return reverse("assurance:priority-edit", args=[priority.code])


def _form(client, priority):
    """The edit form as drawn: every field's value, and its edit token."""
    html = client.get(_url(priority)).content.decode()
    return {
        "title": priority.title,
        "outcome_sought": priority.outcome_sought,
        "description": priority.description,
        "starts_on": date_initial(priority.starts_on),
        "ends_on": date_initial(priority.ends_on),
        "edit_token": TOKEN.search(html).group(1),
    }


def test_the_second_editor_is_told_and_loses_nothing(client, neglect, business_unit_officer):
    client.force_login(business_unit_officer)
    first, second = _form(client, neglect), _form(client, neglect)
    assert (
        client.post(_url(neglect), first | {"title": "Neglect: seeing the child"}).status_code
        == 302
    )

    mine = second | {"description": "Half of the reviews last year found neglect's signs missed."}
    response = client.post(_url(neglect), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this while you were editing it" in html
    assert "Neglect: seeing the child" in html  # what they changed, shown
    assert "Half of the reviews last year found neglect&#x27;s signs missed." in html  # mine, kept
    neglect.refresh_from_db()
    assert neglect.title == "Neglect: seeing the child"
    assert neglect.description != mine["description"]  # nothing overwritten

    again = mine | {"title": "Neglect: seeing the child", "edit_token": TOKEN.search(html).group(1)}
    assert client.post(_url(neglect), again).status_code == 302
    neglect.refresh_from_db()
    assert neglect.description == mine["description"] and neglect.title == again["title"]


def test_an_update_records_what_it_changed_before_and_after(client, neglect, business_unit_officer):
    client.force_login(business_unit_officer)
    form = _form(client, neglect) | {"title": "A new title", "ends_on": "31/3/2029"}
    client.post(_url(neglect), form)
    event = AuditEvent.objects.filter(verb="priority.updated").latest("sequence")
    assert event.detail["changed"] == {
        "title": {"before": "Early help and neglect", "after": "A new title"},
        "ends_on": {"before": "2028-03-31", "after": "2029-03-31"},
    }
