"""The load scenario of bench/bench_load.py (run it through that script, which sets it up).

200 practitioners sign in within the first half minute, read their dashboard, open the briefing
sent to them, acknowledge it once and read the public library; 20 staff work all the while:
business unit officers on reviews, recommendations and actions (with progress notes), agency leads
on their actions, data officers on their returns. Every request is recorded with its time so the
runner can report the sign-in burst and the time after it separately."""

from __future__ import annotations

import json
import os
import random
import re
import time
from html.parser import HTMLParser
from itertools import count

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
RESULTS = os.environ.get("LOAD_RESULTS", "load-results.json")
BRIEFING = os.environ.get("LOAD_BRIEFING", "")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
REVIEW_LINK = re.compile(rf'href="(/reviews/{UUID}/)"')
ACTION_LINK = re.compile(rf'href="(/actions/{UUID}/)"')
RECOMMENDATION_LINK = re.compile(rf'href="(/recommendations/{UUID}/)"')
RETURN_LINK = re.compile(rf'href="(/data/returns/{UUID}/[^/"]+/)"')
ITEM_LINK = re.compile(r'href="(/learning/(?!about/|digest)[a-z0-9-]+/)"')

samples: list[tuple[float, str, float, bool]] = []
_practitioners = count()
_staff = {"business": count(), "lead": count(), "data": count()}


@events.request.add_listener
def _record(name: str, response_time: float, exception: object, **_: object) -> None:
    samples.append((time.time(), name, response_time, exception is not None))


@events.quitting.add_listener
def _dump(**_: object) -> None:
    with open(RESULTS, "w", encoding="utf-8") as out:
        json.dump(samples, out)


class _Form(HTMLParser):
    """The fields, with their current values, of the form that has a field called `marker`."""

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker, self.forms, self._select = marker, [], None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}})
        elif self.forms and tag in {"input", "textarea", "select"} and a.get("name"):
            fields = self.forms[-1]["fields"]
            kind = a.get("type", "text")
            if tag == "select":
                self._select = a["name"]
                fields.setdefault(a["name"], "")
            elif kind in {"radio", "checkbox"}:
                if "checked" in a:
                    fields[a["name"]] = a.get("value", "on")
            elif kind not in {"submit", "button"}:
                fields[a["name"]] = a.get("value", "")
        elif tag == "option" and self._select and "selected" in a and self.forms:
            self.forms[-1]["fields"][self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None

    def found(self) -> dict | None:
        return next((f for f in self.forms if self.marker in f["fields"]), None)


def form_with(page: str, marker: str) -> dict | None:
    parser = _Form(marker)
    parser.feed(page)
    return parser.found()


class _Person(HttpUser):
    abstract = True
    email = ""

    def sign_in(self) -> None:
        page = self.client.get("/account/sign-in/", name="sign-in page").text
        token = CSRF.search(page)
        data = {"email": self.email, "password": PASSWORD}
        data["csrfmiddlewaretoken"] = token.group(1) if token else ""
        with self.client.post(
            "/account/sign-in/", data=data, name="sign-in", catch_response=True
        ) as answer:
            if "/sign-in/" in answer.url:
                answer.failure(f"{self.email} was not signed in")

    def page(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{path} answered {answer.status_code}")
            return answer.text

    def progress_note(self, action_path: str) -> None:
        """A progress note on an action, through its form as the page gives it."""
        page = self.page(action_path, "staff: action")
        form = form_with(page, "note")
        token = CSRF.search(page)
        if not form or not token:
            return  # closed, or not this person's to update
        data = dict(form["fields"], note="Progress checked at the weekly meeting (load run)")
        data["csrfmiddlewaretoken"] = token.group(1)
        with self.client.post(
            action_path, data=data, name="staff: action progress (POST)", catch_response=True
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"progress note answered {answer.status_code}")


class Practitioner(_Person):
    fixed_count = 200
    wait_time = between(3, 10)

    def on_start(self) -> None:
        self.email = f"p{next(_practitioners)}@load.test"
        self.acknowledged = False
        self.sign_in()

    @task(3)
    def dashboard(self) -> None:
        self.page("/dashboard/", "practitioner: dashboard")

    @task(3)
    def briefing(self) -> None:
        path = f"/briefings/{BRIEFING}/acknowledge/"
        page = self.page(path, "practitioner: briefing")
        token = CSRF.search(page)
        if self.acknowledged or not token or 'name="confirm"' not in page:
            return
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "confirm": "on",
            "answer_1": "We will check the discharge plan with the family.",
            "answer_2": "Ask who else is involved before closing the case.",
            "answer_3": "Raise it at the next team meeting.",
        }
        with self.client.post(
            path, data=data, name="practitioner: acknowledge (POST)", catch_response=True
        ) as answer:
            if answer.status_code != 200 or "acknowledgement is recorded" not in answer.text:
                answer.failure("the acknowledgement was not recorded")
            else:
                self.acknowledged = True

    @task(4)
    def library(self) -> None:
        page = self.page("/learning/", "public: library")
        items = ITEM_LINK.findall(page)
        if items:
            self.page(random.choice(items), "public: learning item")

    @task(1)
    def open_data(self) -> None:
        self.page("/open-data/", "public: open data")


class BusinessUnit(_Person):
    fixed_count = 10
    wait_time = between(1, 4)

    def on_start(self) -> None:
        self.email = f"bu{next(_staff['business'])}@load.test"
        self.sign_in()

    @task(3)
    def reviews(self) -> None:
        page = self.page("/reviews/", "staff: reviews")
        links = REVIEW_LINK.findall(page)
        if links:
            self.page(random.choice(links), "staff: review")

    @task(2)
    def recommendations(self) -> None:
        page = self.page("/recommendations/", "staff: recommendations")
        links = RECOMMENDATION_LINK.findall(page)
        if links:
            self.page(random.choice(links), "staff: recommendation")

    @task(2)
    def actions(self) -> None:
        page = self.page("/actions/?everything=1", "staff: actions")
        links = ACTION_LINK.findall(page)
        if links:
            self.progress_note(random.choice(links))

    @task(1)
    def dashboard(self) -> None:
        self.page("/dashboard/", "staff: dashboard")


class AgencyLead(_Person):
    fixed_count = 5
    wait_time = between(1, 4)

    def on_start(self) -> None:
        self.email = f"lead{next(_staff['lead'])}@load.test"
        self.sign_in()

    @task(3)
    def my_actions(self) -> None:
        page = self.page("/actions/", "staff: my actions")
        links = ACTION_LINK.findall(page)
        if links:
            self.progress_note(random.choice(links))

    @task(1)
    def dashboard(self) -> None:
        self.page("/dashboard/", "staff: dashboard")


class DataOfficer(_Person):
    fixed_count = 5
    wait_time = between(1, 4)

    def on_start(self) -> None:
        self.email = f"data{next(_staff['data'])}@load.test"
        self.sign_in()

    @task(3)
    def returns(self) -> None:
        page = self.page("/data/returns/", "staff: returns")
        links = RETURN_LINK.findall(page)
        if links:
            self.page(random.choice(links), "staff: return")

    @task(1)
    def dashboard(self) -> None:
        self.page("/data/", "staff: data dashboards")
