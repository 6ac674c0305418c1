"""One shared world for the access matrix: the demo board (a review in every stage, objects of
every kind) plus what the demo does not make (an unassigned reviewer, the lead of an agency no
review involves, an invitation, a briefing sent to two agencies, an anonymisation run, a published
item, a return with a query, an API token, an evidence attachment, a finished background export). Built once per module inside
a transaction that is rolled back at the end; each test runs in a savepoint of it, so a POST that
changes something is undone before the next test."""

import copy
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from manx_learning.accounts.models import Agency, AgencyKind, Role, User
from manx_learning.accounts.services import invitation_create
from manx_learning.accounts.tests.factories import make_person
from manx_learning.actions.models import Action, Recommendation
from manx_learning.actions.models import Evidence as ActionEvidence
from manx_learning.assurance import services as assurance_services
from manx_learning.assurance.models import Assessment, AssessmentMeasure
from manx_learning.assurance.tests.factories import add_evidence
from manx_learning.audits import services as audits_services
from manx_learning.audits.models import AuditProgramme, AuditTool, CaseAudit, ProgrammeStatus
from manx_learning.board.tests.factories import rolled_back_demo_board
from manx_learning.briefings import services as briefing_services
from manx_learning.core.jobs import run_job_task
from manx_learning.dataset import opendata
from manx_learning.dataset import services as dataset_services
from manx_learning.dataset.models import (
    Indicator,
    Observation,
    ProcessChange,
    ReferenceValue,
    Signal,
)
from manx_learning.publishing import services as publishing_services
from manx_learning.publishing.tests.factories import make_item
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.models import AgencyRequest, ChronologyEntry, Review, Stage
from manx_learning.surveys.models import Survey
from manx_learning.vocabulary.models import BoardPriority, Theme
from tests.access.matrix import PERSONAS

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _demo(email: str) -> User:
    return User.objects.get(email=email)


def _people() -> dict[str, User | None]:
    probation, _ = Agency.objects.get_or_create(
        agency_code="PROB",
        defaults={"name": "Isle of Man Probation Service", "kind": AgencyKind.PROBATION},
    )
    indep = Agency.objects.get(agency_code="INDEP")
    return {
        "business_unit_officer": _demo("business@demo.test"),
        "panel_member": _demo("panel@demo.test"),
        "board_member": _demo("board@demo.test"),
        "assigned_reviewer": _demo("reviewer@demo.test"),
        "unassigned_reviewer": make_person("other.reviewer@example.im", indep, Role.REVIEWER),
        # Noble's is involved in Child M, its recommendations, actions and audits.
        "involved_lead": _demo("health.lead@demo.test"),
        # Probation is in no review, programme, survey or briefing.
        "uninvolved_lead": make_person("lead@probation.example.im", probation, Role.AGENCY_LEAD),
        "data_officer": _demo("data.officer@demo.test"),
        "practitioner": _demo("practitioner@demo.test"),
        "anonymous": None,
    }


def _objects(people: dict[str, Any]) -> dict[str, Any]:
    bu = people["business_unit_officer"]
    lead = people["involved_lead"]
    nobles, mccf, imc = (Agency.objects.get(agency_code=c) for c in ("NOBLES", "MCCF", "IMC"))
    child_m = Review.objects.get(title="Child M (demo)")
    thematic = Review.objects.get(title="Self-neglect thematic review (demo)")
    screening = Review.objects.get(stage=Stage.SCREENING)
    o: dict[str, Any] = {"review": child_m, "other_review": thematic, "screening": screening}
    o["request"] = child_m.requests.filter(agency=nobles).first()
    o["request"].document.save("summary.pdf", ContentFile(PDF))
    o["other_request"] = AgencyRequest.objects.exclude(review=child_m).first()
    o["recommendation"] = child_m.recommendations.get(number=1)
    o["other_recommendation"] = Recommendation.objects.exclude(review=child_m).first()
    o["version"] = child_m.report_versions.order_by("-number").first()
    o["entry"] = child_m.chronology.first()
    o["other_entry"] = ChronologyEntry.objects.create(
        review=thematic,
        agency=imc,
        agency_label="Police",
        occurred_on=date(2025, 11, 3),
        event="Welfare check",
        source_file="police.csv",
        source_row=2,
    )
    o["action"] = Action.objects.filter(owner_agency=nobles).first()
    o["other_action"] = Action.objects.exclude(owner_agency=nobles).exclude(lead=lead).first()
    o["action_evidence"] = ActionEvidence.objects.filter(action__owner_agency=nobles).first()
    o["theme"] = Theme.objects.first()
    o["priority"] = BoardPriority.objects.first()
    o["agency"] = nobles
    o["mccf"], o["imc"] = mccf, imc
    invitation, token = invitation_create(
        email="new@nobles.example.im",
        full_name="New Nurse",
        agency=nobles,
        roles=[Role.PRACTITIONER],
        by=bu,
    )
    o["invitation"] = invitation
    o["other_invitation"], _ = invitation_create(
        email="new@police.example.im",
        full_name="New Constable",
        agency=imc,
        roles=[Role.PRACTITIONER],
        by=bu,
    )
    o["invitation_token"] = type("Token", (), {"value": token})
    o["person"] = people["board_member"]
    briefing = briefing_services.briefing_draft_from_review(child_m, bu)
    briefing_services.briefing_send(
        briefing=briefing, by=bu, agencies=[nobles, mccf], roles=["practitioner", "agency_lead"]
    )
    o["briefing"] = briefing
    o["run"] = publishing_services.anonymisation_run(version=o["version"], by=bu)
    o["item"] = make_item(title="Learning from Child M")
    o["item"].pdf.save("report.pdf", ContentFile(PDF))
    o["evidence"] = add_evidence(bu, title="Noble's audit of ED attendances", agencies=[nobles])
    o["other_evidence"] = add_evidence(bu, title="Police audit of custody records", agencies=[imc])
    o["attachment"] = assurance_services.evidence_attach(
        evidence=o["evidence"],
        by=bu,
        upload=SimpleUploadedFile("note.pdf", PDF, content_type="application/pdf"),
    )
    o["assessment"] = Assessment.objects.exclude(grade="").first()
    o["assessment"].retests.all().delete()  # so the business unit may record one
    o["measure"] = AssessmentMeasure.objects.first()
    # A fresh version of the tool, not yet used by a programme, so it can still be changed.
    o["tool"] = audits_services.tool_copy(tool=AuditTool.objects.first(), by=bu)
    o["section"] = o["tool"].sections.first()
    o["programme"] = AuditProgramme.objects.filter(
        agencies=nobles, moderation__isnull=False
    ).first()
    # Back to auditing, so its case audits can be graded.
    AuditProgramme.objects.filter(pk=o["programme"].pk).update(status=ProgrammeStatus.AUDITING)
    o["case"] = CaseAudit.objects.filter(programme=o["programme"], agency=nobles).first()
    o["other_case"] = CaseAudit.objects.filter(programme=o["programme"], agency=imc).first()
    o["survey"] = Survey.objects.filter(agencies__isnull=True).exclude(status="draft").first()
    o["question"] = o["survey"].questions.first()
    o["other_question"] = Survey.objects.exclude(pk=o["survey"].pk).first().questions.first()
    o["indicator"] = Indicator.objects.filter(observations__agency=mccf).first()
    o["open_indicator"] = opendata.published_indicators()[0]
    o["other_indicator"] = Indicator.objects.exclude(pk=o["indicator"].pk).first()
    o["observation"] = (
        Observation.objects.filter(indicator=o["indicator"], agency=mccf)
        .order_by("-period")
        .first()
    )
    o["reference"] = ReferenceValue.objects.first()
    o["process_change"] = ProcessChange.objects.first()
    o["other_of_reference"] = Indicator.objects.exclude(pk=o["reference"].indicator_id).first()
    o["other_of_change"] = Indicator.objects.exclude(pk=o["process_change"].indicator_id).first()
    o["signal"] = Signal.objects.first()
    obs = o["observation"]
    dataset_services.return_submit_entries(
        agency=mccf,
        period=obs.period,
        entries=[{"indicator": o["indicator"].code, "value": obs.value}],
        by=people["data_officer"],
    )
    o["query"] = dataset_services.value_query_raise(
        observation=obs, question="Is this right?", by=bu
    )
    o["token"], o["secret"] = dataset_services.token_issue(agency=mccf, name="Case system", by=bu)
    # A finished background export with a file to download, owned by the business unit.
    job = reviews_services.chronology_export_start(
        review=child_m, by=bu, fmt="xlsx", filters={}, count=child_m.chronology.count()
    )
    run_job_task.call(job_code=str(job.code))
    job.refresh_from_db()
    assert job.can_download(), (job.status, job.message, job.result_file)
    o["job"] = job
    return o


class World:
    """The personas, a signed-in client for each, and the objects URL kwargs are built from."""

    def __init__(self, people: dict[str, User | None], objects: dict[str, Any]) -> None:
        self.people = people
        self.objects = objects
        self.clients: dict[str, Client] = {}
        for name in PERSONAS:
            if name == "api_token":
                client = Client(headers={"Authorization": f"Bearer {objects['secret']}"})
            else:
                client = Client()
            if people.get(name) is not None:
                client.force_login(people[name])
            self.clients[name] = client
        self.cookies = {name: copy.deepcopy(c.cookies) for name, c in self.clients.items()}

    def signed_in(self) -> dict[str, Client]:
        """The clients, each back in its own session (a POST may have signed one out)."""
        for name, client in self.clients.items():
            client.cookies = copy.deepcopy(self.cookies[name])
        return self.clients


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with rolled_back_demo_board(django_db_blocker):
        people = _people()
        yield World(people, _objects(people))
