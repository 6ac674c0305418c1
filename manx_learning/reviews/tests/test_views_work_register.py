"""The identifier register: real names behind the pseudonyms. Only the business unit and the
assigned reviewers see it, and every view, addition and export is audited."""

import json

import pytest
from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.reviews import services


def _url(name, review):
    return reverse(f"reviews:{name}", args=[review.code])


@pytest.fixture
def registered(gathering, business_unit_officer):
    services.register_person_add(
        review=gathering, by=business_unit_officer, pseudonym="Child J", names=["Jayden Kinrade"]
    )
    services.register_identifier_add(
        review=gathering, by=business_unit_officer, replacement="[school]", values=["Ballacottier"]
    )
    return gathering


def test_the_business_unit_sees_the_register_and_each_view_is_audited(
    client, registered, business_unit_officer
):
    client.force_login(business_unit_officer)
    for _ in range(2):
        response = client.get(_url("register", registered))
    html = response.content.decode()
    assert "This page holds real names" in html
    assert "Jayden Kinrade" in html
    assert "Ballacottier" in html and "School" in html
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(verb="register.viewed").count() == 2


def test_an_assigned_reviewer_adds_a_person_and_an_identifier(client, gathering, reviewer):
    client.force_login(reviewer)
    response = client.post(
        _url("register-person-add", gathering),
        {"pseudonym": "Mother", "names": "Sarah Kinrade\n\nSarah Quayle\n"},
    )
    assert response.url == _url("register", gathering)
    assert gathering.register_people.get().names == ["Sarah Kinrade", "Sarah Quayle"]
    response = client.post(
        _url("register-identifier-add", gathering),
        {"replacement": "[postcode]", "values": "IM1 1AA\nIM2 2BB"},
    )
    assert response.url == _url("register", gathering)
    assert gathering.register_identifiers.get().values == ["IM1 1AA", "IM2 2BB"]
    assert AuditEvent.objects.filter(verb="register.person_added").exists()
    assert AuditEvent.objects.filter(verb="register.identifier_added").exists()


def test_adding_to_the_register_needs_the_answers(client, gathering, reviewer):
    client.force_login(reviewer)
    html = client.post(
        _url("register-person-add", gathering), {"pseudonym": "Mother", "names": " \n "}
    ).content.decode()
    assert "Enter at least one name" in html
    html = client.post(_url("register-identifier-add", gathering), {}).content.decode()
    assert "Choose the kind of identifier" in html
    assert "Enter at least one value" in html
    assert not gathering.register_people.exists()


def test_the_export_is_a_json_attachment_and_is_audited(client, registered, reviewer):
    client.force_login(reviewer)
    response = client.get(_url("register-export", registered))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="REF-2026-001-register.json"'
    assert json.loads(response.content) == {
        "case": "REF-2026-001",
        "people": [{"pseudonym": "Child J", "names": ["Jayden Kinrade"]}],
        "identifiers": [{"replacement": "[school]", "values": ["Ballacottier"]}],
    }
    assert AuditEvent.objects.filter(verb="register.exported", actor=reviewer).exists()


# Those who see the review are refused the register (403); those who may not see the review at
# all are told nothing of it (404).
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("other_reviewer", 404),
        ("police_lead", 403),
        ("panel_chair", 403),
        ("board_member", 403),
        ("practitioner", 404),
    ],
)
@pytest.mark.parametrize(
    "name", ["register", "register-person-add", "register-identifier-add", "register-export"]
)
def test_no_one_else_sees_the_register(client, request, approval, persona, status, name):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(name, approval)).status_code == status
    assert not AuditEvent.objects.filter(verb__in=["register.viewed", "register.exported"]).exists()
