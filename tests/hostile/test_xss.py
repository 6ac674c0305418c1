"""Script in every text field, on every page (issue #12). The demo board's text fields (reviews,
findings, chronology, recommendations, actions and their progress notes, briefings, evidence,
assessments, themes and priorities, surveys, questions and answers, audit tools, programmes and
case narratives, agencies and people, indicators, commentary, benchmarks, process changes,
published items) are set to a payload that would run as script, break out of an attribute, be
read as a template or run as a spreadsheet formula. Every page of the access matrix is then
fetched by someone allowed to see it (all but the few needing objects the demo has not: a job,
an anonymisation run, an attachment), and every download is opened: HTML never holds the
payload as markup, CSV and XLSX cells never start like a formula, PDFs hold it as plain text
with no script or link.

The fields are written directly (one update per field across all rows) rather than one service
call each: what is under test is how pages, files and PDFs show stored text, whichever route
stored it. Briefings are written, published and sent through their services (a published
body is HTML the service makes), and the one field shown as a link (evidence's) is tested
through its service."""

import csv
import io
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from manx_learning.accounts.models import Agency, Role, User
from manx_learning.accounts.services import invitation_create
from manx_learning.actions.models import (
    OPEN_STATUSES,
    Action,
    ActionEvent,
    PanelMeeting,
    Recommendation,
)
from manx_learning.actions.services import reminders_send
from manx_learning.assurance import services as assurance_services
from manx_learning.assurance.models import Assessment, AssessmentMeasure, Evidence
from manx_learning.audits.models import (
    AuditProgramme,
    AuditTool,
    CaseAudit,
    ModerationRecord,
    SectionGrade,
    ToolQuestion,
    ToolSection,
)
from manx_learning.briefings import services as briefing_services
from manx_learning.briefings.models import Briefing
from manx_learning.dataset import opendata
from manx_learning.dataset.models import (
    Indicator,
    Observation,
    ProcessChange,
    ReferenceValue,
    Signal,
    ValueQuery,
)
from manx_learning.publishing.models import PublishedItem
from manx_learning.reviews.models import ChronologyEntry, Finding, Review
from manx_learning.surveys import services as surveys_services
from manx_learning.surveys.models import Answer, Question, QuestionKind, Survey, SurveyStatus
from manx_learning.vocabulary.models import BoardPriority, Theme
from tests.access.matrix import MATRIX

# Script, an attribute break-out, a template expression, a formula and an apostrophe (which must
# reach plain text as itself). 74 characters, so it fits the shortest field written (80).
PAYLOAD = "=1+1<script>alert(1)</script>\"><img src=x onerror=alert(1)>{{7*7}}O'Neill"
SHOWN = "<script>alert(1)</script>"  # as text, once the page is read

# (model, field) set to PAYLOAD on every row, with " #<pk>" after it (some fields are unique).
FIELDS: list[tuple[type, str]] = [
    (Review, "title"),
    (Review, "concern"),
    (Review, "lines_of_enquiry"),
    (Finding, "title"),
    (Finding, "text"),
    (ChronologyEntry, "event"),
    (ChronologyEntry, "agency_label"),
    (ChronologyEntry, "practitioner"),
    (ChronologyEntry, "analysis"),
    (Recommendation, "text"),
    (Recommendation, "smart_outcome"),
    (Action, "description"),
    (Action, "expected_outcome"),
    (Action, "lead_name"),
    (ActionEvent, "note"),
    (PanelMeeting, "note"),
    (Evidence, "title"),
    (Evidence, "summary"),
    (Assessment, "title"),
    (Assessment, "rationale"),
    (Assessment, "strengths"),
    (AssessmentMeasure, "label"),
    (Survey, "title"),
    (Survey, "intro"),
    (Question, "text"),
    (Question, "help_text"),
    (Answer, "text"),
    (AuditTool, "name"),
    (AuditTool, "purpose"),
    (ToolSection, "title"),
    (ToolQuestion, "text"),
    (AuditProgramme, "title"),
    (SectionGrade, "narrative"),
    (SectionGrade, "moderation_note"),
    (ModerationRecord, "good_practice"),
    (User, "full_name"),
    (User, "job_title"),
    (Indicator, "name"),
    (Indicator, "definition"),
    (Observation, "note"),
    (ProcessChange, "description"),
    (ReferenceValue, "series"),
    (ReferenceValue, "source"),
    (ValueQuery, "question"),
    (PublishedItem, "title"),
    (PublishedItem, "summary"),
    (Theme, "name"),
    (BoardPriority, "title"),
    (Agency, "name"),
]


def _inject() -> None:
    suffix = Concat(Value(" #"), Cast(F("pk"), CharField()))
    for model, field in FIELDS:
        model.objects.update(**{field: Concat(Value(PAYLOAD), suffix)})


def _objects(child_m: Review) -> dict[str, Any]:
    """The objects the access matrix builds its addresses from (as tests/access/conftest.py
    picks them), for the pages that need no more than the demo has."""
    nobles, mccf, imc = (Agency.objects.get(agency_code=c) for c in ("NOBLES", "MCCF", "IMC"))
    o: dict[str, Any] = {"review": child_m, "agency": nobles, "mccf": mccf, "imc": imc}
    o["request"] = child_m.requests.filter(agency=nobles).first()
    o["recommendation"] = child_m.recommendations.order_by("number").first()
    o["version"] = child_m.report_versions.order_by("-number").first()
    o["entry"] = child_m.chronology.first()
    o["action"] = Action.objects.filter(owner_agency=nobles).first()
    o["theme"] = Theme.objects.first()
    o["priority"] = BoardPriority.objects.first()
    o["person"] = User.objects.get(email="board@demo.test")
    o["evidence"] = Evidence.objects.filter(agencies=nobles).first() or Evidence.objects.first()
    o["assessment"] = Assessment.objects.exclude(grade="").first()
    o["measure"] = AssessmentMeasure.objects.first()
    o["tool"] = AuditTool.objects.first()
    o["section"] = o["tool"].sections.first()
    o["programme"] = AuditProgramme.objects.filter(
        agencies=nobles, moderation__isnull=False
    ).first()
    o["case"] = CaseAudit.objects.filter(programme=o["programme"], agency=nobles).first()
    o["survey"] = Survey.objects.filter(agencies__isnull=True).exclude(status="draft").first()
    o["question"] = o["survey"].questions.first()
    o["indicator"] = Indicator.objects.filter(observations__agency=mccf).first()
    o["open_indicator"] = opendata.published_indicators()[0]
    o["observation"] = (
        Observation.objects.filter(indicator=o["indicator"], agency=mccf)
        .order_by("-period")
        .first()
    )
    o["reference"] = ReferenceValue.objects.first()
    o["process_change"] = ProcessChange.objects.first()
    o["signal"] = Signal.objects.first()
    return o


class World:
    def __init__(self, people: dict[str, User | None], objects: dict[str, Any]) -> None:
        self.people = people
        self.objects = objects

    def client(self, persona: str) -> Client:
        client = Client()
        if self.people.get(persona) is not None:
            client.force_login(self.people[persona])
        return client


def _people() -> dict[str, User | None]:
    emails = {
        "business_unit_officer": "business@demo.test",
        "panel_member": "panel@demo.test",
        "board_member": "board@demo.test",
        "assigned_reviewer": "reviewer@demo.test",
        "involved_lead": "health.lead@demo.test",
        "data_officer": "data.officer@demo.test",
        "practitioner": "practitioner@demo.test",
    }
    people: dict[str, User | None] = {p: User.objects.get(email=e) for p, e in emails.items()}
    return people | {"anonymous": None}


SECTIONS = {name: PAYLOAD for name in briefing_services.EDITABLE_FIELDS}


def _briefing(review: Review, bu: User) -> Briefing:
    """A briefing drafted from the review, every part of it then written by the service."""
    briefing = briefing_services.briefing_draft_from_review(review, bu)
    return briefing_services.briefing_update(briefing=briefing, by=bu, **SECTIONS)


def _answer(survey: Survey) -> None:
    """One response through the service, the payload in every free-text answer."""
    answers: dict[int, Any] = {}
    for question in survey.questions.all():
        if question.kind == QuestionKind.TEXT:
            answers[question.pk] = PAYLOAD
        elif question.kind == QuestionKind.SCALE:
            answers[question.pk] = 4
        else:
            answers[question.pk] = question.choices[0]
    surveys_services.response_submit(survey=survey, answers=answers)


@pytest.fixture(scope="module")
def world(demo_board) -> Iterator[World]:
    bu = demo_board.business_unit
    child_m = Review.objects.get(title="Child M (demo)")  # before its title is changed
    published, sent = _briefing(child_m, bu), _briefing(child_m, bu)
    _inject()
    # Published by its service, so the public page shows the body HTML the service makes.
    item = briefing_services.briefing_publish(briefing=published, by=bu, summary=PAYLOAD)
    nobles_and_mccf = Agency.objects.filter(agency_code__in=["NOBLES", "MCCF"])
    briefing_services.briefing_send(
        briefing=sent, by=bu, agencies=nobles_and_mccf, roles=["practitioner", "agency_lead"]
    )
    objects = _objects(child_m) | {"item": item, "briefing": sent}
    _answer(Survey.objects.filter(status=SurveyStatus.OPEN).first())
    yield World(_people(), objects)


# --- what a page must never hold ----------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class _Markup(HTMLParser):
    """Reads a page as a browser would and notes markup the payload could have made."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "alert" in value:
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and ("src", "x") in attrs:
            self.problems.append("<img src=x>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(1)" in data:
            self.problems.append(f"<script>{data[:60]}")
        self.text.append(data)


def _read_page(html: str) -> tuple[list[str], str]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.problems, "".join(parser.text)


def _formula_cells(rows: list[list[Any]]) -> list[str]:
    """Text cells a spreadsheet would run: starting = + @ (or - when not a number)."""
    bad = []
    for row in rows:
        for cell in row:
            if not isinstance(cell, str) or not cell:
                continue
            if cell[0] in "=+@\t\r" or (cell[0] == "-" and not _is_number(cell)):
                bad.append(cell[:60])
    return bad


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _resolved(value: Any) -> Any:
    return value.get_object() if value is not None else None


def _pdf_problems(content: bytes) -> tuple[list[str], str]:
    reader = PdfReader(io.BytesIO(content))
    problems = []
    root = reader.trailer["/Root"]
    if "/OpenAction" in root or "/AA" in root:
        problems.append("the PDF runs an action when opened")
    if "/JavaScript" in (_resolved(root.get("/Names")) or {}):
        problems.append("the PDF holds JavaScript")
    text = []
    for page in reader.pages:
        text.append(page.extract_text() or "")
        for annot in _resolved(page.get("/Annots")) or []:
            action = _resolved(annot.get_object().get("/A")) or {}
            if action.get("/S") in ("/JavaScript", "/Launch"):
                problems.append(f"a link runs {action.get('/S')}")
            if str(action.get("/URI", "")).lower().startswith("javascript:"):
                problems.append(f"a link to {action.get('/URI')}")
    return problems, "".join(text)


def check_download(response: Any) -> tuple[list[str], str]:
    """The problems in a response and its readable text."""
    kind = response.get("Content-Type", "").split(";")[0]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "text/html":
        problems, text = _read_page(content.decode())
        if "49O'Neill" in text:
            problems.append("{{7*7}} was read as a template")
        return problems, text
    if kind == "text/csv":
        text = content.decode("utf-8-sig")
        return _formula_cells(list(csv.reader(io.StringIO(text)))), text
    if kind.endswith("spreadsheetml.sheet"):
        workbook = load_workbook(io.BytesIO(content))
        rows = [list(r) for sheet in workbook for r in sheet.iter_rows(values_only=True)]
        return _formula_cells(rows), "".join(str(c) for r in rows for c in r if c)
    if kind == "application/pdf":
        return _pdf_problems(content)
    return [], content.decode(errors="replace")


# --- the crawl ---------------------------------------------------------------------------------

# Who fetches each page: the business unit (who sees nearly everything), the public, and the
# first other persona the matrix lets in when neither may.
CRAWLERS = ("business_unit_officer", "anonymous")
OTHERS = ("involved_lead", "data_officer", "practitioner", "panel_member", "assigned_reviewer")


def _fetches() -> list[tuple[str, str]]:
    fetches = []
    for name, row in sorted(MATRIX.items()):
        expected = row.expected("get")
        allowed = [p for p in (*CRAWLERS, *OTHERS) if expected[p] == "ok"]
        chosen = [p for p in allowed if p in CRAWLERS] or allowed[:1]
        fetches += [(name, persona) for persona in chosen]
    return fetches


FETCHES = _fetches()


@pytest.fixture(scope="module")
def crawl(world) -> dict[tuple[str, str], tuple[int, list[str], str]]:
    """Every page fetched once: status, problems found, readable text."""
    results = {}
    for name, persona in FETCHES:
        try:
            url = reverse(name, kwargs=MATRIX[name].kwargs(world.objects))
        except (KeyError, AttributeError, NoReverseMatch):
            continue  # an object this world does not pick (see _objects)
        with transaction.atomic():
            response = world.client(persona).get(url)
            transaction.set_rollback(True)
        if response.status_code == 200:
            problems, text = check_download(response)
        else:
            problems, text = [], ""
        results[(name, persona)] = (response.status_code, problems, text)
    return results


def test_no_page_or_download_holds_the_payload_as_markup_or_a_formula(crawl, db):
    found = {f"{name} as {who}": problems for (name, who), (_, problems, _) in crawl.items()}
    assert {page: p for page, p in found.items() if p} == {}


def test_the_crawl_fetches_nearly_every_page(crawl, db):
    """Of the pages someone may GET, at most a dozen are not read: those whose objects this
    world does not make (a job, an anonymisation run, an attachment, an invitation's token),
    evidence kept up to date from elsewhere (not editable) and a request with no document."""
    fetchable = {name for name, _ in FETCHES}
    fetched = {name for (name, _), (status, _, _) in crawl.items() if status == 200}
    assert len(fetchable - fetched) <= 12, sorted(fetchable - fetched)


def test_no_page_fails_with_hostile_text_stored(crawl, db):
    failed = {f"{name} as {who}": status for (name, who), (status, _, _) in crawl.items()}
    assert {page: s for page, s in failed.items() if s >= 500} == {}


# The pages and files that show the fields above: each must answer 200 and show the payload as
# text (so the crawl cannot pass by fetching nothing).
MUST_SHOW = [
    ("reviews:list", "business_unit_officer"),
    ("reviews:detail", "business_unit_officer"),
    ("reviews:findings", "business_unit_officer"),
    ("reviews:chronology", "business_unit_officer"),
    ("reviews:chronology-pdf", "business_unit_officer"),
    ("actions:register", "business_unit_officer"),
    ("actions:recommendation", "business_unit_officer"),
    ("actions:action", "business_unit_officer"),
    ("actions:pack", "business_unit_officer"),
    ("briefings:briefings", "business_unit_officer"),
    ("briefings:briefing", "business_unit_officer"),
    ("briefings:briefing-pdf", "business_unit_officer"),
    ("assurance:evidence-list", "business_unit_officer"),
    ("assurance:evidence-detail", "business_unit_officer"),
    ("assurance:assessment-detail", "business_unit_officer"),
    ("assurance:priority-list", "business_unit_officer"),
    ("reviews:themes", "business_unit_officer"),
    ("audits:programme", "business_unit_officer"),
    ("audits:case", "business_unit_officer"),
    ("audits:moderation-pdf", "business_unit_officer"),
    ("surveys:detail", "business_unit_officer"),
    ("surveys:results", "business_unit_officer"),
    ("accounts:agency-list", "business_unit_officer"),
    ("accounts:people", "business_unit_officer"),
    ("dataset:indicators", "business_unit_officer"),
    ("dataset:indicator", "business_unit_officer"),
    ("dataset:open-data", "anonymous"),
    ("dataset:open-data-indicator", "anonymous"),
    ("publishing:library", "anonymous"),
    ("publishing:item", "anonymous"),
]


@pytest.mark.parametrize(("name", "persona"), MUST_SHOW, ids=[m[0] for m in MUST_SHOW])
def test_the_pages_that_show_the_fields_show_the_payload_as_text(crawl, db, name, persona):
    status, problems, text = crawl[(name, persona)]
    assert status == 200
    assert problems == []
    assert SHOWN in text, text[:300]


# Downloads behind a query string (the matrix fetches the page itself): each must answer 200
# and hold the payload, as text and with its leading "=" neutralised where it starts a cell.
DOWNLOADS = [
    ("actions:register", "?format=csv"),
    ("actions:register", "?format=xlsx"),
    ("actions:annual", "?format=csv"),
    ("actions:pack", "?format=pdf"),
    ("assurance:evidence-list", "?format=csv"),
    ("assurance:scrutiny-priority", "?format=pdf"),
    ("board:audit-trail", "?format=csv"),
    ("briefings:briefing-reach", "?format=csv"),
    ("surveys:results", "?format=csv"),
    ("reviews:chronology-xlsx", ""),
    ("reviews:chronology-pdf", ""),
    ("briefings:briefing-pdf", ""),
    ("audits:results-csv", ""),
    ("audits:moderation-pdf", ""),
    ("dataset:open-data-all-csv", ""),
    ("dataset:open-data-csv", ""),
    ("publishing:pdf", ""),
]
NEUTRALISED = "'" + PAYLOAD


@pytest.mark.parametrize(("name", "query"), DOWNLOADS, ids=[f"{n}{q}" for n, q in DOWNLOADS])
def test_downloads_hold_the_payload_as_plain_text(world, db, name, query):
    persona = "anonymous" if name.startswith(("dataset:open", "publishing:")) else None
    url = reverse(name, kwargs=MATRIX[name].kwargs(world.objects)) + query
    response = world.client(persona or "business_unit_officer").get(url)
    assert response.status_code == 200
    problems, text = check_download(response)
    assert problems == []
    kind = response["Content-Type"].split(";")[0]
    if kind == "application/pdf":
        flat = "".join(text.split())
        assert "".join(SHOWN.split()) in flat, text[:500]
    elif name not in ("board:audit-trail", "actions:annual", "briefings:briefing-reach"):
        assert NEUTRALISED in text or "'" + PAYLOAD[:20] in text, text[:500]


# --- links ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/",
        "/\\evil.example/",  # browsers read a backslash as a slash: //evil.example
        'https://x.example/"><script>alert(1)</script>',
    ],
)
def test_evidence_links_are_web_addresses_only(world, db, link):
    bu = world.people["business_unit_officer"]
    evidence = world.objects["evidence"]
    with pytest.raises(ValidationError) as refused:
        assurance_services.evidence_create(
            by=bu,
            title="Practice observation",
            source="practice_observation",
            dated=evidence.dated,
            summary="Seen on a visit",
            strength="moderate",
            link_url=link,
        )
    assert "web address" in str(refused.value.message_dict["link_url"])


# --- e-mails ---------------------------------------------------------------------------------------

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _check_mail(messages) -> None:
    """Subject and plain text hold the payload as typed (not HTML-escaped: "O'Neill"); the HTML
    alternative holds it only as text."""
    assert messages, "no e-mail was sent"
    shown_in_html = []
    for message in messages:
        assert "&#x27;" not in message.subject and "&lt;" not in message.subject
        assert "&#x27;" not in message.body and "&lt;" not in message.body
        assert "\n" not in message.subject
        for html, kind in message.alternatives:
            assert kind == "text/html"
            problems, text = _read_page(html)
            assert problems == []
            shown_in_html.append(PAYLOAD in text)
    assert any(PAYLOAD in m.subject or PAYLOAD in m.body for m in messages)
    assert any(shown_in_html)


def test_a_briefing_sent_to_agencies_mails_the_payload_as_text(
    world, db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    bu = world.people["business_unit_officer"]
    briefing = _briefing(world.objects["review"], bu)
    with django_capture_on_commit_callbacks(execute=True):
        briefing_services.briefing_send(
            briefing=briefing,
            by=bu,
            agencies=[world.objects["imc"]],
            roles=["practitioner", "agency_lead"],
        )
    _check_mail(mailoutbox)
    assert all(PAYLOAD in m.subject for m in mailoutbox)


def test_an_invitation_mails_the_payload_as_text(
    world, db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            email="new.nurse@nobles.example.im",
            full_name=PAYLOAD,
            agency=world.objects["agency"],
            roles=[Role.PRACTITIONER],
            by=world.people["business_unit_officer"],
        )
    _check_mail(mailoutbox)


def test_action_reminders_mail_the_payload_as_text(
    world, db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    action = Action.objects.filter(status__in=OPEN_STATUSES).first()
    with django_capture_on_commit_callbacks(execute=True):
        # Long overdue: its owner is reminded and the business unit told.
        reminders_send(today=action.due_date + timedelta(days=settings.ACTION_ESCALATE_AFTER_DAYS))
    _check_mail(mailoutbox)
