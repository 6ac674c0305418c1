"""The Atom feed carries the 20 newest public items, with absolute links, and nothing else."""

from xml.etree import ElementTree

import pytest
from django.utils import timezone

from manx_learning.publishing.tests.factories import make_item

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://learning.example.im"


def feed(client) -> ElementTree.Element:
    response = client.get("/learning/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own feed, in a test


def test_it_is_valid_atom(client, db):
    make_item(title="Child N: a published review", slug="child-n")
    root = feed(client)
    assert root.tag == f"{ATOM}feed"
    # RFC 4287 requires id, title and updated on the feed and each entry, and an author.
    for name in ["id", "title", "updated", "author"]:
        assert root.find(f"{ATOM}{name}") is not None, name
    entry = root.find(f"{ATOM}entry")
    for name in ["id", "title", "updated", "summary"]:
        assert entry.find(f"{ATOM}{name}") is not None, name
    assert entry.find(f"{ATOM}title").text == "Child N: a published review"


def test_its_links_are_absolute(client, db):
    make_item(slug="child-n")
    root = feed(client)
    link = root.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link == "https://learning.example.im/learning/child-n/"
    self_link = [el.get("href") for el in root.findall(f"{ATOM}link") if el.get("rel") == "self"]
    assert self_link == ["https://learning.example.im/learning/feed.atom"]


def test_it_carries_only_public_items(client, db):
    make_item(title="Published")
    make_item(title="Draft", days_ago=None)
    make_item(title="Withdrawn", withdrawn_at=timezone.now())
    titles = [entry.find(f"{ATOM}title").text for entry in feed(client).findall(f"{ATOM}entry")]
    assert titles == ["Published"]


def test_it_carries_the_twenty_newest(client, db):
    for days in range(1, 23):
        make_item(title=f"{days} days old", days_ago=days)
    entries = feed(client).findall(f"{ATOM}entry")
    assert len(entries) == 20
    assert entries[0].find(f"{ATOM}title").text == "1 days old"
    assert entries[-1].find(f"{ATOM}title").text == "20 days old"


def test_it_needs_no_sign_in_and_is_linked_from_the_library(client, db):
    html = client.get("/learning/").content.decode()
    assert 'type="application/atom+xml"' in html and "/learning/feed.atom" in html


def test_a_summary_reads_as_written_in_a_feed_reader(client, db):
    make_item(summary="Checks <b>must</b> happen & be recorded")
    summary = feed(client).find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "Checks &lt;b&gt;must&lt;/b&gt; happen &amp; be recorded"
