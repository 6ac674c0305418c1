import re

import pytest


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/about/", "How reviews work"),
        ("/about/", "tests again after an agreed period"),
        ("/about/", 'href="/open-data/"'),
        ("/accessibility/", "WCAG"),
        ("/privacy/", "Privacy notice"),
    ],
)
def test_public_pages_explain_the_work_without_signing_in(client, db, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_pages_carry_the_boards_name_and_no_crown(client, db):
    html = client.get("/").content.decode()
    assert "Isle of Man Safeguarding Board" in html
    assert "crown" not in html.lower()
    assert "GDS Transport" not in html


def test_every_inline_script_carries_the_requests_nonce(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the page has its js-enabled inline script"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert "script-src 'self' 'nonce-" in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_cannot_be_framed(client, db):
    assert client.get("/")["X-Frame-Options"] == "DENY"


def test_an_unknown_page_gets_a_helpful_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
