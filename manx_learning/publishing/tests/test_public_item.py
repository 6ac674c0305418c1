"""Each public item has a page and, when there is one, a PDF; anything not public is a 404
that looks the same whatever the reason, so guessing URLs reveals nothing."""

import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from manx_learning.publishing.tests.factories import make_item
from manx_learning.vocabulary.models import Theme

PDF_BYTES = b"%PDF-1.7\n% a tiny stand-in for the tagged PDF\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def with_pdf(**fields):
    item = make_item(**fields)
    item.pdf.save(f"{item.slug}.pdf", ContentFile(PDF_BYTES), save=True)
    return item


@pytest.fixture
def items(db):
    return {
        "published": with_pdf(title="Child N: a published review", slug="child-n"),
        "unpublished": with_pdf(title="Child P: a draft", slug="child-p", days_ago=None),
        "withdrawn": with_pdf(
            title="Adult Q: withdrawn", slug="adult-q", withdrawn_at=timezone.now()
        ),
    }


def test_it_shows_the_published_page_without_sign_in(client, items):
    theme, _ = Theme.objects.get_or_create(name="Neglect")
    items["published"].themes.add(theme)
    response = client.get("/learning/child-n/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for text in ["Child N: a published review", "Case review", "2025", "Neglect"]:
        assert text in html
    assert "Children and young people" in html


def test_it_renders_the_stored_body_as_html(client, db):
    make_item(slug="body", body_html="<h2>What we learned</h2><p>Share &amp; check.</p>")
    html = client.get("/learning/body/").content.decode()
    assert "<h2>What we learned</h2><p>Share &amp; check.</p>" in html


def test_it_links_to_the_pdf_only_when_there_is_one(client, items):
    make_item(slug="no-pdf")
    assert "Download the PDF" in client.get("/learning/child-n/").content.decode()
    assert "Download the PDF" not in client.get("/learning/no-pdf/").content.decode()


def test_it_sends_the_pdf_as_an_attachment(client, items):
    response = client.get("/learning/child-n/report.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="child-n.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("slug", ["child-p", "adult-q", "no-such-item"])
def test_a_page_that_is_not_public_is_not_found(client, items, slug):
    response = client.get(f"/learning/{slug}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("slug", ["child-p", "adult-q", "no-such-item"])
def test_a_pdf_that_is_not_public_is_not_found(client, items, slug):
    assert client.get(f"/learning/{slug}/report.pdf").status_code == 404


def test_every_404_looks_the_same_whatever_the_reason(client, items):
    def page(slug: str) -> str:
        response = client.get(f"/learning/{slug}/")
        assert response.status_code == 404
        # Only the per-request CSP nonce may differ.
        return re.sub(r'nonce="[^"]+"', "", response.content.decode())

    assert page("child-p") == page("adult-q") == page("no-such-item")


def test_a_public_item_without_a_pdf_has_no_pdf(client, db):
    make_item(slug="no-pdf")
    assert client.get("/learning/no-pdf/report.pdf").status_code == 404


def test_staff_signed_in_still_cannot_see_an_unpublished_page(client, items, business_unit_officer):
    client.force_login(business_unit_officer)
    assert client.get("/learning/child-p/").status_code == 404
