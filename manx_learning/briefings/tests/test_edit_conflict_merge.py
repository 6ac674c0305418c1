"""After an edit conflict, saving again keeps both people's changes: the fields the second
person left alone take the first person's values, the ones they changed keep theirs."""

import re

from django.urls import reverse

from manx_learning.briefings import services


def _form(client, briefing):
    html = client.get(reverse("briefings:briefing-edit", args=[briefing.code])).content.decode()
    token = re.search(r'name="edit_token" value="([^"]+)"', html).group(1)
    return {name: getattr(briefing, name) for name in services.EDITABLE_FIELDS} | {
        "edit_token": token
    }


def test_saving_again_after_a_conflict_keeps_both_changes(client, briefing, business_unit_officer):
    client.force_login(business_unit_officer)
    url = reverse("briefings:briefing-edit", args=[briefing.code])
    first, second = _form(client, briefing), _form(client, briefing)
    client.post(url, first | {"title": "Neglect: seeing the child"})
    conflict = client.post(url, second | {"what_to_do": "See the child, every visit."})
    form = conflict.context["form"]
    assert form.data["title"] == "Neglect: seeing the child"  # theirs, which I had not touched
    assert form.data["what_to_do"] == "See the child, every visit."  # mine
    # Saving the form exactly as it came back (once this person has read it) loses nothing.
    assert client.post(url, form.data.dict()).status_code == 302
    briefing.refresh_from_db()
    assert briefing.title == "Neglect: seeing the child"
    assert briefing.what_to_do == "See the child, every visit."
