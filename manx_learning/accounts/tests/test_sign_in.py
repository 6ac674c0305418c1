from django.conf import settings

from manx_learning.accounts.tests.factories import PASSWORD
from manx_learning.core.models import AuditEvent


def _sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/account/sign-in/", {"email": email, "password": password}, **extra)


def test_it_signs_in_by_email_whatever_the_case(client, police_lead):
    response = _sign_in(client, "LEAD@Police.Example.IM")
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert AuditEvent.objects.filter(verb="user.signed_in", actor=police_lead).exists()


def test_a_wrong_password_gets_a_clear_error_and_is_audited(client, police_lead):
    response = _sign_in(client, police_lead.email, "wrong")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a correct email address and password" in html
    assert "<title>Error: " in html
    assert AuditEvent.objects.filter(verb="user.sign_in_failed").count() == 1


def test_empty_fields_are_named_in_the_error_summary(client, db):
    html = client.post("/account/sign-in/", {}).content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html


def test_it_locks_the_account_after_repeated_failures(client, police_lead):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, police_lead.email, "wrong")
    # Even the right password is refused while locked out.
    response = _sign_in(client, police_lead.email)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_only_follows_a_next_link_on_this_site(client, police_lead):
    response = client.post(
        "/account/sign-in/?next=https://evil.example/",
        {"email": police_lead.email, "password": PASSWORD},
    )
    assert response["Location"] == "/dashboard/"
    client.logout()
    response = client.post(
        "/account/sign-in/?next=/people/", {"email": police_lead.email, "password": PASSWORD}
    )
    assert response["Location"] == "/people/"


def test_the_session_ends_after_a_period_of_inactivity(client, police_lead):
    _sign_in(client, police_lead.email)
    assert client.session.get_expiry_age() == settings.SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request pushes the expiry forward


def test_signing_out_needs_a_post_and_is_audited(client, police_lead):
    client.force_login(police_lead)
    assert client.get("/account/sign-out/").status_code == 405
    response = client.post("/account/sign-out/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(verb="user.signed_out").exists()
