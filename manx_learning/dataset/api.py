"""The agency-system API: its OpenAPI 3.1 description and its rate limit.

The description is written by hand (there are three paths) and tested against the real
responses, so it cannot drift from what the API does."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_OBSERVATIONS = 10_000


def rate_limited(key: str) -> bool:
    """True once `key` (a token) has made more than DATASET_API_REQUESTS_PER_MINUTE requests this
    minute. A fixed one-minute window in the cache: simple, and generous enough for a system
    sending its monthly return."""
    window = f"dataset-api:{key}:{timezone.now():%Y%m%d%H%M}"
    cache.add(window, 0, timeout=90)
    try:
        count = cache.incr(window)
    except ValueError:
        count = 1
    return count > settings.DATASET_API_REQUESTS_PER_MINUTE


_ERROR = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["row", "column", "message"],
                "properties": {
                    "row": {
                        "type": "integer",
                        "description": "1-based position in `observations`; 0 for the request",
                    },
                    "column": {"type": ["string", "null"]},
                    "message": {"type": "string"},
                },
            },
        }
    },
}


def openapi_schema(server_url: str) -> dict[str, Any]:
    error_ref = {"$ref": "#/components/schemas/Errors"}

    def json_error(description: str) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": error_ref}}}

    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.SERVICE_NAME} performance data returns API",
            "version": "1.0.0",
            "description": (
                "Agency case-management systems submit performance data returns. Each token "
                "acts for one agency, issued and revoked by the business unit. Values are "
                "checked exactly as an uploaded return: if any observation is wrong, nothing "
                "is stored and every problem is listed."
            ),
        },
        "servers": [{"url": server_url}],
        "security": [{"bearerToken": []}],
        "components": {
            "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Errors": _ERROR,
                "Observation": {
                    "type": "object",
                    "required": ["indicator", "period", "value"],
                    "properties": {
                        "indicator": {"type": "string", "description": "Indicator code"},
                        "period": {
                            "type": "string",
                            "description": "YYYY-MM, YYYY-Qn or YYYY, matching the indicator",
                        },
                        "value": {"type": ["number", "string"]},
                        "numerator": {"type": ["number", "null"]},
                        "denominator": {"type": ["number", "null"]},
                        "note": {"type": "string", "description": "Commentary"},
                    },
                },
            },
        },
        "paths": {
            "/api/v1/returns": {
                "post": {
                    "summary": "Submit observations for the token's agency",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["observations"],
                                    "properties": {
                                        "observations": {
                                            "type": "array",
                                            "maxItems": MAX_OBSERVATIONS,
                                            "items": {"$ref": "#/components/schemas/Observation"},
                                        }
                                    },
                                },
                                "example": {
                                    "observations": [
                                        {
                                            "indicator": "CSC-01",
                                            "period": "2026-10",
                                            "value": 41,
                                            "note": "Two notifications came in late",
                                        }
                                    ]
                                },
                            }
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "Stored as a new version of each return touched",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["accepted", "versions"],
                                        "properties": {
                                            "accepted": {"type": "integer"},
                                            "versions": {
                                                "type": "array",
                                                "items": {
                                                    "type": "object",
                                                    "properties": {
                                                        "period": {"type": "string"},
                                                        "version": {"type": "integer"},
                                                        "changes": {"type": "integer"},
                                                    },
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "400": json_error("Malformed JSON, or the observations failed validation"),
                        "401": json_error("Missing, unknown or revoked token"),
                        "413": json_error("Request body larger than 2 MB"),
                        "429": json_error("Too many requests this minute"),
                    },
                }
            },
            "/api/v1/indicators": {
                "get": {
                    "summary": "The indicators the token's agency reports",
                    "responses": {
                        "200": {
                            "description": "Indicator codes, units and frequencies",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "indicators": {
                                                "type": "array",
                                                "items": {
                                                    "type": "object",
                                                    "properties": {
                                                        "code": {"type": "string"},
                                                        "name": {"type": "string"},
                                                        "unit": {"type": "string"},
                                                        "frequency": {"type": "string"},
                                                    },
                                                },
                                            }
                                        },
                                    }
                                }
                            },
                        },
                        "401": json_error("Missing, unknown or revoked token"),
                        # The same per-token limit as for returns (`rate_limited`).
                        "429": json_error("Too many requests this minute"),
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This description",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3.1 document"}},
                }
            },
        },
    }
