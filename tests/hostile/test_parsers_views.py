"""Hostile uploads through the real pages, signed in as the demo board's business unit officer
and data officer: the chronology import, the return upload and the identifier register never
answer 500, and a refusal is a message on the page."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manx_learning.accounts.models import Agency, User
from manx_learning.board.tests.factories import rolled_back_demo_board
from manx_learning.dataset.models import Observation
from manx_learning.reviews.models import Review, Stage
from tests.hostile.parser_inputs import (
    hostile_bytes,
    hostile_csv,
    hostile_workbook,
    odd_zip,
    text_cells,
    zip_with_bad_name,
)

PAGES = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROBLEM = "There is a problem"


@dataclass
class Board:
    business_unit: Client
    data_officer: Client
    review: Review
    return_url: str


@pytest.fixture(scope="module")
def board(django_db_setup, django_db_blocker) -> Iterator[Board]:
    """The demo board, built once for the module inside a transaction rolled back at its end."""
    with rolled_back_demo_board(django_db_blocker):
        business_unit, data_officer = Client(), Client()
        business_unit.force_login(User.objects.get(email="business@demo.test"))
        officer = User.objects.get(email="data.officer@demo.test")
        data_officer.force_login(officer)
        held = Observation.objects.filter(agency=officer.agency).order_by("-period").first()
        yield Board(
            business_unit=business_unit,
            data_officer=data_officer,
            review=Review.objects.filter(stage__in=[Stage.GATHERING, Stage.ANALYSIS]).first(),
            return_url=reverse(
                "dataset:return-upload",
                kwargs={"agency": officer.agency.code, "period": held.period},
            ),
        )


@contextmanager
def _undone():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _assert_answered(response) -> None:
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert PROBLEM in response.content.decode()


chronology_files = st.one_of(
    hostile_bytes,
    hostile_csv(["date", "time", "agency", "source", "event", "practitioner"]),
    hostile_workbook(["date", "time", "agency", "source", "event", "practitioner"]),
    odd_zip(["xl/workbook.xml", "[Content_Types].xml"]),
    st.just(zip_with_bad_name({"xl/workbook.xml": b"<workbook/>"})),
)


@PAGES
@given(data=chronology_files, name=st.sampled_from(["police.csv", "police.xlsx"]))
def test_the_chronology_import_page_answers_any_file_with_a_page(board, db, data, name):
    agency = board.review.agencies.first() or Agency.objects.filter(is_active=True).first()
    url = reverse("reviews:chronology-import", kwargs={"code": board.review.code})
    with _undone():
        response = board.business_unit.post(
            url, {"agency": agency.pk, "file": SimpleUploadedFile(name, data)}
        )
    _assert_answered(response)


return_files = st.one_of(
    hostile_bytes,
    hostile_csv(["indicator", "agency", "period", "value", "note"]),
    hostile_workbook(["indicator", "agency", "period", "value", "note"]),
    st.just(zip_with_bad_name({"xl/workbook.xml": b"<workbook/>"})),
)


@PAGES
@given(data=return_files, name=st.sampled_from(["return.csv", "return.xlsx"]))
def test_the_return_upload_page_answers_any_file_with_a_page(board, db, data, name):
    with _undone():
        response = board.data_officer.post(
            board.return_url, {"upload": SimpleUploadedFile(name, data)}
        )
    _assert_answered(response)


@PAGES
@given(pseudonym=text_cells, names=st.lists(text_cells, max_size=4))
def test_the_register_page_answers_any_names_with_a_page(board, db, pseudonym, names):
    url = reverse("reviews:register-person-add", kwargs={"code": board.review.code})
    with _undone():
        response = board.business_unit.post(
            url, {"pseudonym": pseudonym, "names": "\n".join(names)}
        )
    _assert_answered(response)
