"""Text out of the documents reviewers send: plain text, Markdown, Word (.docx) and text PDFs.

Refuses what it cannot read faithfully, because a silently dropped or garbled passage is
either a leak or a loss: Word documents with tracked changes (python-docx cannot resolve them, so
deleted text would reappear), scanned or image-only PDFs (no text to check), encrypted PDFs,
old binary .doc files.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DocumentError

if TYPE_CHECKING:
    from docx.table import Table  # at run time, imported only when a .docx is read

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".rst", ".csv", ""}
# Tracked insertions, deletions and moves in WordprocessingML.
_TRACKED_RE = re.compile(rb"<w:(?:ins|del|moveFrom|moveTo)\b")
# Fewer letters than this on average per PDF page means the pages are pictures of text.
_MIN_LETTERS_PER_PAGE = 20


@dataclass
class Extracted:
    text: str
    kind: str
    warnings: list[str] = field(default_factory=list)


def extract_text(path: str | Path) -> Extracted:
    """The document's text, or DocumentError saying why it cannot be used."""
    path = Path(path)
    if not path.is_file():
        raise DocumentError(f"Cannot read {path}: no such file.")
    suffix = path.suffix.casefold()
    if suffix == ".docx":
        return _docx(path)
    if suffix == ".pdf":
        return _pdf(path)
    if suffix in {".doc", ".rtf", ".odt", ".pages", ".xlsx", ".xls", ".pptx"}:
        raise DocumentError(
            f"{path.name}: {suffix} files are not supported. Save it as .docx, PDF or plain text."
        )
    return _plain(path)


def _plain(path: Path) -> Extracted:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if data.startswith(b"%PDF"):
        return _pdf(path)
    if data.startswith(b"PK\x03\x04"):
        raise DocumentError(f"{path.name} looks like a Word or zip file: name it .docx.")
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{path.name} is not a text file (it contains binary data).")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return Extracted(data.decode(encoding).replace("\r\n", "\n"), "text")
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"{path.name} is not readable text (unknown character encoding).")


def _docx(path: Path) -> Extracted:
    refuse_tracked_changes(path)
    import docx  # python-docx; imported here so plain text needs no optional parser
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types on a bad file
        raise DocumentError(f"{path.name} is not a readable Word document ({exc}).") from exc
    blocks: list[str] = []
    for section in document.sections:
        blocks.extend(p.text for p in section.header.paragraphs if p.text.strip())
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            blocks.extend(_table_rows(item))
        else:
            blocks.append(item.text)
    for section in document.sections:
        blocks.extend(p.text for p in section.footer.paragraphs if p.text.strip())
    warnings = []
    if _has_part(path, b"<w:txbxContent"):
        warnings.append("Text boxes are not extracted: check them by hand.")
    if _has_comments(path):
        warnings.append("Comments are not extracted (and not published).")
    return Extracted("\n".join(blocks), "docx", warnings)


def _table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if not cells or cells[-1] != text:  # merged cells repeat their text
                cells.append(text)
        rows.append(" | ".join(cells))
    return rows


def refuse_tracked_changes(path: Path) -> None:
    """Raise DocumentError if any part of the .docx holds tracked insertions or deletions."""
    if _has_part(path, _TRACKED_RE):
        raise DocumentError(
            f"{path.name} contains tracked changes, which cannot be resolved safely: deleted "
            "text could reappear. In Word, accept or reject all changes (Review > Accept > "
            "Accept All Changes), save, and try again."
        )


def _has_part(path: Path, needle: bytes | re.Pattern[bytes]) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not (name.startswith("word/") and name.endswith(".xml")):
                    continue
                data = archive.read(name)
                found = needle.search(data) if isinstance(needle, re.Pattern) else needle in data
                if found:
                    return True
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocumentError(f"{path.name} is not a readable Word document ({exc}).") from exc
    return False


def _has_comments(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return "word/comments.xml" in archive.namelist()


def _pdf(path: Path) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{path.name} is password-protected: remove the password first.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise DocumentError(f"{path.name} is not a readable PDF ({exc}).") from exc
    letters = [sum(c.isalpha() for c in page) for page in pages]
    if not pages or sum(letters) < _MIN_LETTERS_PER_PAGE * len(pages):
        raise DocumentError(
            f"{path.name} has no text layer: it looks scanned or image-only. Run it through OCR "
            "(or ask for the original Word document) and check the text before anonymising."
        )
    warnings = [
        f"Page {n} has no text (an image?): check it by hand."
        for n, count in enumerate(letters, 1)
        if count == 0
    ]
    return Extracted("\n\n".join(pages), "pdf", warnings)
