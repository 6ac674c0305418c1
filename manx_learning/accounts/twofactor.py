"""TOTP devices (django-otp) for two-factor sign-in."""

import base64
from datetime import datetime
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from manx_learning.core.services import audit_log


def device_matching(*, user: Any, token: str) -> TOTPDevice | None:
    """The confirmed device that accepts this code. django-otp throttles repeated failures."""
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def locked_until(*, user: Any) -> datetime | None:
    """When django-otp will take a code again, if repeated wrong codes have locked every one of
    the user's devices; None if a code may be tried now."""
    waits = []
    for device in devices_for_user(user, confirmed=True):
        allowed, info = device.verify_is_allowed()
        if allowed:
            return None
        if info and info.get("locked_until"):
            waits.append(info["locked_until"])
    return min(waits) if waits else None


def pending_device(*, user: Any) -> TOTPDevice:
    """The unconfirmed device being set up; made once, so reloading the page keeps the same key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Turn a pending device on once it produces a right code; older devices are replaced."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log(actor=device.user, verb="user.two_factor_enabled", target=device.user)
    return True


def qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    # Drop the XML declaration so the SVG can sit inside the page.
    return svg[svg.index("<svg") :]


def secret_for_display(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
