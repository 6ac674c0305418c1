"""Documents made for the anonymiser's tests: a Word file (optionally with a tracked change)
and a PDF (with a text layer, or none, like a scan). No Django, so the pure tests can use them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path


def make_docx(path: Path, paragraphs: list[str], *, tracked: bool = False) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Date"
    table.rows[0].cells[1].text = "Jayden seen"
    document.save(path)
    if tracked:
        _add_tracked_insertion(path)
    return path


def _add_tracked_insertion(path: Path) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    insertion = (
        b'<w:ins w:id="1" w:author="Reviewer" w:date="2024-01-01T00:00:00Z">'
        b"<w:r><w:t>added later</w:t></w:r></w:ins></w:p>"
    )
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"</w:p>", insertion, 1)
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def make_pdf(path: Path, text: str | None) -> Path:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    if text is not None:
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path
