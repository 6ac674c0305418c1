from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": settings.SERVICE_NAME,
        "board_name": settings.BOARD_NAME,
        "is_demo": settings.MANX_ENV == "demo",
    }
