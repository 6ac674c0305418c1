"""Two people editing one theme: the second is told what the first changed, keeps their own
text, and can save again; every update's audit event holds the values before and after."""

import re

from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.vocabulary.models import Theme

TOKEN = re.compile(r'name="edit_token" value="([^"]+)"')


def _url(theme):
    return reverse("reviews:theme-edit", args=[theme.code])


def _form(client, theme):
    """The edit form as drawn: every field's value, and its edit token."""
    html = client.get(_url(theme)).content.decode()
    return {
        "name": theme.name,
        "description": theme.description,
        "is_active": theme.is_active,
        "edit_token": TOKEN.search(html).group(1),
    }


def test_the_second_editor_is_told_and_loses_nothing(client, business_unit_officer):
    theme = Theme.objects.create(name="Online harm")
    client.force_login(business_unit_officer)
    first, second = _form(client, theme), _form(client, theme)
    assert client.post(_url(theme), first | {"name": "Harm online"}).status_code == 302

    mine = second | {"description": "Harm through a child's phone, games and the internet"}
    response = client.post(_url(theme), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this while you were editing it" in html
    assert "Name: “Online harm” is now “Harm online”" in html  # what they changed, shown
    assert "Harm through a child&#x27;s phone, games and the internet" in html  # mine, kept
    theme.refresh_from_db()
    assert theme.name == "Harm online"
    assert theme.description == ""  # nothing overwritten

    again = mine | {"name": "Harm online", "edit_token": TOKEN.search(html).group(1)}
    assert client.post(_url(theme), again).status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.description) == ("Harm online", mine["description"])


def test_a_taken_name_still_gets_a_clear_error(client, business_unit_officer):
    Theme.objects.get_or_create(name="Neglect")
    theme = Theme.objects.create(name="Old name")
    client.force_login(business_unit_officer)
    response = client.post(_url(theme), _form(client, theme) | {"name": "neglect"})
    assert response.context["form"].errors["name"] == [
        "There is already a theme called ‘Neglect’. Choose another name"
    ]


def test_an_update_records_what_it_changed_before_and_after(client, business_unit_officer):
    theme = Theme.objects.create(name="Old name")
    client.force_login(business_unit_officer)
    form = _form(client, theme) | {"name": "New name", "is_active": False}
    assert client.post(_url(theme), form).status_code == 302
    event = AuditEvent.objects.filter(verb="theme.updated").latest("sequence")
    assert event.detail["changed"] == {
        "name": {"before": "Old name", "after": "New name"},
        "is_active": {"before": True, "after": False},
    }
