"""Two people editing one review's terms of reference: the second is told what the first
changed (its text or its Panel members), keeps their own text, and can save again; every save's
audit event holds the fields given and the values before and after."""

from django.urls import reverse

from manx_learning.core.models import AuditEvent


def _url(review):
    return reverse("reviews:terms", args=[review.code])


def _form(client, review):
    """The form as drawn: every field's value as the page shows it, and its edit token."""
    response = client.get(_url(review))
    assert 'type="hidden" name="edit_token"' in response.content.decode()
    form = response.context["form"]
    return {name: form[name].value() for name in form.fields if form[name].value() is not None}


def test_the_second_editor_is_told_and_loses_nothing(
    client, gathering_review, business_unit_officer, panel_chair
):
    review = gathering_review
    client.force_login(business_unit_officer)
    first, second = _form(client, review), _form(client, review)
    assert first["edit_token"]
    theirs = first | {
        "lines_of_enquiry": "Who knew of the ED visits?",
        "panel_members": [panel_chair.pk],
    }
    assert client.post(_url(review), theirs).status_code == 302

    mine = second | {"parallel_handling": "The coroner's officer agreed the timing."}
    response = client.post(_url(review), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this while you were editing it" in html
    assert "Who knew of the ED visits?" in html  # what they changed, shown
    assert "Panel members: “(empty)” is now" in html  # a change of Panel members too
    assert "The coroner&#x27;s officer agreed the timing." in html  # mine, kept in the form
    review.refresh_from_db()
    assert review.lines_of_enquiry == theirs["lines_of_enquiry"]
    assert list(review.panel_members.all()) == [panel_chair]
    assert review.parallel_handling != mine["parallel_handling"]  # nothing overwritten

    token = response.context["form"]["edit_token"].value()
    assert f'name="edit_token" value="{token}"' in html  # the renewed token, on the page
    again = theirs | {"parallel_handling": mine["parallel_handling"], "edit_token": token}
    assert client.post(_url(review), again).status_code == 302
    review.refresh_from_db()
    assert review.parallel_handling == mine["parallel_handling"]
    assert review.lines_of_enquiry == theirs["lines_of_enquiry"]
    assert list(review.panel_members.all()) == [panel_chair]


def test_a_save_records_what_it_changed_before_and_after(
    client, gathering_review, business_unit_officer, panel_chair
):
    review = gathering_review
    client.force_login(business_unit_officer)
    form = _form(client, review) | {
        "lines_of_enquiry": "Who knew of the ED visits?",
        "panel_members": [panel_chair.pk],
    }
    assert client.post(_url(review), form).status_code == 302
    event = AuditEvent.objects.filter(verb="review.terms_saved").latest("sequence")
    assert "lines_of_enquiry" in event.detail["fields"]  # the key it always had, kept
    assert event.detail["changed"] == {
        "lines_of_enquiry": {
            "before": "How was information shared?",
            "after": "Who knew of the ED visits?",
        },
        "panel_members": {"before": [], "after": [panel_chair.pk]},
    }
