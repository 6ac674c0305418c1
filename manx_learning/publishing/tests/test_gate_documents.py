"""Runs on uploaded Word documents: the text is extracted, tracked changes are refused."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from manx_learning.publishing import services
from manx_learning.publishing.tests.factories import approve
from manx_learning.reviews import services as reviews_services

TRACKED = (
    '<w:ins w:id="1" w:author="Someone" w:date="2026-01-01T00:00:00Z">'
    "<w:r><w:t>inserted</w:t></w:r></w:ins>"
)


def _docx(text: str, tracked: bool = False) -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph(text)
    if tracked:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        paragraph._p.append(parse_xml(TRACKED.replace("<w:ins ", f"<w:ins {nsdecls('w')} ")))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def approving(panel_chair, board_member):
    """Approve a review after its report is uploaded, so it may be anonymised."""
    return lambda review: approve(review, panel_chair, board_member)


def _upload(review, by, data):
    upload = SimpleUploadedFile(
        "final.docx",
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    return reviews_services.report_version_add(review=review, by=by, kind="final", document=upload)


def test_it_runs_on_a_word_document(gate_review, reviewer, approving):
    version = _upload(gate_review, reviewer, _docx("Jayden Kinrade was seen at home."))
    approving(gate_review)
    run = services.anonymisation_run(version=version, by=reviewer)
    assert services.anonymised_text(run) == "Child A was seen at home."
    assert not any("changed since" in g for g in services.publication_gaps(run))


def test_it_refuses_a_word_document_with_tracked_changes(gate_review, reviewer, approving):
    version = _upload(gate_review, reviewer, _docx("Jayden was seen.", tracked=True))
    approving(gate_review)
    with pytest.raises(ValidationError, match="tracked changes"):
        services.anonymisation_run(version=version, by=reviewer)


def test_it_refuses_a_pdf_without_a_text_layer(gate_review, reviewer, approving):
    from weasyprint import HTML

    blank = HTML(string="<html><body></body></html>").write_pdf()
    upload = SimpleUploadedFile("scan.pdf", blank, content_type="application/pdf")
    version = reviews_services.report_version_add(
        review=gate_review, by=reviewer, kind="final", document=upload
    )
    approving(gate_review)
    with pytest.raises(ValidationError, match=r"scan\.pdf has no text layer"):
        services.anonymisation_run(version=version, by=reviewer)
