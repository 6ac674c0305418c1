"""The business unit e-mails a practitioner survey's public link to agencies and roles."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from manx_learning.accounts.models import Role
from manx_learning.accounts.tests.factories import make_person
from manx_learning.surveys import services
from manx_learning.surveys.models import Audience, Response


@pytest.mark.django_db(transaction=True)
def test_the_link_reaches_the_chosen_agencies_and_roles_through_the_worker(
    client, make_survey, business_unit_officer, practitioner, police_lead, police, health
):
    make_person("nurse@health.example.im", health, Role.PRACTITIONER)
    away = make_person("away@police.example.im", police, Role.PRACTITIONER)
    away.is_active = False
    away.save()
    survey = make_survey()
    client.force_login(business_unit_officer)
    response = client.post(
        reverse("surveys:send", args=[survey.code]),
        {"agencies": [police.pk], "roles": [Role.PRACTITIONER]},
        follow=True,
    )
    assert "1 person e-mailed" in response.content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.to for m in mail.outbox] == [[practitioner.email]]
    assert services.public_url(survey) in mail.outbox[0].body
    assert "anonymous" in mail.outbox[0].body
    assert not Response.objects.exists()


def test_a_families_survey_is_not_sent_through_the_system(
    make_survey, business_unit_officer, police
):
    survey = make_survey(audience=Audience.FAMILIES)
    with pytest.raises(ValidationError, match="Only practitioner and stakeholder"):
        services.survey_send(
            survey=survey, by=business_unit_officer, agencies=[police], roles=[Role.PRACTITIONER]
        )
