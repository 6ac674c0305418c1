"""Hostile evidence uploads: the upload check says what the file is or what is wrong with it, and
the assurance and action evidence services store an attachment or nothing."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manx_learning.actions import services as actions_services
from manx_learning.actions.models import Action
from manx_learning.assurance import services as assurance_services
from manx_learning.assurance.models import EvidenceAttachment
from manx_learning.assurance.tests.factories import add_evidence
from manx_learning.core.uploads import KIND_LABELS, in_memory, validate_upload
from tests.hostile.parser_inputs import (
    hostile_bytes,
    mutated,
    odd_zip,
    workbook_bytes,
    zip_with_bad_name,
)

QUICK = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(QUICK, max_examples=30)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
XLSX = workbook_bytes([["a", "b"], [1, 2]])

uploads = st.one_of(
    hostile_bytes,
    mutated(PDF),
    mutated(XLSX),
    odd_zip(["word/document.xml", "xl/workbook.xml", "[Content_Types].xml"]),
    st.just(zip_with_bad_name({"word/document.xml": b"<w/>"})),
)
allowed_kinds = st.sets(st.sampled_from(sorted(KIND_LABELS)), min_size=1)


@QUICK
@given(data=uploads, allowed=allowed_kinds)
def test_the_upload_check_names_an_allowed_kind_or_says_what_is_wrong(data, allowed):
    try:
        kind = validate_upload(in_memory(data, "file.pdf"), allowed=allowed)
    except ValidationError as error:
        assert all(message.strip() for message in error.messages)
    else:
        assert kind in allowed


def test_a_zip_whose_directory_names_a_member_in_bad_utf8_is_refused_with_a_message():
    upload = in_memory(zip_with_bad_name({"word/document.xml": b"<w/>"}), "report.docx")
    with pytest.raises(ValidationError, match="must be a Word document"):
        validate_upload(upload, allowed={"docx"})


# --- Evidence: assurance attachments and action evidence -----------------------------------------


@contextmanager
def _undone(tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def police_action(business_unit_officer, police_lead, police) -> Action:
    national = actions_services.recommendation_create(
        by=business_unit_officer,
        text="Agencies should share information about children who go missing.",
        source_kind="national",
        source_title="National Panel review: missing children (2025)",
        source_year=2025,
        agencies=[police],
        smart_outcome="Missing episodes shared within a day",
        smart_measure="Quarterly audit",
        smart_owner="Agency leads",
        smart_timescale="By June 2027",
    )
    return actions_services.action_create(
        recommendation=national,
        by=police_lead,
        description="Add a missing-episode notification to the Niche workflow",
        owner_agency=police,
        lead_name="DI Lee",
        due_date=timezone.localdate() + timedelta(days=60),
        expected_outcome="Children's services told of every missing episode the next morning",
        impact_kind="retest",
        impact_measure="Dip sample of 20 missing episodes in six months",
    )


names = st.sampled_from(["evidence.pdf", "audit.xlsx", "notes.docx", "figures.csv", "x"])


@pytest.mark.django_db
@FEW
@given(data=uploads, name=names)
def test_an_evidence_attachment_is_stored_or_refused_with_nothing_kept(
    business_unit_officer, police, tmp_path, data, name
):
    with _undone(tmp_path):
        evidence = add_evidence(business_unit_officer, title="Audit", agencies=[police])
        upload = SimpleUploadedFile(name, data)
        try:
            assurance_services.evidence_attach(
                evidence=evidence, by=business_unit_officer, upload=upload
            )
        except ValidationError as error:
            assert error.message_dict["upload"]
            assert not EvidenceAttachment.objects.filter(evidence=evidence).exists()
        else:
            assert EvidenceAttachment.objects.filter(evidence=evidence).count() == 1


@pytest.mark.django_db
@FEW
@given(data=uploads, name=names)
def test_action_evidence_is_stored_or_refused_with_nothing_kept(
    police_action, police_lead, tmp_path, data, name
):
    with _undone(tmp_path):
        before = police_action.evidence.count()
        upload = SimpleUploadedFile(name, data)
        try:
            actions_services.evidence_add(
                action=police_action,
                by=police_lead,
                kind="document",
                description="Dip sample results",
                upload=upload,
            )
        except ValidationError as error:
            assert error.message_dict["upload"]
            assert police_action.evidence.count() == before
        else:
            assert police_action.evidence.count() == before + 1
