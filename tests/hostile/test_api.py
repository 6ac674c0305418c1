"""The agency-system API under hostile input (issue #12): schemathesis drives every operation of
the API's own OpenAPI description, and the bodies a fuzzer seldom builds are sent by hand. The
outcome is always a status the description lists with a body of its shape, never a 500, and
nothing is stored when a request is refused."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.urls import reverse
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from manx_learning.dataset import api
from manx_learning.dataset.models import Observation, ReturnVersion


class _App:
    """Django's WSGI application as a server runs it, except that the database connection stays
    open after each request (as Django's test client leaves it), so the demo board built inside
    the module's transaction is still there for the next request."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(api.openapi_schema("http://testserver"))
schema.app = _App()


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_description_says(case, demo_board, db):
    """Every check schemathesis has: no 5xx, a status the description lists, a body matching
    its schema, a refusal without the token (401), 405 for a method the path does not take.
    Not `positive_data_acceptance`: a body of the right shape is still refused (400) when its
    indicator code is not in the catalogue, which a JSON schema cannot say."""
    with transaction.atomic():  # each example starts from the same board
        case.call_and_validate(
            headers={"Authorization": f"Bearer {demo_board.secret}"},
            excluded_checks=[positive_data_acceptance],
        )
        transaction.set_rollback(True)


def test_the_example_in_the_description_is_accepted(client, db, demo_board):
    """The documented example is a real return, so a developer copying it sees it work."""
    body = api.openapi_schema("")["paths"]["/api/v1/returns"]["post"]["requestBody"]
    example = body["content"]["application/json"]["example"]
    response = _post(client, demo_board.secret, json.dumps(example))
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("name", ["api-returns", "api-indicators"])
def test_without_a_token_it_answers_401(client, db, name):
    method = client.post if name == "api-returns" else client.get
    response = method(reverse(f"dataset:{name}"), content_type="application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "token" in response.json()["errors"][0]["message"]


def test_the_indicators_list_answers_429_as_described_when_a_token_sends_too_many(
    client, db, demo_board, settings
):
    settings.DATASET_API_REQUESTS_PER_MINUTE = 1
    url = reverse("dataset:api-indicators")
    headers = {"Authorization": f"Bearer {demo_board.secret}"}
    statuses = [client.get(url, headers=headers).status_code for _ in range(2)]
    assert statuses[-1] == 429
    assert "429" in api.openapi_schema("")["paths"]["/api/v1/indicators"]["get"]["responses"]


def _post(client, secret, body):
    return client.post(
        reverse("dataset:api-returns"),
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


def _observation(value="12", note='"Two notifications came in late"'):
    return (
        '{"observations": [{"indicator": "CSC-01", "period": "2026-10", '
        f'"value": {value}, "note": {note}}}]}}'
    )


NINES = "9" * 5_000

HOSTILE = [
    # (what, body, the field the message names (None: the request), words in the message)
    ("nested 10,000 deep", "[" * 10_000 + "]" * 10_000, None, "nested too deeply"),
    (
        "observations nested 10,000 deep",
        '{"observations": ' + "[" * 10_000 + "]" * 10_000 + "}",
        None,
        "nested too deeply",
    ),
    # These three were "not valid JSON" (no field named) and 500s (OverflowError).
    ("a 5,000-digit value", _observation(value=NINES), "value", "too large"),
    ("a 400-digit value", _observation(value=NINES[:400]), "value", "too large"),
    (
        "a 400-digit numerator",
        _observation().replace('"value"', f'"numerator": {NINES[:400]}, "value"'),
        "numerator",
        "too large",
    ),
    ("1e308", _observation(value="1e308"), "value", "too large"),
    ("1e999", _observation(value="1e999"), "value", "too large"),
    ("NaN", _observation(value="NaN"), "value", "not a number"),
    ("Infinity", _observation(value="Infinity"), "value", "too large"),
    ("-Infinity", _observation(value="-Infinity"), "value", "too large"),
    ('"Infinity" as text', _observation(value='"Infinity"'), "value", "not a number"),
    # These two were 500s on storing the note (PostgreSQL refuses NUL; nothing encodes \ud800).
    ("NUL in the note", _observation(note='"late\\u0000"'), "note", "cannot be stored"),
    ("a lone surrogate in the note", _observation(note='"\\ud800"'), "note", "cannot be stored"),
    ("NUL in the indicator", _observation().replace("CSC-01", "CSC-01\\u0000"), "indicator", ""),
    ("NUL in the value", _observation(value='"12\\u0000"'), "value", "not a number"),
    ("NUL in the period", _observation().replace("2026-10", "2026-10\\u0000"), "period", ""),
]


@pytest.mark.parametrize(("what", "body", "field", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_body_gets_a_400_naming_the_field_and_stores_nothing(
    client, db, demo_board, what, body, field, words
):
    before = (Observation.objects.count(), ReturnVersion.objects.count())
    response = _post(client, demo_board.secret, body)
    assert response.status_code == 400, response.content[:500]
    errors = response.json()["errors"]
    named = [error for error in errors if error["column"] == field]
    assert named, errors
    assert named[0]["row"] == (0 if field is None else 1)
    assert words in named[0]["message"], named[0]
    assert (Observation.objects.count(), ReturnVersion.objects.count()) == before


def test_a_valid_body_beside_a_hostile_one_is_not_stored_either(client, db, demo_board):
    body = (
        '{"observations": ['
        '{"indicator": "CSC-01", "period": "2026-10", "value": 41},'
        '{"indicator": "CSC-01", "period": "2026-09", "value": 40, "note": "x\\u0000"}]}'
    )
    before = Observation.objects.filter(agency=demo_board.mccf).count()
    versions = ReturnVersion.objects.count()
    response = _post(client, demo_board.secret, body)
    assert response.status_code == 400
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(2, "note")]
    assert Observation.objects.filter(agency=demo_board.mccf).count() == before
    assert ReturnVersion.objects.count() == versions
