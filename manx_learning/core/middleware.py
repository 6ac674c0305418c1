import logging
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from manx_learning.core import request_context

logger = logging.getLogger("manx_learning.request")


class RequestLogMiddleware:
    """Gives each request an id, records the client address for the audit trail, and writes one
    structured log line per request. Behind a reverse proxy, set the proxy to pass the client's
    address as REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        info = request_context.RequestInfo(
            request_id=request_id, ip_address=request.META.get("REMOTE_ADDR") or None
        )
        token = request_context.set_current(info)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response["X-Request-ID"] = request_id
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": getattr(user, "pk", None),
            },
        )
        return response
