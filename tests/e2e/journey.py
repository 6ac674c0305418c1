"""A person's browser session for the journeys: every page it lands on is checked by axe-core
(from npm's node_modules, injected with `evaluate` so the page's CSP needs no exception)."""

import json
from pathlib import Path

from manx_learning.accounts.tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


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
