"""Browser journeys: Playwright driving Debian's Chromium, with axe-core run on every page.

Playwright cannot download browsers here, so the system `chromium` is launched directly. axe-core
comes from npm (node_modules), injected with `evaluate` so the page's CSP needs no exception."""

import json
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from manx_learning.accounts.tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
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


class Journey:
    """A person's browser session. Every page it lands on is checked by axe-core for WCAG 2.2
    A/AA problems, and for Content Security Policy violations."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        page.set_default_timeout(10_000)
        self.checked: list[str] = []
        self.csp_violations: list[str] = []
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.check_page()

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        self.goto("/account/sign-in/")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.click("button", "Sign in")

    def click(self, role: str, name, **options) -> None:
        """Click the first link or button with this accessible name, then check the new page."""
        self.page.get_by_role(role, name=name, **options).first.click()
        self.check_page()

    def check_page(self) -> None:
        """Run axe on the page as it is now and fail with every violation listed."""
        self.page.wait_for_load_state("load")
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
        ]
        url = self.page.url
        assert not violations, f"axe found problems on {url}:\n" + json.dumps(violations, indent=2)
        assert not self.csp_violations, f"CSP violations on {url}: {self.csp_violations}"
        self.checked.append(url)


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
