import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from manx_learning.accounts.tests.factories import PASSWORD
from manx_learning.core.models import AuditEvent


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _set_up(client, user) -> TOTPDevice:
    client.force_login(user)
    page = client.get("/account/two-factor/set-up/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/account/two-factor/set-up/", {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    return device


def test_a_person_can_turn_on_two_factor_with_their_app(client, police_lead):
    device = _set_up(client, police_lead)
    assert device.confirmed
    assert AuditEvent.objects.filter(verb="user.two_factor_enabled").exists()


def test_a_wrong_code_does_not_turn_it_on(client, police_lead):
    client.force_login(police_lead)
    client.get("/account/two-factor/set-up/")
    html = client.post("/account/two-factor/set-up/", {"token": "000000"}).content.decode()
    assert "The code is not right" in html
    assert not TOTPDevice.objects.filter(user=police_lead, confirmed=True).exists()


def test_once_on_the_code_is_asked_for_at_every_sign_in(client, police_lead):
    device = _set_up(client, police_lead)
    client.logout()
    response = client.post("/account/sign-in/", {"email": police_lead.email, "password": PASSWORD})
    assert response["Location"].startswith("/account/two-factor/")
    # Until the code is entered, the service is closed.
    assert client.get("/dashboard/")["Location"] == "/account/two-factor/"
    device.refresh_from_db()
    device.last_t = -1  # allow the same 30-second code to be used again in this test
    device.save()
    response = client.post("/account/two-factor/", {"token": _code(device)})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.parametrize("code", ["12345", "abcdef", ""])
def test_a_malformed_code_is_explained(client, police_lead, code):
    _set_up(client, police_lead)
    html = client.post("/account/two-factor/", {"token": code}).content.decode()
    assert "There is a problem" in html


def test_where_required_staff_must_set_it_up_first(client, settings, police_lead):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(police_lead)
    assert client.get("/dashboard/")["Location"] == "/account/two-factor/set-up/"


def test_practitioners_are_not_forced_to_use_it(client, settings, practitioner):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(practitioner)
    assert client.get("/dashboard/").status_code == 200


def test_it_is_optional_outside_production(client, settings, police_lead):
    assert settings.TWO_FACTOR_REQUIRED is False
    client.force_login(police_lead)
    assert client.get("/dashboard/").status_code == 200
