"""The Manx Learning page explains the work in plain English, without signing in."""

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "Serious Case Management Reviews",
        "Other reviews, learning reports and audits",
        "Quality assurance and scrutiny",
        "The retest",
        "The performance dataset",
        "anonymised",
    ],
)
def test_it_explains_the_work_without_sign_in(client, db, text):
    response = client.get("/learning/about/")
    assert response.status_code == 200
    assert text in response.content.decode()


def test_it_has_one_heading_one_and_links_to_the_library(client, db):
    html = client.get("/learning/about/").content.decode()
    assert html.count("<h1") == 1
    assert 'href="/learning/"' in html


@pytest.mark.parametrize(
    "path", ["/learning/", "/learning/about/", "/learning/digest/", "/learning/digest.txt"]
)
def test_public_pages_carry_no_inline_styles(client, db, path):
    html = client.get(path).content.decode()
    assert "style=" not in html and "<style" not in html
