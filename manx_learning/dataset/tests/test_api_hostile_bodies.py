"""Bodies an attacker might send the returns API get a clear 400, never a 500."""

import pytest
from django.urls import reverse

from manx_learning.dataset import services


@pytest.fixture
def secret(police, business_unit_officer):
    return services.token_issue(agency=police, name="Niche RMS", by=business_unit_officer)[1]


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,  # RecursionError in the JSON parser: it answered 500
        '{"observations": ' + "[" * 50_000 + "]" * 50_000 + "}",
        '{"observations": [{"indicator": "\\ud800", "period": "\\udfff"}]}',
        b"\xff\xfe\x00",
    ],
)
def test_a_hostile_body_is_refused_plainly(client, secret, body):
    response = client.post(
        reverse("dataset:api-returns"),
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"]
