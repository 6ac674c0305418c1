"""Two people changing one agency: the second is told what the first changed, keeps their own
answers, and can save again; every update's audit event holds the values before and after."""

import re

from django.urls import reverse

from manx_learning.accounts import services
from manx_learning.core.models import AuditEvent

FIELDS = services.AGENCY_EDITABLE_FIELDS


def _token(html):
    return re.search(r'name="edit_token" value="([^"]+)"', html).group(1)


def _form(client, agency):
    """The edit form as drawn: every field's value, and its edit token."""
    html = client.get(reverse("accounts:agency-edit", args=[agency.code])).content.decode()
    values = {name: getattr(agency, name) for name in FIELDS if name != "is_active"}
    return values | {"is_active": "on", "edit_token": _token(html)}


def test_the_second_editor_is_told_and_loses_nothing(client, police, business_unit_officer):
    client.force_login(business_unit_officer)
    url = reverse("accounts:agency-edit", args=[police.code])
    first, second = _form(client, police), _form(client, police)
    assert client.post(url, first | {"name": "Isle of Man Police"}).status_code == 302

    mine = second | {"agency_code": "IOMC"}
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this while you were editing it" in html
    assert "Isle of Man Police" in html  # what they changed, shown
    assert 'value="IOMC"' in html  # mine, kept in the form
    police.refresh_from_db()
    assert police.name == "Isle of Man Police"
    assert police.agency_code == "IMC"  # nothing overwritten

    again = mine | {"name": "Isle of Man Police", "edit_token": _token(html)}
    assert client.post(url, again).status_code == 302
    police.refresh_from_db()
    assert (police.agency_code, police.name) == ("IOMC", "Isle of Man Police")


def test_an_update_records_what_it_changed_before_and_after(client, police, business_unit_officer):
    client.force_login(business_unit_officer)
    old = police.name
    form = _form(client, police) | {"name": "Isle of Man Police"}
    client.post(reverse("accounts:agency-edit", args=[police.code]), form)
    event = AuditEvent.objects.filter(verb="agency.updated").latest("sequence")
    assert event.detail["changed"] == {"name": {"before": old, "after": "Isle of Man Police"}}


def test_a_service_called_without_a_token_checks_nothing(police):
    services.agency_update(agency=police, by=None, name="Constabulary")
    police.refresh_from_db()
    assert police.name == "Constabulary"
