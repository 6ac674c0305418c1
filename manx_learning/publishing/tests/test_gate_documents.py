"""Runs on uploaded Word documents: the text is extracted, tracked changes are refused."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from manx_learning.publishing import services
from manx_learning.publishing.tests.factories import approve, structured_report_docx
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


def _published(review, data, name, people):
    reviewer, second_reviewer, business_unit_officer, approving = people
    upload = SimpleUploadedFile(name, data)
    version = reviews_services.report_version_add(
        review=review, by=reviewer, kind="final", document=upload
    )
    approving(review)
    run = services.anonymisation_run(version=version, by=reviewer)
    for index in services.undecided_spans(run):
        services.span_decide(run, index, "accept", reviewer)
    services.run_approve(run, second_reviewer)
    return services.publish(
        run,
        business_unit_officer,
        title="Learning from Child A",
        summary="What we learnt.",
        audience="children",
        themes=[],
    )


@pytest.fixture
def people(reviewer, second_reviewer, business_unit_officer, approving):
    return reviewer, second_reviewer, business_unit_officer, approving


def test_a_word_report_is_published_with_its_structure_on_the_page_and_in_the_pdf(
    gate_review, people
):
    from manx_learning.lib.anonymiser.pdf_structure import pdf_structured_text

    report = structured_report_docx("Jayden Kinrade", "Ballacottier Primary School")
    item = _published(gate_review, report, "final.docx", people)
    body = item.body_html
    assert '<h2 class="govuk-heading-l">Background</h2>' in body
    assert '<p class="govuk-body">Child A lived with his mother at [address].</p>' in body
    assert '<h3 class="govuk-heading-m">What the agencies knew</h3>' in body
    assert "<li>The school knew he was often absent</li>" in body
    assert '<td class="govuk-table__cell">[school]</td>' in body
    assert "Jayden" not in body and "Ballacottier" not in body

    structured = pdf_structured_text(item.pdf.path)
    assert "# Learning from Child A" in structured
    assert "## Background" in structured
    assert "- The police knew of two incidents\n- The school knew he was often absent" in structured
    assert "| Agency | Contacts |\n| --- | --- |\n| [school] | 12 |" in structured


def test_a_markdown_report_is_published_with_its_structure(gate_review, people):
    markdown = (
        "# Background\n\nJayden Kinrade lived at 14 Ballabrooie Drive, Douglas.\n\n"
        "## What the agencies knew\n\n- The police knew\n- The school knew\n\n"
        "| Agency | Contacts |\n| --- | --- |\n| Ballacottier Primary School | 12 |\n"
    )
    body = _published(gate_review, markdown.encode(), "final.md", people).body_html
    assert '<h2 class="govuk-heading-l">Background</h2>' in body
    assert "<li>The school knew</li>" in body
    assert '<td class="govuk-table__cell">[school]</td>' in body
    assert "Jayden" not in body


def _upgrade() -> None:
    """Publishing migration 0005's data step, as the upgrade runs it."""
    import importlib

    from django.apps import apps

    importlib.import_module(
        "manx_learning.publishing.migrations.0005_run_version_fingerprint"
    ).forwards(apps, None)


def test_a_document_changed_in_storage_after_the_run_blocks_publication(gate_review, people):
    from manx_learning.publishing.models import AnonymisationRun

    reviewer, _, _, approving = people
    report = structured_report_docx("Jayden Kinrade", "Ballacottier Primary School")
    version = reviews_services.report_version_add(
        review=gate_review,
        by=reviewer,
        kind="final",
        document=SimpleUploadedFile("final.docx", report),
    )
    approving(gate_review)
    run = services.anonymisation_run(version=version, by=reviewer)
    assert not any("changed since" in gap for gap in services.publication_gaps(run))
    # A run finished before the upgrade gets its document's hash, and stays publishable.
    AnonymisationRun.objects.filter(pk=run.pk).update(version_sha256="")
    _upgrade()
    run.refresh_from_db()
    assert not any("changed since" in gap for gap in services.publication_gaps(run))
    with open(version.document.path, "wb") as stored:
        stored.write(_docx("Jayden Kinrade was seen at home, and more."))
    assert any("changed since" in gap for gap in services.publication_gaps(run))


def test_the_upgrade_keeps_a_text_run_publishable_unless_its_text_changed(clean_run):
    from manx_learning.publishing.models import AnonymisationRun

    AnonymisationRun.objects.filter(pk=clean_run.pk).update(version_sha256="")
    _upgrade()
    clean_run.refresh_from_db()
    assert services.publication_gaps(clean_run) == []

    version = clean_run.report_version
    version.text += "\n\nA late paragraph."
    version.save()
    AnonymisationRun.objects.filter(pk=clean_run.pk).update(version_sha256="")
    _upgrade()
    clean_run.refresh_from_db()
    assert clean_run.version_sha256 == ""
    assert any("changed since" in gap for gap in services.publication_gaps(clean_run))
