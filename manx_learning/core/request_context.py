"""Who is asking, from where: set once per request by middleware and read by the audit service.

Services record the caller's IP address in audit events without every service signature having
to carry the request. Outside a request (commands, the task worker) the values are empty."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    request_id: str = ""
    ip_address: str | None = None


_current: ContextVar[RequestInfo] = ContextVar("manx_request_info", default=RequestInfo())  # noqa: B039 - frozen


def current() -> RequestInfo:
    return _current.get()


def set_current(info: RequestInfo):
    return _current.set(info)


def reset(token) -> None:
    _current.reset(token)
