"""Who can open which staff page: every role against every page, in one table.

200 = allowed, 403 = signed in without the role, 302 = sent to sign in."""

import pytest
from django.urls import reverse

PAGES = ["board:dashboard", "accounts:agency-list", "accounts:agency-add", "accounts:people"]
PAGES += ["accounts:invite", "board:audit-trail"]

EXPECTED = {
    #                        dashboard agencies add-agency people invite audit
    "business_unit_officer": (200, 200, 200, 200, 200, 200),
    "panel_chair": (200, 200, 403, 403, 403, 403),
    "board_member": (200, 200, 403, 403, 403, 403),
    "reviewer": (200, 200, 403, 403, 403, 403),
    "police_lead": (200, 200, 403, 200, 200, 403),
    "health_lead": (200, 200, 403, 200, 200, 403),
    "data_officer": (200, 200, 403, 403, 403, 403),
    "practitioner": (200, 403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_sees_only_the_pages_it_may_use(client, personas, persona):
    client.force_login(personas[persona])
    got = tuple(client.get(reverse(name)).status_code for name in PAGES)
    assert got == EXPECTED[persona], dict(zip(PAGES, got, strict=True))


def test_it_sends_visitors_who_are_not_signed_in_to_sign_in(client, db):
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_an_inactive_account_can_use_nothing(client, personas):
    officer = personas["business_unit_officer"]
    officer.is_active = False
    officer.save()
    client.force_login(officer)
    assert client.get(reverse("board:audit-trail")).status_code == 302
