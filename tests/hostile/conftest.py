"""The demo board for the hostile-input tests: a realistic world (a review in every stage, the
dataset with its agencies and indicators) built once per module inside a transaction that is
rolled back at the end, as in tests/access/conftest.py. A module's tests may change it; what one
test stores, the next may see, so each test says what it needs rather than what it expects to
find untouched."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from manx_learning.accounts.models import Agency, User
from manx_learning.board.tests.factories import rolled_back_demo_board
from manx_learning.dataset import services as dataset_services


@dataclass
class DemoBoard:
    business_unit: User
    mccf: Agency
    secret: str  # an API token for Manx Care Children and Families


@pytest.fixture(scope="module")
def demo_board(django_db_setup, django_db_blocker) -> Iterator[DemoBoard]:
    # A fuzzer sends far more than a case system would in a minute.
    with rolled_back_demo_board(django_db_blocker, DATASET_API_REQUESTS_PER_MINUTE=1_000_000):
        bu = User.objects.get(email="business@demo.test")
        mccf = Agency.objects.get(agency_code="MCCF")
        _, secret = dataset_services.token_issue(agency=mccf, name="Case system", by=bu)
        yield DemoBoard(business_unit=bu, mccf=mccf, secret=secret)
