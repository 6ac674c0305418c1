"""Browser journeys: Playwright driving Debian's Chromium, with axe-core run on every page.

Playwright cannot download browsers here, so the system `chromium` is launched directly. Each
journey is a `journey.Journey`, which runs axe-core (from npm's node_modules) on every page."""

import os
import shutil

import pytest
from django.core.management import call_command

from tests.e2e.journey import AXE, Journey

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the test's own database calls are
# synchronous and safe, so Django's guard against ORM calls inside event loops is lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium")
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def journey(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Journey(page, live_server.url)
    context.close()


@pytest.fixture
def phone_journey(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    yield Journey(page, live_server.url)
    context.close()


DEMO_PASSWORD = "demo"


@pytest.fixture
def demo(db):
    call_command("demo", verbosity=0)


@pytest.fixture
def sign_in(browser, live_server):
    """Sign a person in, in a browser context of their own, and give back their Journey. The
    password defaults to the demo board's."""
    contexts = []

    def open_for(email: str, password: str = DEMO_PASSWORD) -> Journey:
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        contexts.append(context)
        journey = Journey(context.new_page(), live_server.url)
        journey.sign_in(email, password)
        return journey

    yield open_for
    for context in contexts:
        context.close()
