"""WSGI entry point for gunicorn. In production, the system checks run before serving, so a
misconfigured server (default secret key, DEBUG on, demo accounts) refuses to start."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manx_learning.settings")

application = get_wsgi_application()


def _refuse_unsafe_production() -> None:
    from django.conf import settings
    from django.core import checks
    from django.core.management.base import SystemCheckError

    if not settings.IS_PRODUCTION:
        return
    serious = [message for message in checks.run_checks() if message.is_serious()]
    if serious:
        raise SystemCheckError("\n".join(f"{m.id}: {m.msg} {m.hint or ''}" for m in serious))


_refuse_unsafe_production()
