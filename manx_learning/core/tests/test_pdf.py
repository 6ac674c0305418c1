"""PDFs are tagged (PDF/UA-1), carry their title, and are made without an error in the log."""

import io
import logging

from pypdf import PdfReader

from manx_learning.core.pdf import render_pdf


def test_a_pdf_has_its_title_and_logs_no_error(caplog):
    with caplog.at_level(logging.WARNING):
        pdf = render_pdf("pdf/base.html", {}, title="Neglect: scrutiny report")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Neglect: scrutiny report"
    # WeasyPrint logged "Unknown rendering option: metadata" at ERROR on every PDF.
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
