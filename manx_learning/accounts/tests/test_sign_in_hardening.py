"""Sign-in hardening: a fresh session key once the second factor is proved; a locked-out code
box says it is locked and until when; password-reset e-mails to one address are limited."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from manx_learning.accounts.tests.factories import PASSWORD
from manx_learning.core.models import AuditEvent


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def device(police_lead):
    return TOTPDevice.objects.create(user=police_lead, name="App", confirmed=True)


def test_proving_the_second_factor_gives_a_new_session_key(client, police_lead, device):
    client.post("/account/sign-in/", {"email": police_lead.email, "password": PASSWORD})
    before = client.session.session_key
    assert client.post("/account/two-factor/", {"token": _code(device)}).status_code == 302
    assert client.session.session_key != before
    assert client.get("/dashboard/").status_code == 200


def test_setting_up_the_second_factor_gives_a_new_session_key(client, police_lead):
    client.force_login(police_lead)
    client.get("/account/two-factor/set-up/")
    before = client.session.session_key
    pending = TOTPDevice.objects.get(user=police_lead, confirmed=False)
    assert client.post("/account/two-factor/set-up/", {"token": _code(pending)}).status_code == 302
    assert client.session.session_key != before


def test_after_wrong_codes_it_says_it_is_locked_not_that_the_code_is_wrong(
    client, police_lead, device
):
    client.post("/account/sign-in/", {"email": police_lead.email, "password": PASSWORD})
    client.post("/account/two-factor/", {"token": "000000"})
    html = client.post("/account/two-factor/", {"token": _code(device)}).content.decode()
    # The right code is refused while locked; it said "The code is not right".
    assert "Too many wrong codes" in html and "Try again after" in html
    assert "The code is not right" not in html


def test_the_first_wrong_code_is_called_wrong(client, police_lead, device):
    client.post("/account/sign-in/", {"email": police_lead.email, "password": PASSWORD})
    html = client.post("/account/two-factor/", {"token": "000000"}).content.decode()
    assert "The code is not right" in html


@pytest.mark.django_db(transaction=True)
def test_reset_emails_to_one_address_are_limited(client, police_lead, settings):
    settings.PASSWORD_RESET_EMAILS_PER_HOUR = 3
    cache.clear()  # the count lives in the cache, which other tests in this process share
    for _ in range(6):
        response = client.post("/account/password/reset/", {"email": police_lead.email})
        assert response["Location"] == "/account/password/reset/sent/"  # the same answer
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 3
    assert AuditEvent.objects.filter(verb="user.password_reset_throttled").count() == 3
