"""Documents made for the anonymiser's tests: a Word file (optionally with a tracked change, or
with a body that expands far beyond its zipped size) and a PDF (with a text layer, or none,
like a scan); and chronology notes for the same-event tests. No Django, so the pure tests can
use them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from manx_learning.lib.chronology import Entry, assign_same_events


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


PARAGRAPH = (
    "<w:p><w:r><w:t>The social worker visited the family home and found the children well, "
    "but the health visitor had not been told about the earlier referral.</w:t></w:r></w:p>"
)


def make_expanding_docx(path: Path, xml_bytes: int, paragraph: str = PARAGRAPH) -> Path:
    """A .docx whose document.xml repeats `paragraph` until it is about `xml_bytes` long: a few
    hundred KB zipped for 190 MB unzipped (the attack), or a long but ordinary report. Written
    in chunks, so even the hostile one never sits in memory whole."""
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    with zipfile.ZipFile(template) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    body = parts.pop("word/document.xml").decode()
    head, tail = body.split("<w:body>", 1)
    head += "<w:body>"
    chunk = (paragraph * max(1, (1 << 20) // len(paragraph))).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
        with target.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head.encode())
            written = 0
            while written < xml_bytes:
                part.write(chunk)
                written += len(chunk)
            part.write(tail.encode())
    return path


def make_pdf(path: Path, text: str | None, pages: int = 1) -> Path:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    for _ in range(pages - 1):
        writer.add_blank_page(612, 792)
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


def note(agency: str, day: int, time: str | None, text: str) -> Entry:
    """One agency's chronology entry on `day` May 2023, at "HH:MM" or no time."""
    hour_minute = dt.time(*map(int, time.split(":"))) if time else None
    return Entry(dt.date(2023, 5, day), hour_minute, agency, "system", text)


def linked(entries: list[Entry], first: int, second: int) -> bool:
    """Whether same-event grouping puts entries `first` and `second` in one group."""
    assign_same_events(entries)
    return bool(entries[first].same_event) and (
        entries[first].same_event == entries[second].same_event
    )
