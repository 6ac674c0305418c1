"""Codes and values are checked in one place for every route, and pages survive any value
already stored. (`DA/02` as a code, or `1e308` as a value, broke public and staff pages.)"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from manx_learning.accounts import services as accounts_services
from manx_learning.core.validators import repaired_code
from manx_learning.dataset import catalogue, services
from manx_learning.dataset.models import Indicator, Observation

pytestmark = [pytest.mark.django_db]


@pytest.mark.parametrize("code", ["DA/02", "DA 02", "CP-03/", "../x", "<b>", "-CP"])
def test_an_unsafe_indicator_code_is_refused_with_a_message(business_unit_officer, code):
    with pytest.raises(ValidationError) as error:
        catalogue.indicator_save(
            by=business_unit_officer,
            code=code,
            name="Domestic abuse repeats",
            unit="count",
            frequency="monthly",
            improvement="down",
        )
    assert "letters, numbers and . _ or -" in str(error.value.message_dict["code"])
    assert not Indicator.objects.exists()


def test_an_unsafe_agency_code_is_refused(business_unit_officer):
    with pytest.raises(ValidationError) as error:
        accounts_services.agency_create(code="MC/ASC", name="Adult social care", by=None)
    assert "no spaces or slashes" in str(error.value)


@pytest.mark.parametrize(
    ("stored", "taken", "repaired"),
    [("DA/02", set(), "DA-02"), ("DA/02", {"da-02"}, "DA-02-2"), ("//", set(), "CODE")],
)
def test_a_code_stored_before_the_check_is_repaired_to_the_nearest_safe_one(
    stored, taken, repaired
):
    assert repaired_code(stored, taken) == repaired


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("value", ["1e308", "1e10", "-1e10"])
def test_an_absurd_value_is_refused_on_every_route(value):
    row = f"indicator,agency,period,value\nCP-03,IMC,2026-Q1,{value}\n"
    with pytest.raises(services.ReturnRejected) as rejected:
        services.observations_import(data=row.encode())
    assert any("too large" in e.message or "negative" in e.message for e in rejected.value.errors)


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("huge", ["one", "all", "only"])
def test_pages_survive_a_huge_value_already_stored(client, business_unit_officer, police, huge):
    quarters = [(year, q) for year in (2024, 2025) for q in (1, 2, 3, 4)]
    quarters = quarters[-1:] if huge == "only" else quarters
    good = "indicator,agency,period,value\n" + "".join(
        f"CP-03,IMC,{year}-Q{q},{10 + q}\n" for year, q in quarters
    )
    services.observations_import(data=good.encode())
    stored = Observation.objects.all()  # stored before values were checked
    (stored if huge != "one" else stored.filter(period="2025-Q4")).update(value=1e308)
    indicator = Indicator.objects.get(code="CP-03")
    indicator.is_published = True
    indicator.save()
    assert client.get(reverse("dataset:open-data")).status_code == 200
    assert client.get(reverse("dataset:open-data-indicator", args=["CP-03"])).status_code == 200
    client.force_login(business_unit_officer)
    assert client.get(reverse("dataset:indicator", args=["CP-03"])).status_code == 200
    assert client.get(reverse("dataset:agency-dashboard", args=[police.code])).status_code == 200
