"""The agency-system API: tokens, the same validation and error shape as files, audit, limits,
and the OpenAPI description matching what the API does."""

import json

import pytest
from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.dataset import services
from manx_learning.dataset.models import ApiToken, Observation, ReturnVersion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


@pytest.fixture
def secret(police, business_unit_officer):
    return services.token_issue(agency=police, name="Niche RMS", by=business_unit_officer)[1]


def post(client, secret, body):
    return client.post(
        reverse("dataset:api-returns"),
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


def test_a_system_submits_a_return_with_its_token(client, secret):
    body = {"observations": [{"indicator": "CP-01", "period": "2025-01", "value": 9}]}
    response = post(client, secret, body)
    assert response.status_code == 201
    assert response.json() == {
        "accepted": 1,
        "versions": [{"period": "2025-01", "version": 1, "changes": 0}],
    }
    assert Observation.objects.get().agency.agency_code == "IMC"
    assert ReturnVersion.objects.get().method == "api"
    assert ApiToken.objects.get().last_used_at is not None
    assert AuditEvent.objects.filter(verb="dataset.return_submitted").exists()


def test_errors_have_the_same_shape_with_list_positions_as_rows(client, secret):
    body = {
        "observations": [
            {"indicator": "CP-01", "period": "2025-01", "value": 9},
            {"indicator": "CP-02", "period": "2025-01", "value": 140},
            {"indicator": "CP-01", "period": "2025-01", "value": 9, "agency": "NOBLES"},
        ]
    }
    response = post(client, secret, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "value"), (3, "agency")]
    assert not Observation.objects.exists()


@pytest.mark.parametrize("header", ["", "Bearer nope", "Token abc"])
def test_it_refuses_a_missing_or_unknown_token(client, header):
    response = client.post(
        reverse("dataset:api-returns"),
        data="{}",
        content_type="application/json",
        headers={"Authorization": header} if header else {},
    )
    assert response.status_code == 401 and response.json()["errors"][0]["row"] == 0


def test_a_revoked_token_stops_working(client, secret, business_unit_officer):
    services.token_revoke(token=ApiToken.objects.get(), by=business_unit_officer)
    body = {"observations": [{"indicator": "CP-01", "period": "2025-01", "value": 9}]}
    assert post(client, secret, body).status_code == 401


def test_malformed_json_and_rate_limits(client, secret, settings):
    response = client.post(
        reverse("dataset:api-returns"),
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 400
    settings.DATASET_API_REQUESTS_PER_MINUTE = 1
    assert post(client, secret, {"observations": []}).status_code == 429


def test_the_indicators_list_is_the_agencys(client, secret):
    response = client.get(
        reverse("dataset:api-indicators"), headers={"Authorization": f"Bearer {secret}"}
    )
    codes = [item["code"] for item in response.json()["indicators"]]
    assert codes == ["CP-01", "CP-02", "CP-03", "CP-04"]


def test_the_openapi_description_lists_the_real_paths_and_statuses(client):
    schema = json.loads(client.get(reverse("dataset:api-openapi")).content)
    assert schema["openapi"].startswith("3.1")
    for name in ("api-returns", "api-indicators", "api-openapi"):
        assert reverse(f"dataset:{name}") in schema["paths"]
    statuses = schema["paths"]["/api/v1/returns"]["post"]["responses"]
    assert {"201", "400", "401", "413", "429"} <= set(statuses)
    error_item = schema["components"]["schemas"]["Errors"]["properties"]["errors"]["items"]
    assert error_item["required"] == ["row", "column", "message"]


def test_only_the_business_unit_issues_and_revokes_tokens(
    client, business_unit_officer, data_officer, police
):
    client.force_login(data_officer)
    assert client.get(reverse("dataset:tokens")).status_code == 403
    client.force_login(business_unit_officer)
    response = client.post(reverse("dataset:tokens"), {"agency": police.pk, "name": "Mosaic"})
    token = ApiToken.objects.get()
    page = response.content.decode()
    assert "Token issued" in page and token.prefix in page
    assert response["Cache-Control"] == "no-store"
    client.post(reverse("dataset:token-revoke", args=[token.code]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(verb="dataset.token_revoked").exists()
