"""Returns in the browser: the board, a data officer's upload and key-in, row-level errors,
the pre-filled template, queries and acceptance, and who is refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from manx_learning.core.models import AuditEvent
from manx_learning.dataset.models import Indicator, Observation, Return, ReturnVersion, ValueQuery

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
PERIOD = "2025-01"


def url(name, agency, period=PERIOD, **extra):
    return reverse(f"dataset:{name}", kwargs={"agency": agency.code, "period": period, **extra})


def upload(client, agency, text, name="return.csv"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(url("return-upload", agency), {"upload": file})


def test_a_data_officer_uploads_a_return_and_sees_it_stored(client, data_officer, police):
    client.force_login(data_officer)
    response = upload(client, police, "indicator,agency,period,value\nCP-01,IMC,2025-01,12\n")
    assert response.status_code == 302
    page = client.get(url("return", police)).content.decode()
    assert "Submitted" in page and "Version 1" in page
    assert Observation.objects.get().value == 12


def test_a_bad_upload_lists_every_row_error_and_stores_nothing(client, data_officer, police):
    client.force_login(data_officer)
    text = "indicator,agency,period,value\nCP-01,IMC,2025-01,lots\nCP-01,NOBLES,2025-01,3\n"
    response = upload(client, police, text)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "2 problems" in page
    assert "&#x27;lots&#x27; is not a number" in page
    assert "This return is for IMC, not NOBLES" in page
    assert not Observation.objects.exists()
    assert AuditEvent.objects.filter(verb="dataset.return_rejected").exists()


def test_the_key_in_form_stores_values_and_puts_errors_by_their_fields(
    client, data_officer, police
):
    client.force_login(data_officer)
    cp01, cp02 = Indicator.objects.get(code="CP-01"), Indicator.objects.get(code="CP-02")
    response = client.post(
        url("return-form", police), {f"value_{cp01.pk}": "5", f"value_{cp02.pk}": "150"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_value_{cp02.pk}"' in page and "over 100" in page
    assert not Observation.objects.exists()
    response = client.post(
        url("return-form", police),
        {f"value_{cp01.pk}": "5", f"value_{cp02.pk}": "50", f"note_{cp02.pk}": "Half"},
    )
    assert response.status_code == 302
    assert Observation.objects.get(indicator=cp02).note == "Half"
    assert ReturnVersion.objects.get().method == "form"


def test_the_template_is_prefilled_with_the_agency_and_values(client, data_officer, police):
    client.force_login(data_officer)
    upload(client, police, "indicator,agency,period,value,note\nCP-01,IMC,2025-01,12,=1+1\n")
    csv_text = client.get(url("return-template", police, kind="csv")).content.decode()
    assert "CP-01,IMC,2025-01,12,,,'=1+1" in csv_text
    assert "CP-02,IMC,2025-01,,,," in csv_text
    data = client.get(url("return-template", police, kind="xlsx")).content
    rows = list(load_workbook(io.BytesIO(data)).active.values)
    assert rows[0][:4] == ("indicator", "agency", "period", "value")
    assert rows[1][:4] == ("CP-01", "IMC", "2025-01", 12)


def test_the_business_unit_queries_a_value_the_agency_answers_and_it_is_accepted(
    client, data_officer, business_unit_officer, police
):
    client.force_login(data_officer)
    upload(client, police, "indicator,agency,period,value\nCP-01,IMC,2025-01,12\n")
    client.force_login(business_unit_officer)
    client.post(url("query-raise", police, indicator="CP-01"), {"question": "Why so high?"})
    assert Return.objects.get().status == "queried"
    refused = client.post(url("return-accept", police))
    assert refused.status_code == 302 and Return.objects.get().status == "queried"
    client.force_login(data_officer)
    query = ValueQuery.objects.get()
    client.post(reverse("dataset:query-answer", args=[query.code]), {"answer": "A busy month"})
    client.force_login(business_unit_officer)
    client.post(url("return-accept", police))
    accepted = Return.objects.get()
    assert (accepted.status, accepted.accepted_by) == ("accepted", business_unit_officer)


def test_the_board_shows_each_agency_and_status(client, business_unit_officer, police, health):
    client.force_login(business_unit_officer)
    page = client.get(reverse("dataset:returns")).content.decode()
    assert "Isle of Man Constabulary" in page and "Noble&#x27;s Hospital" in page
    assert "Not started" in page


def test_a_data_officer_sees_only_their_own_agency(client, data_officer, health):
    client.force_login(data_officer)
    page = client.get(reverse("dataset:returns")).content.decode()
    assert "Isle of Man Constabulary" in page and "Noble" not in page
    # another agency's return: not theirs to see, so told nothing of it
    assert client.get(url("return", health)).status_code == 404
    assert upload(client, health, "x").status_code == 404


@pytest.mark.parametrize("persona", ["police_lead", "practitioner", "board_member"])
def test_other_roles_cannot_see_returns(client, personas, police, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("dataset:returns")).status_code == 403
    assert client.get(url("return", police)).status_code == 404  # may see no return: told nothing


def test_a_data_officer_cannot_query_or_accept(client, data_officer, police):
    client.force_login(data_officer)
    upload(client, police, "indicator,agency,period,value\nCP-01,IMC,2025-01,12\n")
    assert client.post(url("return-accept", police)).status_code == 403
    assert client.get(url("query-raise", police, indicator="CP-01")).status_code == 403


def test_a_future_period_is_not_found(client, data_officer, police):
    client.force_login(data_officer)
    assert client.get(url("return", police, period="2099-01")).status_code == 404
