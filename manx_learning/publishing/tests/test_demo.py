"""The demo board's public site holds what a Board's would: the Child M review, published through
the gate by the business unit after the reviewer approved the anonymisation, and a briefing;
Adult R's approved review waits for the gate. No register value reaches anything public."""

import re

import pytest
from django.core.management import call_command

from manx_learning.accounts.models import User
from manx_learning.publishing.models import PublishedItem
from manx_learning.publishing.services import pdf_text_and_metadata
from manx_learning.reviews.models import Review

TITLE = "Child M: learning from a Serious Case Management Review"


@pytest.fixture
def demo(db):
    call_command("demo", verbosity=0)
    return Review.objects.get(title="Child M (demo)")


def register_words(review: Review) -> list[str]:
    """Every name, each word of a name, and every identifier in the review's register."""
    values = {v for p in review.register_people.all() for n in p.names for v in [n, *n.split()]}
    values |= {value for i in review.register_identifiers.all() for value in i.values}
    return sorted(values)


def leaked(text: str, review: Review) -> list[str]:
    return [
        value
        for value in register_words(review)
        if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE)
    ]


def titles(html: str) -> list[str]:
    return re.findall(
        r'<h2 class="govuk-heading-m[^"]*"><a class="govuk-link" [^>]*>([^<]+)</a>', html
    )


def test_the_library_lists_the_published_review_and_a_briefing(client, demo):
    found = titles(client.get("/learning/").content.decode())
    assert TITLE in found
    assert any(title.startswith("7-minute briefing") for title in found)


def test_the_review_was_published_through_the_two_person_gate(demo):
    item = PublishedItem.objects.public().get(title=TITLE)
    run = item.anonymisation_run
    assert item.review == demo and item.kind == "review" and item.audience == "children"
    assert run.run_by.email == item.published_by.email == "business@demo.test"
    assert run.approved_by.email == "reviewer@demo.test"
    assert {t.name for t in item.themes.all()} >= {"Professional curiosity", "Exploitation"}
    assert demo.publication_date is not None


def test_its_page_pdf_and_feed_hold_the_anonymised_text_and_no_register_value(client, demo):
    item = PublishedItem.objects.public().get(title=TITLE)
    page = client.get(f"/learning/{item.slug}/").content.decode()
    assert "emergency department" in page and "[address]" in page and "Child M" in page
    response = client.get(f"/learning/{item.slug}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf_text, pdf_metadata = pdf_text_and_metadata(b"".join(response.streaming_content))
    assert "emergency department" in " ".join(pdf_text.split())
    feed = client.get("/learning/feed.atom").content.decode()
    assert TITLE in feed
    everything_public = [
        page,
        pdf_text,
        pdf_metadata,
        feed,
        client.get("/learning/").content.decode(),
        client.get("/learning/digest.txt").content.decode(),
    ]
    for briefing in PublishedItem.objects.public().filter(kind="briefing"):
        everything_public.append(client.get(f"/learning/{briefing.slug}/").content.decode())
    assert leaked("\n".join(everything_public), demo) == []
    # The one detection the register missed (a police officer's surname) was replaced too.
    assert "DS [name]" in page


def test_searching_child_m_finds_the_review_first(client, demo):
    found = titles(client.get("/learning/?text=Child+M").content.decode())
    assert found[0] == TITLE
    assert len(found) == 2  # and the briefing drawn from it


def test_adult_r_waits_approved_for_the_gate(client, demo):
    adult_r = Review.objects.get(title="Adult R (demo)")
    assert adult_r.stage == "approved" and adult_r.approval.publication == "full"
    assert not PublishedItem.objects.filter(review=adult_r).exists()
    assert not adult_r.report_versions.filter(anonymisation_runs__isnull=False).exists()
    client.force_login(User.objects.get(email="business@demo.test"))
    assert "Anonymise and publish" in client.get(f"/reviews/{adult_r.code}/").content.decode()


def test_loading_the_demo_again_publishes_nothing_twice(client, demo):
    def kinds() -> list[str]:
        return list(PublishedItem.objects.order_by("kind").values_list("kind", flat=True))

    before = kinds()
    call_command("demo", verbosity=0)
    assert kinds() == before == ["briefing", "review"]
