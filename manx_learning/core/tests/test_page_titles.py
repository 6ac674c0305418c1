"""A page with errors says so once at the start of its title ("Error: …"), as the GOV.UK pattern
asks: base.html adds the prefix whenever the page's form has errors, so no page adds its own."""

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
OWN_PREFIX = re.compile(r"{%\s*block title\s*%}[^{]*{%\s*if form\.errors\s*%}\s*Error:")


def test_no_page_adds_its_own_error_prefix_to_the_title():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("templates/**/*.html")
        if OWN_PREFIX.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_a_refused_form_is_titled_error_once(client, business_unit_officer):
    client.force_login(business_unit_officer)
    html = client.post("/data/api-tokens/", {"agency": "", "name": ""}).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith("Error: API tokens")
    assert "Error: Error:" not in title
