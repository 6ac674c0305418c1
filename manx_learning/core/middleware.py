import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from manx_learning.core import request_context

logger = logging.getLogger("manx_learning.request")


class RequestLogMiddleware:
    """Gives each request an id, records the client address for the audit trail, and writes one
    structured log line per request. Behind reverse proxies, `PROXY_COUNT` says how many append
    to X-Forwarded-For; the client's address is then taken from that header (counting from the
    right, so a client cannot forge it by sending its own header) and put in REMOTE_ADDR for the
    audit trail, sign-in lock-out and survey rate limits."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        client = forwarded_client(request, settings.PROXY_COUNT)
        if client:
            request.META["REMOTE_ADDR"] = client
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


def forwarded_client(request: HttpRequest, proxy_count: int) -> str | None:
    """The address the outermost of our `proxy_count` proxies saw, or None to keep REMOTE_ADDR."""
    if proxy_count <= 0:
        return None
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxy_count:
        return None
    return hops[-proxy_count][:45]


SESSION_STARTED = "manx_session_started"


class SignedInPagesMiddleware:
    """Two rules for every page a signed-in person sees.

    - Nothing they were shown is kept by a browser or proxy cache (`Cache-Control: no-store`),
      so the back button on a shared computer after sign-out shows no case or register.
    - A session ends `SESSION_ABSOLUTE_HOURS` after sign-in however busy it is; the idle limit
      (`SESSION_IDLE_MINUTES`) ends it sooner when left alone. The time is stamped in the
      session on the first signed-in request (sign-in rotates the session, sign-out empties it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = bool(getattr(request, "user", None) and request.user.is_authenticated)
        if signed_in and self._expired(request):
            logout(request)
            signed_in = False
        response = self.get_response(request)
        if signed_in and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def _expired(request: HttpRequest) -> bool:
        now = time.time()
        started = request.session.setdefault(SESSION_STARTED, now)
        return now - float(started) > settings.SESSION_ABSOLUTE_HOURS * 3600
