"""Two people editing one piece of QA evidence: the second is told what the first changed
(its text or its tags), keeps their own text, and can save again; every update's audit event
holds the values before and after."""

import re

from django.urls import reverse

from manx_learning.assurance.tests.factories import add_evidence
from manx_learning.core.formkit import date_initial
from manx_learning.core.models import AuditEvent

TOKEN = re.compile(r'name="edit_token" value="([^"]+)"')


def _url(evidence):
    return reverse("assurance:evidence-edit", args=[evidence.code])


def _form(client, evidence):
    """The edit form as drawn: every field's value, and its edit token."""
    html = client.get(_url(evidence)).content.decode()
    return {
        "title": evidence.title,
        "source": evidence.source,
        "dated": date_initial(evidence.dated),
        "summary": evidence.summary,
        "strength": evidence.strength,
        "agencies": [a.pk for a in evidence.agencies.all()],
        "themes": [t.pk for t in evidence.themes.all()],
        "priorities": [p.pk for p in evidence.priorities.all()],
        "link_url": evidence.link_url,
        "edit_token": TOKEN.search(html).group(1),
    }


def test_the_second_editor_is_told_and_loses_nothing(client, business_unit_officer, police):
    evidence = add_evidence(business_unit_officer, title="Observation of a strategy meeting")
    client.force_login(business_unit_officer)
    first, second = _form(client, evidence), _form(client, evidence)
    theirs = first | {"title": "Strategy meeting, March", "agencies": [police.pk]}
    assert client.post(_url(evidence), theirs).status_code == 302

    mine = second | {"summary": "The child's voice was not heard in the meeting."}
    response = client.post(_url(evidence), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this while you were editing it" in html
    assert "Strategy meeting, March" in html  # what they changed, shown
    assert "Agencies: “(empty)” is now" in html  # a change of tags too
    assert "The child&#x27;s voice was not heard in the meeting." in html  # mine, kept
    evidence.refresh_from_db()
    assert evidence.title == "Strategy meeting, March"
    assert list(evidence.agencies.all()) == [police]
    assert evidence.summary != mine["summary"]  # nothing overwritten

    again = theirs | {"summary": mine["summary"], "edit_token": TOKEN.search(html).group(1)}
    assert client.post(_url(evidence), again).status_code == 302
    evidence.refresh_from_db()
    assert evidence.summary == mine["summary"] and evidence.title == theirs["title"]
    assert list(evidence.agencies.all()) == [police]


def test_an_update_records_what_it_changed_before_and_after(client, business_unit_officer, neglect):
    evidence = add_evidence(business_unit_officer, title="Feedback from the conference")
    client.force_login(business_unit_officer)
    form = _form(client, evidence) | {
        "summary": "Most wanted more on neglect.",
        "priorities": [neglect.pk],
    }
    assert client.post(_url(evidence), form).status_code == 302
    event = AuditEvent.objects.filter(verb="evidence.updated").latest("sequence")
    assert event.detail["changed"] == {
        "summary": {
            "before": "What Feedback from the conference showed",
            "after": "Most wanted more on neglect.",
        },
        "priorities": {"before": [], "after": [neglect.pk]},
    }
