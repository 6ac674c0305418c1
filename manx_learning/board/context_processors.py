from typing import Any

from django.http import HttpRequest

from manx_learning.board.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"service_navigation": navigation_for(request)}
