"""Every work page renders for someone allowed to use it, the GOV.UK way: one h1, forms that
leave checking to the server, a label for every field, and no inline styles or scripts (CSP)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.forms: list[dict] = []
        self.fields: list[str] = []
        self.labels: set[str] = set()
        self.inline_styles = 0
        self.inline_scripts = 0
        self.in_main = False

    def handle_endtag(self, tag):
        self.in_main = self.in_main and tag != "main"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.inline_styles += "style" in attrs or tag == "style"
        self.in_main = self.in_main or tag == "main"
        if tag == "h1":
            self.h1 += 1
        elif tag == "form" and self.in_main:
            self.forms.append(attrs)
        elif tag == "label":
            self.labels.add(attrs.get("for", ""))
        elif tag in {"input", "textarea", "select"} and attrs.get("type") not in {
            "hidden",
            "submit",
        }:
            self.fields.append(attrs["id"])
        elif tag == "script" and "src" not in attrs and "nonce" not in attrs:
            self.inline_scripts += 1


PAGES = [
    ("request-reports", "gathering", "business_unit_officer"),
    ("learning-event-add", "gathering", "reviewer"),
    ("family-contact-add", "gathering", "reviewer"),
    ("analysis-start", "gathering", "reviewer"),
    ("findings", "analysis", "reviewer"),
    ("finding-add", "analysis", "reviewer"),
    ("recommendation-add", "analysis", "reviewer"),
    ("report", "analysis", "reviewer"),
    ("sign-off", "approval", "panel_chair"),
    ("approve", "approval", "board_member"),
    ("register", "gathering", "reviewer"),
    ("register-person-add", "gathering", "business_unit_officer"),
    ("register-identifier-add", "gathering", "business_unit_officer"),
]


# Pages whose form can be sent empty (analysis-start only confirms; the register only lists).
FORM_PAGES = [page for page in PAGES if page[0] not in {"analysis-start", "register"}]


def _check(html: str) -> None:
    page = _Page()
    page.feed(html)
    assert page.h1 == 1
    assert all("novalidate" in form for form in page.forms)
    assert [f for f in page.fields if f not in page.labels] == []
    assert (page.inline_styles, page.inline_scripts) == (0, 0)


@pytest.mark.parametrize(("name", "stage", "persona"), PAGES)
def test_each_page_renders_for_someone_allowed(client, request, name, stage, persona):
    review = request.getfixturevalue(stage)
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(f"reviews:{name}", args=[review.code]))
    assert response.status_code == 200
    _check(response.content.decode())


def test_the_response_page_renders_for_the_addressed_agency_lead(
    client, recommendation, police_lead
):
    client.force_login(police_lead)
    url = reverse(
        "reviews:recommendation-respond",
        args=[recommendation.review.code, recommendation.code],
    )
    response = client.get(url)
    assert response.status_code == 200
    _check(response.content.decode())


@pytest.mark.parametrize(("name", "stage", "persona"), FORM_PAGES)
def test_each_form_page_explains_its_errors_first(client, request, name, stage, persona):
    review = request.getfixturevalue(stage)
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse(f"reviews:{name}", args=[review.code]), {"kind": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<title>Error: ") == 1
    assert html.index("There is a problem") < html.index("<h1")
