from manx_learning.accounts.models import Role
from manx_learning.core.models import AuditEvent


def test_an_agency_lead_sees_only_people_of_their_own_agency(client, personas):
    client.force_login(personas["police_lead"])
    page = client.get("/people/").context["page"]
    assert {person.agency.agency_code for person in page.object_list} == {"IMC"}


def test_an_agency_lead_cannot_open_someone_from_another_agency(client, personas):
    client.force_login(personas["police_lead"])
    # not their agency's: told nothing of them
    assert client.get(f"/people/{personas['health_lead'].code}/").status_code == 404


def test_looking_at_someones_record_is_audited(client, personas):
    client.force_login(personas["business_unit_officer"])
    client.get(f"/people/{personas['practitioner'].code}/")
    event = AuditEvent.objects.get(verb="user.viewed")
    assert event.object_id == str(personas["practitioner"].code)


def test_the_business_unit_changes_roles_and_the_change_is_audited(client, personas):
    practitioner = personas["practitioner"]
    client.force_login(personas["business_unit_officer"])
    response = client.post(
        f"/people/{practitioner.code}/",
        {
            "agency": practitioner.agency.pk,
            "roles": [Role.PRACTITIONER, Role.DATA_OFFICER],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.role_codes == {Role.PRACTITIONER, Role.DATA_OFFICER}
    event = AuditEvent.objects.get(verb="user.access_changed")
    assert event.detail["roles"] == {"added": ["data_officer"], "removed": []}


def test_an_agency_lead_cannot_make_someone_business_unit(client, personas):
    practitioner = personas["practitioner"]
    client.force_login(personas["police_lead"])
    response = client.post(
        f"/people/{practitioner.code}/",
        {"agency": practitioner.agency.pk, "roles": [Role.BUSINESS_UNIT], "is_active": "on"},
    )
    assert response.status_code == 200
    practitioner.refresh_from_db()
    assert practitioner.role_codes == {Role.PRACTITIONER}


def test_nobody_changes_their_own_access(client, personas):
    officer = personas["business_unit_officer"]
    client.force_login(officer)
    response = client.post(
        f"/people/{officer.code}/", {"agency": officer.agency.pk, "roles": [Role.PRACTITIONER]}
    )
    assert response.status_code == 403


def test_a_deactivated_person_cannot_sign_in(client, personas):
    practitioner = personas["practitioner"]
    client.force_login(personas["business_unit_officer"])
    client.post(
        f"/people/{practitioner.code}/",
        {"agency": practitioner.agency.pk, "roles": [Role.PRACTITIONER]},
    )
    client.logout()
    from manx_learning.accounts.tests.factories import PASSWORD

    response = client.post("/account/sign-in/", {"email": practitioner.email, "password": PASSWORD})
    assert response.status_code == 200


def test_agencies_can_be_added_by_the_business_unit_only(client, personas):
    data = {
        "agency_code": "vol",
        "name": "Island Support",
        "kind": "voluntary_sector",
        "is_active": "on",
    }
    client.force_login(personas["police_lead"])
    assert client.post("/agencies/add/", data).status_code == 403
    client.force_login(personas["business_unit_officer"])
    assert client.post("/agencies/add/", data).status_code == 302
    assert AuditEvent.objects.filter(verb="agency.created", object_repr="Island Support").exists()


def test_an_agency_code_already_used_is_refused_with_a_message(client, personas):
    client.force_login(personas["business_unit_officer"])
    data = {"agency_code": "IMC", "name": "Another", "kind": "police", "is_active": "on"}
    html = client.post("/agencies/add/", data).content.decode()
    assert "There is a problem" in html
    assert "already exists" in html
