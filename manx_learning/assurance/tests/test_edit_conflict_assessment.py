"""Two people editing one assessment: the second is told what the first changed, keeps their
own text, and can save again; every update's audit event holds the values before and after."""

import re

from django.urls import reverse

from manx_learning.core.formkit import date_initial
from manx_learning.core.models import AuditEvent

TOKEN = re.compile(r'name="edit_token" value="([^"]+)"')


def _url(assessment):
    return reverse("assurance:assessment-edit", args=[assessment.code])


def _form(client, assessment):
    """The edit form as drawn: every field's value, and its edit token."""
    html = client.get(_url(assessment)).content.decode()
    return {
        "title": assessment.title,
        "question": assessment.question,
        "priority": assessment.priority_id or "",
        "theme": assessment.theme_id or "",
        "period_start": date_initial(assessment.period_start),
        "period_end": date_initial(assessment.period_end),
        "edit_token": TOKEN.search(html).group(1),
    }


def test_the_second_editor_is_told_and_loses_nothing(
    client, assessment, theme, business_unit_officer
):
    client.force_login(business_unit_officer)
    first, second = _form(client, assessment), _form(client, assessment)
    theirs = first | {"title": "Neglect: the first year", "theme": theme.pk}
    assert client.post(_url(assessment), theirs).status_code == 302

    mine = second | {"question": "Do practitioners see the child's home?"}
    response = client.post(_url(assessment), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this while you were editing it" in html
    assert "Neglect: the first year" in html  # what they changed, shown
    assert "Do practitioners see the child&#x27;s home?" in html  # mine, kept in the form
    assessment.refresh_from_db()
    assert assessment.title == theirs["title"] and assessment.theme == theme
    assert assessment.question != mine["question"]  # nothing overwritten

    again = theirs | {"question": mine["question"], "edit_token": TOKEN.search(html).group(1)}
    assert client.post(_url(assessment), again).status_code == 302
    assessment.refresh_from_db()
    assert assessment.question == mine["question"] and assessment.title == theirs["title"]
    assert assessment.theme == theme


def test_an_update_records_what_it_changed_before_and_after(
    client, assessment, theme, business_unit_officer
):
    client.force_login(business_unit_officer)
    old = assessment.title
    form = _form(client, assessment) | {"title": "A new title", "theme": theme.pk}
    assert client.post(_url(assessment), form).status_code == 302
    event = AuditEvent.objects.filter(verb="assessment.updated").latest("sequence")
    assert event.detail["changed"] == {
        "title": {"before": old, "after": "A new title"},
        "theme": {"before": None, "after": theme.pk},
    }
