"""The public library lists only published, not withdrawn, items; filters and search work."""

import pytest
from django.utils import timezone

from manx_learning.publishing.models import AudienceGroup, PublishedItem, PublishedKind
from manx_learning.publishing.tests.factories import make_item
from manx_learning.vocabulary.models import Theme


@pytest.fixture
def three_items(db) -> dict[str, PublishedItem]:
    return {
        "published": make_item(title="Child N: a published review", slug="child-n"),
        "unpublished": make_item(title="Child P: still a draft", slug="child-p", days_ago=None),
        "withdrawn": make_item(
            title="Adult Q: withdrawn review", slug="adult-q", withdrawn_at=timezone.now()
        ),
    }


def titles(client, query: str = "") -> list[str]:
    response = client.get(f"/learning/{query}")
    assert response.status_code == 200
    return [item.title for item in response.context["page"].object_list]


def test_it_lists_only_public_items(client, three_items):
    html = client.get("/learning/").content.decode()
    assert "Child N: a published review" in html
    assert "Child P" not in html
    assert "Adult Q" not in html


def test_it_needs_no_sign_in(client, db):
    response = client.get("/learning/")
    assert response.status_code == 200
    assert "Published learning" in response.content.decode()


def test_it_shows_the_newest_first(client, db):
    make_item(title="Older", days_ago=10)
    make_item(title="Newer", days_ago=2)
    assert titles(client) == ["Newer", "Older"]


def test_it_says_when_nothing_is_published(client, three_items):
    PublishedItem.objects.filter(slug="child-n").update(published_at=None)
    assert "Nothing has been published yet" in client.get("/learning/").content.decode()


def test_it_says_when_nothing_matches(client, three_items):
    html = client.get("/learning/?text=zebra").content.decode()
    assert "No published learning matches your search" in html


def test_it_filters_by_year(client, db):
    make_item(title="From 2024", year=2024)
    make_item(title="From 2025", year=2025)
    assert titles(client, "?year=2024") == ["From 2024"]


def test_it_filters_by_kind(client, db):
    make_item(title="A review", kind=PublishedKind.REVIEW)
    make_item(title="An audit", kind=PublishedKind.AUDIT_SUMMARY)
    assert titles(client, "?kind=audit_summary") == ["An audit"]


def test_it_filters_by_audience_and_counts_both_under_each(client, db):
    make_item(title="Children", audience=AudienceGroup.CHILDREN, days_ago=3)
    make_item(title="Adults", audience=AudienceGroup.ADULTS, days_ago=2)
    make_item(title="Everyone", audience=AudienceGroup.BOTH, days_ago=1)
    assert titles(client, "?audience=children") == ["Everyone", "Children"]
    assert titles(client, "?audience=adults") == ["Everyone", "Adults"]


def test_it_filters_by_theme(client, db):
    neglect, _ = Theme.objects.get_or_create(name="Neglect")
    make_item(title="About neglect", themes=[neglect])
    make_item(title="About something else")
    assert titles(client, f"?theme={neglect.code}") == ["About neglect"]


def test_it_offers_only_themes_that_public_items_carry(client, db):
    shown = Theme.objects.create(name="Test theme on a public item")
    hidden = Theme.objects.create(name="Test theme on a draft")
    make_item(themes=[shown])
    make_item(themes=[hidden], days_ago=None)
    html = client.get("/learning/").content.decode()
    assert shown.name in html and hidden.name not in html


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Hoarding and self-neglect"},
        {"summary": "Hoarding went unnoticed."},
        {"body_html": "<p>Hoarding went unnoticed.</p>"},
    ],
)
def test_it_searches_title_summary_and_body(client, db, fields):
    make_item(title="Something else")
    match = make_item(**({"title": "The match"} | fields))
    assert titles(client, "?text=HOARDING") == [match.title]


def test_search_needs_every_word(client, db):
    make_item(title="Hoarding and neglect")
    make_item(title="Hoarding alone")
    assert titles(client, "?text=neglect+hoarding") == ["Hoarding and neglect"]


def test_search_finds_words_the_body_stores_escaped(client, db):
    make_item(title="Escaped", body_html="<p>Staff didn&#x27;t share it</p>")
    assert titles(client, "?text=didn't") == ["Escaped"]


def test_search_never_finds_unpublished_or_withdrawn_items(client, three_items):
    assert titles(client, "?text=review") == ["Child N: a published review"]
    assert titles(client, "?text=draft") == []


def test_a_value_that_does_not_fit_is_ignored_not_an_error(client, three_items):
    response = client.get("/learning/?year=1066&kind=nonsense&text=child")
    assert response.status_code == 200
    assert [item.title for item in response.context["page"].object_list] == [
        "Child N: a published review"
    ]
    assert "Error:" not in response.content.decode()


def test_it_shows_twenty_a_page(client, db):
    for _ in range(21):
        make_item()
    first = client.get("/learning/")
    assert len(first.context["page"].object_list) == 20
    assert 'rel="next"' in first.content.decode()
    assert len(client.get("/learning/?page=2").context["page"].object_list) == 1


def test_the_next_page_keeps_the_filters(client, db):
    for _ in range(21):
        make_item(year=2024)
    response = client.get("/learning/?year=2024")
    assert "year=2024" in response.context["query"]
    assert f"?{response.context['query']}&amp;page=2" in response.content.decode()


def test_the_page_has_one_heading_one(client, three_items):
    html = client.get("/learning/").content.decode()
    assert html.count("<h1") == 1


def test_search_ranks_the_item_named_by_the_phrase_first(client, db):
    """'Child M' must not bring the Child Q items first because they are newer and hold an m."""
    make_item(title="Learning from Child Q: the school", days_ago=1, summary="Child Q at school.")
    make_item(title="Child Q: 7-minute briefing", days_ago=2)
    named = make_item(title="Learning from Child M", days_ago=30)
    found = titles(client, "?text=Child+M")
    assert found[0] == named.title


def test_search_finds_an_item_by_its_theme(client, db):
    curiosity, _ = Theme.objects.get_or_create(name="Professional curiosity")
    tagged = make_item(title="Child Q", summary="What the school knew.", themes=[curiosity])
    make_item(title="Something else")
    assert titles(client, "?text=professional+curiosity") == [tagged.title]


def test_search_ranks_a_title_match_above_a_body_match(client, db):
    make_item(
        title="Annual report", body_html="<p>Hoarding was found in two reviews.</p>", days_ago=1
    )
    in_title = make_item(title="Hoarding and self-neglect", days_ago=40)
    assert titles(client, "?text=hoarding") == [in_title.title, "Annual report"]
