import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from manx_learning.accounts.models import Invitation, Role, User
from manx_learning.core.models import AuditEvent

STRONG = "a long and unusual passphrase"


def _invite(client, inviter, agency, roles=(Role.PRACTITIONER,), email="new.person@example.im"):
    client.force_login(inviter)
    return client.post(
        "/people/invite/",
        {"full_name": "New Person", "email": email, "agency": agency.pk, "roles": list(roles)},
    )


def _run_worker() -> None:
    """The real Tasks worker, run once over the queue."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def _link_from_outbox() -> str:
    return re.search(r"http://\S+/account/invitations/(\S+)/", mail.outbox[-1].body).group(0)


# The worker commits and closes its own connection, so these tests run outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_business_unit_invites_someone_and_the_worker_emails_them(
    client, business_unit_officer, police
):
    response = _invite(client, business_unit_officer, police, roles=[Role.AGENCY_LEAD])
    assert response.status_code == 302
    assert mail.outbox == []  # sending is the worker's job, not the web request's
    _run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.im"]
    assert "invited" in message.subject
    assert message.alternatives  # an HTML part as well as text
    invitation = Invitation.objects.get()
    assert invitation.roles == [Role.AGENCY_LEAD]
    assert AuditEvent.objects.filter(verb="invitation.created").exists()


@pytest.mark.django_db(transaction=True)
def test_the_invited_person_creates_their_account_once(client, business_unit_officer, police):
    _invite(client, business_unit_officer, police)
    _run_worker()
    link = _link_from_outbox().replace("http://127.0.0.1:8000", "")
    client.logout()
    data = {"full_name": "New Person", "password": STRONG, "password_confirm": STRONG}
    response = client.post(link, data)
    assert response.status_code == 302
    person = User.objects.get(email="new.person@example.im")
    assert person.agency == police
    assert person.role_codes == {Role.PRACTITIONER}
    client.logout()
    assert client.get(link).status_code == 404  # used once only


def test_weak_passwords_are_refused_with_the_reason(client, business_unit_officer, police):
    _, token = _make_invitation(business_unit_officer, police)
    data = {"full_name": "New Person", "password": "12345678", "password_confirm": "12345678"}
    html = client.post(f"/account/invitations/{token}/", data).content.decode()
    assert "There is a problem" in html
    assert "too short" in html or "too common" in html
    assert not User.objects.filter(email="new.person@example.im").exists()


def test_mismatched_passwords_are_refused(client, business_unit_officer, police):
    _, token = _make_invitation(business_unit_officer, police)
    data = {"full_name": "New Person", "password": STRONG, "password_confirm": STRONG + "x"}
    assert "do not match" in client.post(f"/account/invitations/{token}/", data).content.decode()


def test_an_expired_invitation_cannot_be_used(client, business_unit_officer, police):
    invitation, token = _make_invitation(business_unit_officer, police)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    assert client.get(f"/account/invitations/{token}/").status_code == 404


def test_a_withdrawn_invitation_cannot_be_used(client, business_unit_officer, police):
    invitation, token = _make_invitation(business_unit_officer, police)
    client.force_login(business_unit_officer)
    client.post(f"/account/invitations/{invitation.code}/withdraw/")
    client.logout()
    assert client.get(f"/account/invitations/{token}/").status_code == 404


def test_an_agency_lead_can_invite_only_to_their_own_agency(client, police_lead, health):
    response = _invite(client, police_lead, health)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_agency_lead_cannot_hand_out_board_roles(client, police_lead, police):
    response = _invite(client, police_lead, police, roles=[Role.BUSINESS_UNIT])
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_an_agency_lead_can_invite_a_data_officer_to_their_agency(client, police_lead, police):
    assert _invite(client, police_lead, police, roles=[Role.DATA_OFFICER]).status_code == 302


def test_someone_who_already_has_an_account_is_not_invited_again(
    client, business_unit_officer, police, police_lead
):
    response = _invite(client, business_unit_officer, police, email=police_lead.email.upper())
    assert "already has an account" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("email", "not-an-email", "correct format"), ("full_name", "", "Enter their full name")],
)
def test_bad_answers_are_named(client, business_unit_officer, police, field, value, message):
    client.force_login(business_unit_officer)
    data = {
        "full_name": "A",
        "email": "a@example.im",
        "agency": police.pk,
        "roles": ["practitioner"],
    }
    html = client.post("/people/invite/", data | {field: value}).content.decode()
    assert message in html


def _make_invitation(by, agency):
    from manx_learning.accounts.services import invitation_create

    return invitation_create(
        email="new.person@example.im",
        full_name="New Person",
        agency=agency,
        roles=[Role.PRACTITIONER],
        by=by,
    )


def test_an_operator_invites_the_first_officer_from_the_command_line(client, board_unit, capsys):
    call_command(
        "users",
        "invite",
        "first@example.im",
        "--name",
        "First Officer",
        "--agency",
        "sbbu",
        "--role",
        "business_unit",
    )
    link = re.search(r"http://\S+(/account/invitations/\S+/)", capsys.readouterr().out).group(1)
    data = {"full_name": "First Officer", "password": STRONG, "password_confirm": STRONG}
    assert client.post(link, data).status_code == 302
    assert User.objects.get(email="first@example.im").role_codes == {Role.BUSINESS_UNIT}
    event = AuditEvent.objects.get(verb="invitation.created")
    assert event.actor_label == "command line"


def test_the_command_names_an_unknown_agency(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No agency has the code XYZ"):
        call_command(
            "users",
            "invite",
            "a@example.im",
            "--name",
            "A",
            "--agency",
            "XYZ",
            "--role",
            "practitioner",
        )
