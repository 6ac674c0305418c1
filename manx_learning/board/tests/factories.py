"""Helpers for tests that need the whole demo board."""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

# Quick password hashing and plain file storage: a module-wide world signs many people in.
FAST_SETTINGS: dict[str, Any] = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}


@contextmanager
def rolled_back_demo_board(django_db_blocker: Any, **settings: Any) -> Iterator[None]:
    """The demo board loaded once (for a module-scoped fixture) in a temporary MEDIA_ROOT, inside
    a transaction rolled back when the block ends, so nothing it or its tests store outlives it.
    `settings` override FAST_SETTINGS and the rest while it lasts."""
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media, **(FAST_SETTINGS | settings)),
        django_db_blocker.unblock(),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
