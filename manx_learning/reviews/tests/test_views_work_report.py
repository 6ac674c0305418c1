"""The report: versions uploaded or written in the service, checked by content, and downloads
that are access-checked and audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.reviews import services

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _url(name, review, *more):
    return reverse(f"reviews:{name}", args=[review.code, *more])


def test_a_real_pdf_is_accepted(client, analysis, reviewer):
    client.force_login(reviewer)
    upload = SimpleUploadedFile("draft.pdf", PDF, content_type="application/pdf")
    response = client.post(
        _url("report", analysis), {"kind": "draft", "document": upload, "note": "First draft"}
    )
    assert response.url == _url("report", analysis)
    version = analysis.report_versions.get()
    assert (version.number, version.kind, version.note) == (1, "draft", "First draft")
    assert version.original_name.endswith(".pdf")
    assert version.document.read() == PDF


def test_a_text_file_named_pdf_is_refused_with_a_clear_message(client, analysis, reviewer):
    client.force_login(reviewer)
    upload = SimpleUploadedFile("report.pdf", b"Just some text, not a PDF.")
    response = client.post(_url("report", analysis), {"kind": "final", "document": upload})
    html = response.content.decode()
    assert (
        "The selected file must be a Word document (.docx), a PDF, or a Markdown or text file"
        in html
    )
    assert "There is a problem" in html
    assert not analysis.report_versions.exists()


def test_a_version_needs_an_upload_or_text(client, analysis, reviewer):
    client.force_login(reviewer)
    response = client.post(_url("report", analysis), {"kind": "draft"})
    assert "Upload the report or write it in the box" in response.content.decode()


def test_the_report_form_sends_files(client, analysis, reviewer):
    client.force_login(reviewer)
    html = client.get(_url("report", analysis)).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert html.count("<h1") == 1


def test_a_download_is_audited(client, analysis, reviewer, panel_chair):
    version = services.report_version_add(
        review=analysis,
        by=reviewer,
        kind="draft",
        document=SimpleUploadedFile("draft.pdf", PDF),
    )
    client.force_login(panel_chair)
    page = client.get(_url("report", analysis)).content.decode()
    download = _url("report-download", analysis, version.code)
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert "REF-2026-001-report-v1.pdf" in response["Content-Disposition"]
    event = AuditEvent.objects.get(verb="review.report_downloaded")
    assert (event.actor, event.detail["number"]) == (panel_chair, 1)


def test_a_report_written_in_the_service_downloads_as_text(client, analysis, reviewer):
    version = services.report_version_add(
        review=analysis, by=reviewer, kind="final", text="The final report."
    )
    client.force_login(reviewer)
    response = client.get(_url("report-download", analysis, version.code))
    assert response.content == b"The final report."
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"] == 'attachment; filename="REF-2026-001-report-v1.txt"'


def test_outsiders_can_neither_see_nor_download_the_report(
    client, analysis, reviewer, police_lead, other_reviewer, board_member
):
    version = services.report_version_add(review=analysis, by=reviewer, kind="draft", text="x")
    # The police lead sees the review but not its report; the others may not see the review.
    for person, status in ((police_lead, 403), (other_reviewer, 404), (board_member, 404)):
        client.force_login(person)
        assert client.get(_url("report", analysis)).status_code == status
        assert client.get(_url("report-download", analysis, version.code)).status_code == status
    assert not AuditEvent.objects.filter(verb="review.report_downloaded").exists()


def test_the_panel_reads_the_report_but_does_not_add_to_it(client, analysis, panel_chair):
    client.force_login(panel_chair)
    response = client.get(_url("report", analysis))
    assert response.status_code == 200
    assert "Add a version" not in response.content.decode()
    assert client.post(_url("report", analysis), {"kind": "draft", "text": "x"}).status_code == 403


def test_the_board_reads_the_report_at_approval(client, approval, board_member):
    client.force_login(board_member)
    assert client.get(_url("report", approval)).status_code == 200


def test_a_report_beyond_the_document_limits_is_refused_and_not_stored(
    client, analysis, reviewer, settings
):
    from manx_learning.lib.tests.factories import make_expanding_docx

    settings.DOCUMENT_DOCX_MAX_XML_BYTES = 1024 * 1024
    client.force_login(reviewer)
    settings.MEDIA_ROOT.joinpath("made").mkdir()
    bomb = make_expanding_docx(settings.MEDIA_ROOT / "made" / "final.docx", 2 * 1024 * 1024)
    upload = SimpleUploadedFile("final.docx", bomb.read_bytes())
    response = client.post(_url("report", analysis), {"kind": "final", "document": upload})
    html = response.content.decode()
    assert "final.docx expands to" in html
    assert "the limit is 1.0 MB (DOCUMENT_DOCX_MAX_XML_BYTES)" in html
    assert not analysis.report_versions.exists()
    assert list(settings.MEDIA_ROOT.rglob("*.docx")) == [bomb]  # the upload was not stored


def test_a_report_with_too_much_text_is_refused_with_its_length(
    client, analysis, reviewer, settings
):
    from manx_learning.lib.tests.factories import make_docx

    settings.DOCUMENT_TEXT_MAX_CHARS = 1_000
    client.force_login(reviewer)
    made = make_docx(settings.MEDIA_ROOT / "long.docx", ["x" * 1_500])
    upload = SimpleUploadedFile("long.docx", made.read_bytes())
    response = client.post(_url("report", analysis), {"kind": "final", "document": upload})
    html = response.content.decode()
    assert "long.docx has 1,5" in html
    assert "characters of text; the limit is 1,000 (DOCUMENT_TEXT_MAX_CHARS)" in html
    written = client.post(_url("report", analysis), {"kind": "final", "text": "y" * 1_200})
    assert (
        "The report has 1,200 characters of text; the limit is 1,000 (DOCUMENT_TEXT_MAX_CHARS)."
        in written.content.decode()
    )
    assert not analysis.report_versions.exists()


def test_a_markdown_report_can_be_uploaded_and_keeps_its_name(client, analysis, reviewer):
    client.force_login(reviewer)
    upload = SimpleUploadedFile("final report.md", b"# Findings\n\n- Agencies did not share.\n")
    response = client.post(_url("report", analysis), {"kind": "draft", "document": upload})
    assert response.status_code == 302, response.context["form"].errors
    version = analysis.report_versions.get()
    assert version.document.name.endswith(".md")
    assert version.document.read().startswith(b"# Findings")
