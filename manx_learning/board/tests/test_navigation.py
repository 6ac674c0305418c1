"""The service navigation: each person sees only the sections their roles can use."""

from django.urls import reverse


def test_the_navigation_shows_each_role_only_what_it_can_use(client, personas):
    client.force_login(personas["practitioner"])
    nav = client.get(reverse("board:dashboard")).context["service_navigation"]
    assert [item["label"] for item in nav] == ["Dashboard", "Reviews", "Published learning"]
    client.force_login(personas["business_unit_officer"])
    nav = client.get(reverse("board:dashboard")).context["service_navigation"]
    assert [item["label"] for item in nav] == [
        "Dashboard",
        "Reviews",
        "Recommendations",
        "Actions",
        "Quality assurance",
        "Performance data",
        "Returns",
        "Surveys",
        "Agencies",
        "People",
        "Audit trail",
        "Published learning",
    ]
