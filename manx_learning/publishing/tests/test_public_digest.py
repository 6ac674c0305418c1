"""The "new learning" digest lists public items from the last N days, as HTML to paste into
an e-mail and as plain text."""

import pytest
from django.utils import timezone

from manx_learning.publishing.tests.factories import make_item


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://learning.example.im"


@pytest.fixture
def items(db):
    make_item(title="Last week", slug="last-week", days_ago=7)
    make_item(title="Two months ago", slug="two-months", days_ago=60)
    make_item(title="A draft", days_ago=None)
    make_item(title="Withdrawn", days_ago=3, withdrawn_at=timezone.now())


def test_it_lists_recent_public_items_only(client, items):
    response = client.get("/learning/digest/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Last week" in html
    for hidden in ["Two months ago", "A draft", "Withdrawn"]:
        assert hidden not in html


def test_it_covers_the_days_asked_for(client, items):
    html = client.get("/learning/digest/?days=90").content.decode()
    assert "Last week" in html and "Two months ago" in html
    assert "Last week" not in client.get("/learning/digest/?days=5").content.decode()


@pytest.mark.parametrize("days", ["", "nonsense", "0", "-4", "100000"])
def test_a_period_that_does_not_fit_means_thirty_days(client, items, days):
    response = client.get(f"/learning/digest/?days={days}")
    assert response.status_code == 200
    assert response.context["days"] == 30


def test_its_links_are_absolute_so_they_work_in_an_e_mail(client, items):
    html = client.get("/learning/digest/").content.decode()
    assert 'href="https://learning.example.im/learning/last-week/"' in html


def test_it_has_no_inline_styles_and_one_heading_one(client, items):
    html = client.get("/learning/digest/").content.decode()
    assert "style=" not in html and "<style" not in html
    assert html.count("<h1") == 1


def test_it_comes_as_plain_text(client, items):
    response = client.get("/learning/digest.txt")
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Last week" in text and "https://learning.example.im/learning/last-week/" in text
    assert "Two months ago" not in text and "<" not in text


def test_plain_text_is_not_html_escaped(client, db):
    make_item(title="Mum & baby: what we'd do", slug="mum-and-baby")
    text = client.get("/learning/digest.txt").content.decode()
    assert "Mum & baby: what we'd do" in text


def test_it_says_when_nothing_is_new(client, db):
    assert "Nothing new has been published" in client.get("/learning/digest/").content.decode()
