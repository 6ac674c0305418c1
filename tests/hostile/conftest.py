"""The demo board for the hostile-input tests: a realistic world (a review in every stage, the
dataset with its agencies and indicators) built once per module inside a transaction that is
rolled back at the end, as in tests/access/conftest.py. A module's tests may change it; what one
test stores, the next may see, so each test says what it needs rather than what it expects to
find untouched."""

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from manx_learning.accounts.models import Agency, User
from manx_learning.dataset import services as dataset_services

FAST = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    # A fuzzer sends far more than a case system would in a minute.
    "DATASET_API_REQUESTS_PER_MINUTE": 1_000_000,
}


@dataclass
class DemoBoard:
    business_unit: User
    mccf: Agency
    secret: str  # an API token for Manx Care Children and Families


@pytest.fixture(scope="module")
def demo_board(django_db_setup, django_db_blocker) -> Iterator[DemoBoard]:
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media, **FAST),
        django_db_blocker.unblock(),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("demo", verbosity=0)
            bu = User.objects.get(email="business@demo.test")
            mccf = Agency.objects.get(agency_code="MCCF")
            _, secret = dataset_services.token_issue(agency=mccf, name="Case system", by=bu)
            yield DemoBoard(business_unit=bu, mccf=mccf, secret=secret)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
