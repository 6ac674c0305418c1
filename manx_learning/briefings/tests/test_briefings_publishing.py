"""Publishing a briefing puts it in the public library, unless a register value leaked in."""

from manx_learning.publishing.models import PublishedItem

PUBLISH = {"summary": "Share concerns about repeated injuries.", "audience": "children"}


def test_publishing_creates_a_public_item(client, briefing, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.post(f"/briefings/{briefing.code}/publish/", PUBLISH)
    item = PublishedItem.objects.public().get()
    assert response["Location"] == f"/learning/{item.slug}/"
    assert item.kind == "briefing" and item.audience == "children"
    assert item.slug.startswith("7-minute-briefing-child-a-")
    assert '<h2 class="govuk-heading-m">Key learning</h2>' in item.body_html
    assert "What support do I need?" in item.body_html
    assert item.pdf
    briefing.refresh_from_db()
    assert briefing.published_item == item


def test_a_published_briefing_appears_in_the_public_library(
    client, briefing, business_unit_officer
):
    client.force_login(business_unit_officer)
    client.post(f"/briefings/{briefing.code}/publish/", PUBLISH)
    client.logout()
    item = PublishedItem.objects.get()
    page = client.get(f"/learning/{item.slug}/")
    assert page.status_code == 200
    assert "What worked well" in page.content.decode()


def test_publishing_escapes_the_sections(client, briefing, business_unit_officer):
    briefing.background = "<script>alert(1)</script>"
    briefing.save()
    client.force_login(business_unit_officer)
    client.post(f"/briefings/{briefing.code}/publish/", PUBLISH)
    body = PublishedItem.objects.get().body_html
    assert "<script>" not in body and "&lt;script&gt;" in body


def test_publishing_refuses_a_leaked_register_value_naming_the_section(
    client, briefing, business_unit_officer
):
    briefing.what_to_think_about = "Think about what JAYDEN needed."
    briefing.save()
    client.force_login(business_unit_officer)
    response = client.post(f"/briefings/{briefing.code}/publish/", PUBLISH)
    assert response.status_code == 200
    assert "Jayden appears in What to think about" in response.content.decode()
    assert not PublishedItem.objects.exists()


def test_a_register_value_inside_another_word_is_not_a_leak(
    client, briefing, business_unit_officer
):
    briefing.further_reading = "Kinradeson's guide to practice."
    briefing.save()
    client.force_login(business_unit_officer)
    client.post(f"/briefings/{briefing.code}/publish/", PUBLISH)
    assert PublishedItem.objects.exists()


def test_only_the_business_unit_publishes(client, briefing, police_lead):
    client.force_login(police_lead)
    # not sent to the police yet, so they are told nothing of the briefing
    assert client.post(f"/briefings/{briefing.code}/publish/", PUBLISH).status_code == 404


def test_publishing_refuses_an_empty_section(client, briefing, business_unit_officer):
    briefing.why_it_matters = ""
    briefing.save()
    client.force_login(business_unit_officer)
    response = client.post(f"/briefings/{briefing.code}/publish/", PUBLISH)
    assert "Write the why it matters section first." in response.content.decode()
    assert not PublishedItem.objects.exists()


def test_typed_bullets_are_a_list_on_the_published_page(client, briefing, business_unit_officer):
    briefing.what_to_do = "Before you close a case:\n- check who else is involved\n- ask the child"
    briefing.save()
    client.force_login(business_unit_officer)
    client.post(f"/briefings/{briefing.code}/publish/", PUBLISH)
    body = PublishedItem.objects.get().body_html
    assert (
        '<ul class="govuk-list govuk-list--bullet"><li>check who else is involved</li>'
        "<li>ask the child</li></ul>"
    ) in body
    assert "- check" not in body
