"""Edit tokens: a change since the form was drawn is named in words a person reads, related rows
by name; a forged or foreign token is refused; no token checks nothing."""

import pytest
from django.core.exceptions import ValidationError

from manx_learning.core.concurrency import EditConflict, edit_token, ensure_unchanged
from manx_learning.dataset.models import Indicator

FIELDS = ("name", "owner_agency", "reporting_agencies")


@pytest.fixture
def indicator(police):
    item = Indicator.objects.create(
        code="CP-01", name="Referrals", unit="count", frequency="monthly", improvement="down"
    )
    item.reporting_agencies.add(police)
    return item


def test_a_change_since_is_named_with_related_rows_by_name(indicator, police, health):
    token = edit_token(indicator, FIELDS)
    indicator.owner_agency = health
    indicator.save()
    indicator.reporting_agencies.add(health)
    with pytest.raises(EditConflict) as conflict:
        ensure_unchanged(indicator, token, FIELDS)
    text = conflict.value.messages[0]
    assert "Noble's Hospital" in text and "Isle of Man Constabulary" in text
    assert {c.field for c in conflict.value.changes} == {"owner_agency", "reporting_agencies"}


def test_nothing_changed_passes_and_no_token_checks_nothing(indicator):
    ensure_unchanged(indicator, edit_token(indicator, FIELDS), FIELDS)
    ensure_unchanged(indicator, None, FIELDS)


def test_a_forged_or_foreign_token_is_refused(indicator, police):
    with pytest.raises(ValidationError, match="could not be checked"):
        ensure_unchanged(indicator, "forged", FIELDS)
    other = Indicator.objects.create(
        code="CP-02", name="Other", unit="count", frequency="monthly", improvement="down"
    )
    with pytest.raises(ValidationError, match="another record"):
        ensure_unchanged(indicator, edit_token(other, FIELDS), FIELDS)


def test_fields_the_form_does_not_edit_are_taken_as_they_are_now(indicator):
    stale = Indicator.objects.get(pk=indicator.pk)  # read when the request began
    token = edit_token(stale, ("name",))
    Indicator.objects.filter(pk=indicator.pk).update(is_published=True)  # someone else, meanwhile
    ensure_unchanged(stale, token, ("name",))
    stale.name = "Referrals to children's services"
    stale.save()
    indicator.refresh_from_db()
    assert indicator.is_published  # not put back by the stale copy
    assert indicator.name == "Referrals to children's services"
