"""Two people changing one indicator: the second is told what the first changed, keeps their own
answers, and can save again; every update's audit event holds the values before and after."""

import re

import pytest
from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.dataset import catalogue
from manx_learning.dataset.models import Frequency, Improvement, Indicator, Unit

pytestmark = pytest.mark.django_db


def _indicator() -> Indicator:
    return Indicator.objects.create(
        code="DA-03",
        name="Repeat MARAC referrals",
        definition="Referrals to MARAC of someone referred in the last year.",
        unit=Unit.COUNT,
        frequency=Frequency.MONTHLY,
        improvement=Improvement.DOWN,
    )


def _token(html):
    return re.search(r'name="edit_token" value="([^"]+)"', html).group(1)


def _form(client, indicator):
    """The edit form as drawn: its values, and its edit token."""
    html = client.get(reverse("dataset:indicator-edit", args=[indicator.code])).content.decode()
    values = {
        name: getattr(indicator, name)
        for name in ("code", "name", "definition", "unit", "frequency", "improvement")
    }
    return values | {"is_active": "on", "edit_token": _token(html)}


def test_the_second_editor_is_told_and_loses_nothing(client, business_unit_officer):
    indicator = _indicator()
    client.force_login(business_unit_officer)
    url = reverse("dataset:indicator-edit", args=["DA-03"])
    first, second = _form(client, indicator), _form(client, indicator)
    assert client.post(url, first | {"name": "Repeat referrals to MARAC"}).status_code == 302

    mine = second | {"definition": "Repeat referrals within 12 months, as SafeLives counts them."}
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this while you were editing it" in html
    assert "Repeat referrals to MARAC" in html  # what they changed, shown
    assert mine["definition"] in html  # mine, kept in the form
    indicator.refresh_from_db()
    assert indicator.name == "Repeat referrals to MARAC"
    assert indicator.definition != mine["definition"]  # nothing overwritten

    again = mine | {"name": "Repeat referrals to MARAC", "edit_token": _token(html)}
    assert client.post(url, again).status_code == 302
    indicator.refresh_from_db()
    assert indicator.definition == mine["definition"]
    assert indicator.name == "Repeat referrals to MARAC"


def test_a_change_to_who_reports_it_is_a_conflict_too(client, business_unit_officer, police):
    indicator = _indicator()
    client.force_login(business_unit_officer)
    url = reverse("dataset:indicator-edit", args=["DA-03"])
    first, second = _form(client, indicator), _form(client, indicator)
    assert client.post(url, first | {"reporting_agencies": [police.pk]}).status_code == 302
    response = client.post(url, second | {"name": "Repeat MARAC cases"})
    assert "Someone else changed this while you were editing it" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.name == "Repeat MARAC referrals"
    assert list(indicator.reporting_agencies.all()) == [police]


def test_an_update_records_what_it_changed_before_and_after(client, business_unit_officer, police):
    indicator = _indicator()
    client.force_login(business_unit_officer)
    form = _form(client, indicator) | {"name": "Repeat cases", "reporting_agencies": [police.pk]}
    client.post(reverse("dataset:indicator-edit", args=["DA-03"]), form)
    event = AuditEvent.objects.filter(verb="indicator.changed").latest("sequence")
    assert event.detail["changed"] == {
        "name": {"before": "Repeat MARAC referrals", "after": "Repeat cases"},
        "reporting_agencies": {"before": [], "after": [police.pk]},
    }


def test_a_save_without_a_token_checks_nothing(business_unit_officer):
    indicator = _indicator()
    catalogue.indicator_save(by=business_unit_officer, indicator=indicator, name="Renamed")
    indicator.refresh_from_db()
    assert indicator.name == "Renamed"
