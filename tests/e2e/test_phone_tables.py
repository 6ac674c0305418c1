"""Staff tables on a 390-pixel phone: wide tables scroll inside their own box, so the page itself
never scrolls sideways (WCAG 1.4.10 reflow), and the box can be focused to scroll by keyboard."""

import pytest
from django.urls import reverse

from tests.e2e.journey import Journey

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "actions:register",
    "actions:my-actions",
    "reviews:list",
    "dataset:returns",
    "dataset:indicators",
    "assurance:evidence-list",
    "accounts:agency-list",
    "accounts:people",
    "board:audit-trail",
    "briefings:briefings",
    "audits:programme-list",
    "audits:tool-list",
]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    yield Journey(context.new_page(), live_server.url)
    context.close()


def test_no_staff_table_widens_a_phone_page(phone, demo):
    phone.sign_in("business@demo.test", "demo")
    too_wide = {}
    for name in PAGES:
        phone.goto(reverse(name))
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[name] = width
    assert too_wide == {}
    phone.goto(reverse("actions:register"))
    box = phone.page.locator(".app-table-scroll").first
    assert box.get_attribute("tabindex") == "0"
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # it scrolls, the page does not
