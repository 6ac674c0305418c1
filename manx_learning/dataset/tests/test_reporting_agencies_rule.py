"""One rule for every route in: an agency sends figures only for the indicators the catalogue
names it for (the owner or a reporting agency). The API took a police indicator from another
agency's token (201, then public in open data) while the same row was refused elsewhere."""

import pytest

from manx_learning.dataset import services
from manx_learning.dataset.models import Indicator, Observation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

ROW = "indicator,agency,period,value\nCP-02,{agency},2026-03,55\n"


def _problems(rejected):
    return [error.message for error in rejected.value.errors]


def test_the_api_refuses_an_indicator_the_agency_does_not_report(health, business_unit_officer):
    token, _ = services.token_issue(agency=health, name="Cerner", by=business_unit_officer)
    with pytest.raises(services.ReturnRejected) as rejected:
        services.return_submit_api(
            token=token, observations=[{"indicator": "CP-02", "period": "2026-03", "value": 55}]
        )
    assert any("does not report CP-02" in p for p in _problems(rejected))
    assert not Observation.objects.exists()


def test_an_upload_and_the_command_refuse_it_too(health, health_lead):
    data = ROW.format(agency=health.agency_code).encode()
    with pytest.raises(services.ReturnRejected) as rejected:
        services.return_submit_file(
            agency=health, period="2026-03", data=data, file_name="r.csv", by=health_lead
        )
    assert any("does not report CP-02" in p for p in _problems(rejected))
    with pytest.raises(services.ReturnRejected) as rejected:
        services.observations_import(data=data)
    assert any("does not report CP-02" in p for p in _problems(rejected))
    assert not Observation.objects.exists()


def test_the_owner_and_the_reporting_agencies_may_send_it(police, health, health_lead):
    services.observations_import(data=ROW.format(agency=police.agency_code).encode())
    shared = "indicator,agency,period,value\nCP-01,{agency},2026-03,4\n"
    services.observations_import(data=shared.format(agency=health.agency_code).encode())
    assert Observation.objects.count() == 2


def test_an_indicator_that_names_no_one_is_open_to_every_agency(health):
    Indicator.objects.create(
        code="XX-01", name="Unassigned", unit="count", frequency="monthly", improvement="down"
    )
    row = f"indicator,agency,period,value\nXX-01,{health.agency_code},2026-03,3\n"
    services.observations_import(data=row.encode())
    assert Observation.objects.filter(indicator__code="XX-01").count() == 1
