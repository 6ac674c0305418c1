import re

import pytest
from django.core import mail
from django.core.management import call_command

from manx_learning.core.models import AuditEvent

NEW = "another long passphrase here"


# The worker commits and closes its own connection, so this runs outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_person_resets_a_forgotten_password_by_email(client, police_lead):
    response = client.post("/account/password/reset/", {"email": police_lead.email.upper()})
    assert response["Location"] == "/account/password/reset/sent/"
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 1
    path = re.search(r"http://[^/]+(/account/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    police_lead.refresh_from_db()
    assert police_lead.check_password(NEW)
    assert AuditEvent.objects.filter(verb="user.password_reset").exists()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, db):
    response = client.post("/account/password/reset/", {"email": "nobody@example.im"})
    assert response["Location"] == "/account/password/reset/sent/"
    assert mail.outbox == []
