import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from manx_learning.accounts.demo import DEMO_ACCOUNTS, DEMO_WORKFORCE
from manx_learning.accounts.models import Agency, Role, User

CONTRACT_EMAILS = {
    "business@demo.test",
    "panel@demo.test",
    "board@demo.test",
    "reviewer@demo.test",
    "police.lead@demo.test",
    "health.lead@demo.test",
    "data.officer@demo.test",
    "practitioner@demo.test",
}


def test_the_demo_board_has_every_contract_account_and_role(db, capsys):
    call_command("demo")
    workforce = set(User.objects.values_list("email", flat=True)) - CONTRACT_EMAILS
    assert workforce == {account.email for account in DEMO_WORKFORCE}
    contract = User.objects.filter(email__in=CONTRACT_EMAILS)
    assert set().union(*(user.role_codes for user in contract)) == set(Role.values)
    assert User.objects.get(email="police.lead@demo.test").agency.agency_code == "IMC"
    assert all(user.check_password("demo") for user in User.objects.all())
    out = capsys.readouterr().out
    assert "business@demo.test" in out and "fictional" in out
    # The printed sign-ins are one account per role, not the workforce.
    assert "practitioner@demo.test" in out and "ed.nurse@demo.test" not in out


def test_the_workforce_is_practitioners_of_several_agencies(db):
    call_command("demo")
    readers = User.objects.filter(email__in=[account.email for account in DEMO_WORKFORCE])
    assert all(user.role_codes == {Role.PRACTITIONER} and user.is_demo for user in readers)
    assert {user.agency.agency_code for user in readers} == {"IMC", "MCCF", "NOBLES", "DESC"}


def test_the_printed_sign_in_address_follows_the_site_address(db, capsys, settings):
    settings.SITE_URL = "http://192.168.1.20:8080"
    call_command("demo")
    assert "Sign in at http://192.168.1.20:8080/account/sign-in/ with:" in capsys.readouterr().out


def test_loading_the_demo_twice_duplicates_nothing(db):
    call_command("demo")
    counts = (User.objects.count(), Agency.objects.count())
    call_command("demo")
    people = len(DEMO_ACCOUNTS) + len(DEMO_WORKFORCE)
    assert (User.objects.count(), Agency.objects.count()) == counts == (people, 11)


def test_the_demo_password_can_be_chosen(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-pass")
    call_command("demo")
    assert User.objects.get(email="panel@demo.test").check_password("another-demo-pass")


def test_every_demo_account_can_sign_in_without_a_second_factor(client, db):
    call_command("demo")
    for email in sorted(CONTRACT_EMAILS):
        client.logout()
        response = client.post("/account/sign-in/", {"email": email, "password": "demo"})
        assert response["Location"] == "/dashboard/", email
        assert client.get("/dashboard/").status_code == 200


def test_the_demo_cannot_be_loaded_in_production(db, settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo")
    assert not User.objects.exists()


def test_the_demo_board_holds_reviews_at_different_stages(db):
    from manx_learning.reviews.models import Review

    call_command("demo")
    call_command("demo")  # loading twice duplicates nothing
    stages = dict(Review.objects.values_list("title", "stage"))
    assert stages == {
        "Child M (demo)": "approved",
        "Adult R (demo)": "approved",
        "Self-neglect thematic review (demo)": "gathering",
        "Adult N (demo)": "no_review",
        "Family P (demo)": "screening",
    }
    child_m = Review.objects.get(title="Child M (demo)")
    assert child_m.kind == "scmr" and child_m.approval.publication == "full"
    assert child_m.register_people.count() == 2
    assert child_m.chronology.count() == 16
    assert child_m.chronology.exclude(same_event="").values("same_event").distinct().count() == 2
    adult_r = Review.objects.get(title="Adult R (demo)")
    assert adult_r.kind == "learning_review" and adult_r.approval.publication == "full"
    assert adult_r.register_people.count() == 2


def test_the_business_unit_dashboard_lists_the_approved_review_waiting_to_be_published(client, db):
    from django.core.management import call_command

    from manx_learning.accounts.models import User

    call_command("demo", verbosity=0)
    client.force_login(User.objects.get(email="business@demo.test"))
    page = client.get("/dashboard/").content.decode()
    assert "Adult R (demo)" in page
    assert "Approved by the Board: anonymise and publish it" in page
    assert "Child M (demo)</a>" not in page  # already published
