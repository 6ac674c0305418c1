"""Who can open which review page: every persona against every lifecycle page, in one table.

The referral was made by the police lead and involves police and health; the business unit has
asked both for a summary. An education lead (an agency not involved) sees nothing of it."""

import pytest
from django.urls import reverse

from manx_learning.accounts.models import Agency, AgencyKind, Role
from manx_learning.accounts.tests.factories import make_person
from manx_learning.reviews import services
from manx_learning.vocabulary.models import Theme

PAGES = ["list", "refer", "detail", "subject-add", "parallel-add", "request-summaries"]
PAGES += ["screening", "decision", "terms", "reviewer-add", "commission", "request-submit"]
PAGES += ["timescales", "themes", "theme-add", "theme-edit"]

_PLAIN = {"list", "refer", "timescales", "themes", "theme-add"}
_REVIEW_PAGES = set(PAGES) - _PLAIN - {"request-submit", "theme-edit"}

ALL = (200,) * 16
# Someone who may not see this review gets 404 on every page about it, as if it did not exist;
# the pages that are not about one review (and the theme, which anyone may see) stay 403.
HIDDEN = (200, 200) + (404,) * 10 + (403, 403, 403, 403)
EXPECTED = {
    #                      list refer detail subj par summ scr dec terms rev com req ts th add edit
    "business_unit_officer": ALL,
    "panel_chair": (200, 200, 200, 403, 403, 403, 403, 200, 403, 403, 403, 200, 403, 403, 403, 403),
    "board_member": HIDDEN,
    "reviewer": HIDDEN,
    "police_lead": (200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403),
    # Health is involved, so it sees the review, but not the police's own request (404).
    "health_lead": (200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403),
    "data_officer": HIDDEN,
    "practitioner": HIDDEN,
    "education_lead": HIDDEN,
}


@pytest.fixture
def education_lead(db):
    school, _ = Agency.objects.get_or_create(
        agency_code="DESC", defaults={"name": "Education", "kind": AgencyKind.EDUCATION}
    )
    return make_person("lead@education.example.im", school, Role.AGENCY_LEAD, name="Ed Lead")


@pytest.fixture
def urls(referral, business_unit_officer, police, health):
    requests = services.requests_send(
        review=referral, by=business_unit_officer, kind="summary", agencies=[police, health]
    )
    police_request = next(item for item in requests if item.agency == police)
    theme = Theme.objects.create(name="Testing theme")
    code = referral.code
    by_name = {name: reverse(f"reviews:{name}") for name in _PLAIN}
    by_name |= {name: reverse(f"reviews:{name}", args=[code]) for name in _REVIEW_PAGES}
    by_name["request-submit"] = reverse("reviews:request-submit", args=[code, police_request.code])
    by_name["theme-edit"] = reverse("reviews:theme-edit", args=[theme.code])
    return [by_name[name] for name in PAGES]


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_opens_only_the_review_pages_it_may_use(
    client, personas, education_lead, urls, persona
):
    people = personas | {"education_lead": education_lead}
    client.force_login(people[persona])
    got = tuple(client.get(url).status_code for url in urls)
    assert got == EXPECTED[persona], dict(zip(PAGES, got, strict=True))


def test_it_sends_visitors_who_are_not_signed_in_to_sign_in(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_an_assigned_reviewer_can_open_the_review(
    client, referral, business_unit_officer, reviewer
):
    services.reviewer_assign(review=referral, by=business_unit_officer, reviewer=reviewer)
    client.force_login(reviewer)
    assert client.get(reverse("reviews:detail", args=[referral.code])).status_code == 200


def test_the_board_can_open_nothing_but_the_list_before_approval(client, referral, board_member):
    client.force_login(board_member)
    assert client.get(reverse("reviews:detail", args=[referral.code])).status_code == 404


def test_a_review_that_does_not_exist_is_not_found(client, business_unit_officer):
    client.force_login(business_unit_officer)
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.get(reverse("reviews:detail", args=[missing])).status_code == 404
    assert client.get(reverse("reviews:screening", args=[missing])).status_code == 404


def test_a_wrong_role_cannot_post_to_a_business_unit_page(client, referral, panel_chair):
    client.force_login(panel_chair)
    url = reverse("reviews:subject-add", args=[referral.code])
    data = {"pseudonym": "Sibling K", "age_band": "5_9", "category": "child"}
    assert client.post(url, data).status_code == 403
    assert referral.subjects.count() == 1
