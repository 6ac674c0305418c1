"""The one way a view gets an object by its code: 404 for those who may not see it, 403 for those
who see it but may not act."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from manx_learning.accounts.models import Agency
from manx_learning.accounts.permissions import object_for


@pytest.fixture
def agency(db):
    return Agency.objects.create(name="Probation Service", agency_code="PROB")


def _get(code, **kwargs):
    defaults = {"may_view": lambda user, item: True, "may_write": lambda user, item: False}
    return object_for(None, Agency.objects.all(), code=code, **(defaults | kwargs))


def test_it_returns_the_object_someone_may_see(agency):
    assert _get(agency.code) == agency


def test_an_unknown_code_is_not_found(db):
    with pytest.raises(Http404):
        _get("00000000-0000-0000-0000-000000000000")


def test_an_object_someone_may_not_see_is_not_found_either(agency):
    with pytest.raises(Http404) as raised:
        _get(agency.code, may_view=lambda user, item: False)
    assert "No agency matches this address" in str(raised.value)


def test_someone_who_sees_it_but_may_not_change_it_is_refused(agency):
    assert _get(agency.code, write=False) == agency
    with pytest.raises(PermissionDenied):
        _get(agency.code, write=True)
    assert _get(agency.code, write=True, may_write=lambda user, item: True) == agency


def test_a_narrower_check_of_the_view_is_asked_after_seeing(agency):
    with pytest.raises(PermissionDenied):
        _get(agency.code, need=lambda user, item: False)
    with pytest.raises(Http404):  # not seeing comes first: it must not leak that the code exists
        _get(agency.code, may_view=lambda user, item: False, need=lambda user, item: False)


def test_write_without_the_kinds_own_check_is_a_programming_error(agency):
    with pytest.raises(TypeError):
        _get(agency.code, write=True, may_write=None)
