"""The token-authenticated JSON API for agency systems. CSRF does not apply (no cookies are
used: the bearer token is the credential), so these views alone are exempt: the read-only two
as well, so that any other method, QUERY included, is answered 405 as the description says
rather than 403 by the CSRF check."""

import json
import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from manx_learning.core.services import audit_log
from manx_learning.dataset import api, services
from manx_learning.dataset.models import ApiToken
from manx_learning.dataset.returns_selectors import expected_indicators


def _error(status: int, message: str, column: str | None = None) -> JsonResponse:
    body = {"errors": [{"row": 0, "column": column, "message": message}]}
    return JsonResponse(body, status=status)


def _whole_number(text: str) -> int | float:
    """JSON allows whole numbers of any length, but Python refuses to read one of more than
    4,300 digits, which made the whole body "not valid JSON". A number that long is far beyond
    any value the dataset takes: read it as infinity, so the row's own check refuses it and
    names the field."""
    return int(text) if len(text) <= 400 else math.inf


def _token(request: HttpRequest) -> ApiToken | JsonResponse:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    token = services.token_authenticate(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        response = _error(401, "Send a valid token: Authorization: Bearer <token>")
        response["WWW-Authenticate"] = "Bearer"
        return response
    if api.rate_limited(token.prefix):
        return _error(429, "Too many requests: try again in a minute")
    return token


@csrf_exempt
@require_POST
def returns_submit(request: HttpRequest) -> JsonResponse:
    token = _token(request)
    if isinstance(token, JsonResponse):
        return token
    if len(request.body) > api.MAX_BODY_BYTES:
        return _error(413, "The request is larger than 2 MB: send fewer observations at once")
    try:
        body: Any = json.loads(request.body, parse_int=_whole_number)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "The request body is not valid JSON")
    except RecursionError:  # deeply nested arrays or objects: no return is shaped like that
        return _error(400, "The request body is nested too deeply to be a return")
    observations = body.get("observations") if isinstance(body, dict) else None
    if isinstance(observations, list) and len(observations) > api.MAX_OBSERVATIONS:
        return _error(400, f"Send at most {api.MAX_OBSERVATIONS} observations at once")
    try:
        result = services.return_submit_api(token=token, observations=observations)
    except services.ReturnRejected as rejected:
        audit_log(
            actor=None,
            actor_label=f"api token {token.prefix}",
            verb="dataset.api_rejected",
            target=token,
            detail={"errors": len(rejected.errors)},
        )
        return JsonResponse(rejected.as_json(), status=400)
    versions = [
        {"period": v.data_return.period, "version": v.number, "changes": len(v.changes)}
        for v in result.versions
    ]
    return JsonResponse({"accepted": result.accepted, "versions": versions}, status=201)


@csrf_exempt
@require_GET
def indicators(request: HttpRequest) -> JsonResponse:
    token = _token(request)
    if isinstance(token, JsonResponse):
        return token
    items = [
        {"code": i.code, "name": i.name, "unit": i.unit, "frequency": i.frequency}
        for i in expected_indicators(token.agency)
    ]
    return JsonResponse({"indicators": items})


@csrf_exempt
@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(api.openapi_schema(settings.SITE_URL))
