from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp import user_has_device

# Pages a signed-in person can reach before finishing two-factor sign-in.
_OPEN_PREFIXES = ("/account/two-factor/", "/account/sign-out/", "/static/", "/healthz")


class TwoFactorRequiredMiddleware:
    """1. Someone with an authenticator app must enter a code before using the service.
    2. Where two-factor is required (production), staff without an app must set one up first.
    Practitioner-only accounts are exempt from (2), as the issue asks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            has_device = user_has_device(user, confirmed=True)
            if has_device and not user.is_verified():
                return redirect("accounts:two-factor-verify")
            if not has_device and settings.TWO_FACTOR_REQUIRED and user.needs_two_factor:
                return redirect("accounts:two-factor-setup")
        return self.get_response(request)
