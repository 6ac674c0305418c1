from typing import Any

from django.conf import settings
from django.http import HttpRequest

from manx_learning.core.navigation import navigation_for


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": settings.SERVICE_NAME,
        "board_name": settings.BOARD_NAME,
        "is_demo": settings.MANX_ENV == "demo",
        "service_navigation": navigation_for(request),
    }
