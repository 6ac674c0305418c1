"""System checks that stop a production deployment from starting unsafely.

They run before `migrate`, `runserver`, `db_worker` and every other command, and `wsgi.py` runs
them before serving, so gunicorn refuses to start too. The check that no demo account is left in
a production database is in `accounts.checks`: core knows no accounts."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

VALID_ENVS = {"production", "demo", "development"}


@register(Tags.security)
def check_environment(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.MANX_ENV not in VALID_ENVS:
        return [
            Error(
                f"MANX_ENV is '{settings.MANX_ENV}'.",
                hint="Set MANX_ENV to production, demo or development.",
                id="manx.E000",
            )
        ]
    return []


@register(Tags.security)
def check_production_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not settings.IS_PRODUCTION:
        return []
    errors = []
    if settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY or len(settings.SECRET_KEY) < 50:
        errors.append(
            Error(
                "Production is using the default (or a short) SECRET_KEY.",
                hint="Set SECRET_KEY to a random string of at least 50 characters.",
                id="manx.E001",
            )
        )
    if settings.DEBUG:
        errors.append(
            Error(
                "DEBUG is on in production.",
                hint="Unset DEBUG or set DEBUG=false.",
                id="manx.E002",
            )
        )
    if not settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "ALLOWED_HOSTS is empty in production.",
                hint="Set ALLOWED_HOSTS to the site's host names, comma-separated.",
                id="manx.E004",
            )
        )
    return errors
