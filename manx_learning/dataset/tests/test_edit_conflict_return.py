"""Two people keying in one return (or one keying in while another version arrives): the second
is told which values changed since the form was drawn, keeps what they typed, and can submit
again; the submission's audit event holds each value before and after."""

import re

import pytest
from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.dataset import services
from manx_learning.dataset.models import Indicator, Observation, ReturnVersion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
PERIOD = "2025-01"


def _url(agency):
    return reverse("dataset:return-form", kwargs={"agency": agency.code, "period": PERIOD})


def _token(html):
    return re.search(r'name="edit_token" value="([^"]+)"', html).group(1)


def _form(client, agency):
    """The key-in form as drawn: just its edit token (the values are typed in each test)."""
    return {"edit_token": _token(client.get(_url(agency)).content.decode())}


def test_the_second_to_submit_is_told_and_loses_nothing(client, data_officer, police):
    cp01, cp02 = Indicator.objects.get(code="CP-01"), Indicator.objects.get(code="CP-02")
    client.force_login(data_officer)
    client.post(_url(police), {f"value_{cp01.pk}": "5", f"value_{cp02.pk}": "40"})
    first, second = _form(client, police), _form(client, police)
    theirs = first | {f"value_{cp01.pk}": "7", f"value_{cp02.pk}": "40"}
    assert client.post(_url(police), theirs).status_code == 302

    mine = second | {
        f"value_{cp01.pk}": "5",
        f"value_{cp02.pk}": "45",
        f"note_{cp02.pk}": "Two plans ended early",
    }
    response = client.post(_url(police), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this while you were editing it" in html
    assert "CP-01 value: “5” is now “7”" in html  # what they changed: indicator, was, now
    assert "Two plans ended early" in html and 'value="45"' in html  # mine, kept in the form
    assert ReturnVersion.objects.count() == 2  # nothing stored
    assert Observation.objects.get(indicator=cp01).value == 7  # nothing overwritten

    again = mine | {f"value_{cp01.pk}": "7", "edit_token": _token(html)}
    assert client.post(_url(police), again).status_code == 302
    assert ReturnVersion.objects.count() == 3
    assert Observation.objects.get(indicator=cp02).value == 45
    assert Observation.objects.get(indicator=cp01).value == 7


def test_an_upload_since_the_form_was_drawn_is_a_conflict_too(client, data_officer, police):
    cp01 = Indicator.objects.get(code="CP-01")
    client.force_login(data_officer)
    drawn = _form(client, police)  # nothing held yet
    services.observations_import(data=b"indicator,agency,period,value\nCP-01,IMC,2025-01,9\n")
    response = client.post(_url(police), drawn | {f"value_{cp01.pk}": "3"})
    html = response.content.decode()
    assert "CP-01 value: “(empty)” is now “9”" in html
    assert Observation.objects.get(indicator=cp01).value == 9


def test_a_submission_records_each_value_before_and_after(client, data_officer, police):
    cp01, cp02 = Indicator.objects.get(code="CP-01"), Indicator.objects.get(code="CP-02")
    client.force_login(data_officer)
    client.post(_url(police), _form(client, police) | {f"value_{cp01.pk}": "5"})
    form = _form(client, police) | {
        f"value_{cp01.pk}": "6",
        f"value_{cp02.pk}": "50",
        f"note_{cp02.pk}": "Half",
    }
    assert client.post(_url(police), form).status_code == 302
    event = AuditEvent.objects.filter(verb="dataset.return_submitted").latest("sequence")
    assert event.detail["changed"] == {
        "CP-01 value": {"before": 5, "after": 6},
        "CP-02 value": {"before": None, "after": 50},
        "CP-02 note": {"before": "", "after": "Half"},
    }


def test_a_submission_without_a_token_checks_nothing(data_officer, police):
    entries = [{"indicator": "CP-01", "value": "4"}]
    services.return_submit_entries(agency=police, period=PERIOD, entries=entries, by=data_officer)
    services.return_submit_entries(agency=police, period=PERIOD, entries=entries, by=data_officer)
    assert ReturnVersion.objects.count() == 2
