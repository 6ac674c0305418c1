"""Hostile report documents: reading one raises only the anonymiser's DocumentError (a limit
passed is its DocumentTooLarge), never zipfile, zlib, lxml or pypdf internals; the report upload
refuses with a message and stores nothing."""

import io
import re
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manx_learning.lib.anonymiser import DocumentError, DocumentLimits, check_limits, extract_text
from manx_learning.reviews import services
from tests.hostile.parser_inputs import (
    hostile_bytes,
    mutated,
    nested_xml,
    odd_zip,
    zip_with_bad_name,
    zip_with_broken_deflate,
)

QUICK = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(QUICK, max_examples=50)
# Small limits, so that the limits are passed as well as the parsers broken.
LIMITS = DocumentLimits(
    document_text_max_chars=2_000,
    document_docx_max_xml_bytes=2_000_000,
    document_docx_max_unzipped_bytes=4_000_000,
    document_pdf_max_pages=3,
)


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Child A was seen at home by the health visitor on 3 April.")
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Police"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes(text: str = "Child A was seen at home by the health visitor in April") -> bytes:
    """A one-page PDF with a text layer, its cross-reference table laid out by hand."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n%s\nendstream" % (len(stream), stream),
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


DOCX = _docx_bytes()
PDF = _pdf_bytes()
DOCX_PARTS = ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/header1.xml"]

documents = st.one_of(
    hostile_bytes,
    mutated(DOCX),
    mutated(PDF),
    odd_zip(DOCX_PARTS),
    st.integers(1, 3_000).map(
        lambda depth: zip_with_broken_deflate(
            {"word/document.xml": nested_xml(depth), "[Content_Types].xml": b"<Types/>"},
            broken="[Content_Types].xml",
        )
    ),
)
suffixes = st.sampled_from([".docx", ".pdf", ".txt", ""])


def _rewrite_part(data: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            part = source.read(item.filename)
            target.writestr(item, change(part) if item.filename == name else part)
    return out.getvalue()


def _write(folder: str, data: bytes, suffix: str) -> Path:
    path = Path(folder, f"report{suffix}")
    path.write_bytes(data)
    return path


@QUICK
@given(data=documents, suffix=suffixes)
def test_reading_any_document_raises_only_document_error(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, data, suffix)
        for read in (extract_text, check_limits):
            try:
                read(path, LIMITS)
            except DocumentError as error:
                assert str(error).strip()


def test_a_docx_whose_directory_names_a_part_in_bad_utf8_is_a_document_error():
    data = zip_with_bad_name({"word/document.xml": nested_xml(1)})
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, data, ".docx")
        for read in (extract_text, check_limits):
            with pytest.raises(
                DocumentError, match=r"report\.docx is not a readable Word document"
            ):
                read(path, LIMITS)


def test_a_docx_whose_text_part_is_not_a_deflate_stream_is_a_document_error():
    data = zip_with_broken_deflate(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": nested_xml(3)},
        broken="word/document.xml",
    )
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, data, ".docx")
        for read in (extract_text, check_limits):
            with pytest.raises(
                DocumentError, match=r"report\.docx is not a readable Word document"
            ):
                read(path, LIMITS)


def test_a_docx_whose_header_part_is_missing_is_a_document_error():
    document = docx.Document()
    document.add_paragraph("Child A was seen at home by the health visitor on 3 April.")
    document.sections[0].header.paragraphs[0].text = "Confidential"
    buffer = io.BytesIO()
    document.save(buffer)
    # The body still names the header (rId...) but the package no longer relates it.
    data = _rewrite_part(
        buffer.getvalue(),
        "word/_rels/document.xml.rels",
        lambda xml: re.sub(rb"<Relationship [^>]*header[^>]*/>", b"", xml),
    )
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, data, ".docx")
        with pytest.raises(DocumentError, match=r"report\.docx is not a readable Word document"):
            extract_text(path, LIMITS)


def test_the_nul_pypdf_reads_for_an_unmapped_glyph_is_left_out_of_the_text():
    with tempfile.TemporaryDirectory() as folder:
        path = _write(
            folder, _pdf_bytes(r"Child A was seen at home by the \000 health visitor"), ".pdf"
        )
        extracted = extract_text(path, LIMITS)
    assert "\x00" not in extracted.text
    # The structured reading (pdf_structure.py) joins words with single spaces.
    assert extracted.text == "Child A was seen at home by the health visitor"


def test_a_text_file_with_a_nul_past_its_first_4_kb_is_refused_as_binary():
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, b"Child A. " * 600 + b"\x00", ".txt")
        with pytest.raises(DocumentError, match="not a text file"):
            extract_text(path)


# --- The report upload: refused with a message, nothing stored -----------------------------------


@contextmanager
def _undone():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@FEW
@given(data=documents, name=st.sampled_from(["report.docx", "report.pdf", "report.txt"]))
def test_the_report_upload_stores_a_version_or_refuses_with_a_message(
    gathering, business_unit_officer, tmp_path, data, name
):
    with override_settings(MEDIA_ROOT=str(tmp_path)), _undone():
        before = gathering.report_versions.count()
        try:
            services.report_version_add(
                review=gathering,
                by=business_unit_officer,
                kind="draft",
                document=SimpleUploadedFile(name, data),
            )
        except ValidationError as error:
            assert all(message.strip() for message in error.messages)
            assert gathering.report_versions.count() == before
        else:
            assert gathering.report_versions.count() == before + 1
