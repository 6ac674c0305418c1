"""Text out of the documents reviewers send: plain text, Markdown, Word (.docx) and text PDFs.

Refuses what it cannot read faithfully, because a silently dropped or garbled passage is
either a leak or a loss: Word documents with tracked changes (python-docx cannot resolve them, so
deleted text would reappear), scanned or image-only PDFs (no text to check), encrypted PDFs,
old binary .doc files.

Refuses, too, what is too big to read within a request's memory and time: `DocumentLimits`
caps the text extracted (`DOCUMENT_TEXT_MAX_CHARS`), the uncompressed size of a .docx's XML
parts and of all its parts (`DOCUMENT_DOCX_MAX_XML_BYTES`, `DOCUMENT_DOCX_MAX_UNZIPPED_BYTES`,
read from the zip's directory and checked before python-docx parses anything) and a PDF's pages
(`DOCUMENT_PDF_MAX_PAGES`). A .docx's text is counted by streaming its XML before python-docx
builds anything, a PDF's page by page, stopping once the limit is passed; the whole text is
never built first. The names are the Django settings (and environment variables) the limits
come from; this module reads neither: callers pass a `DocumentLimits`.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.parsers import expat

from .errors import DocumentError, DocumentTooLarge

if TYPE_CHECKING:
    from docx.table import Table  # at run time, imported only when a .docx is read

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".rst", ".csv", ""}
# Tracked insertions, deletions and moves in WordprocessingML.
_TRACKED_RE = re.compile(rb"<w:(?:ins|del|moveFrom|moveTo)\b")
# Fewer letters than this on average per PDF page means the pages are pictures of text.
_MIN_LETTERS_PER_PAGE = 20
# The WordprocessingML elements whose text python-docx returns (w:t; w:tab and w:br are one
# character each, counted with the paragraph's newline).
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "
_W_T = _W + "t"
_W_ONE_CHAR = {_W + "tab", _W + "br", _W + "p"}
_CHUNK = 1 << 16
# What zipfile and zlib raise for a damaged .docx, besides BadZipFile: a member name that is not
# the UTF-8 its flag claims (UnicodeDecodeError, a ValueError), data that ends early (EOFError),
# a broken deflate stream (zlib.error), an unknown compression method (NotImplementedError) or
# an encrypted member (RuntimeError). Each becomes a DocumentError naming the file.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    EOFError,
    zlib.error,
    NotImplementedError,
    RuntimeError,
)


@dataclass(frozen=True)
class DocumentLimits:
    """How much of a document is read. Each field is named after its setting (upper case)."""

    # A 150-page SCMR final report is about 75,000 words, some 500,000 characters; appendices
    # and chronologies rarely double that. Four times the longest real report, and 2 MB of text.
    document_text_max_chars: int = 2_000_000
    # The XML python-docx parses costs about 17 bytes of memory per byte (measured: 27 MB of
    # heavily formatted XML took 460 MB and 8 s); 2,000,000 characters of ordinary Word markup is
    # about 3–10 MB of XML.
    document_docx_max_xml_bytes: int = 20 * 1024 * 1024
    # Every part, images included (python-docx holds each in memory).
    document_docx_max_unzipped_bytes: int = 100 * 1024 * 1024
    document_pdf_max_pages: int = 1_000

    @classmethod
    def names(cls) -> list[str]:
        """The settings' names: DOCUMENT_TEXT_MAX_CHARS, ..."""
        return [f.name.upper() for f in fields(cls)]

    @classmethod
    def from_settings(cls, source: Any) -> DocumentLimits:
        """From an object with the settings as attributes (Django's `settings`); a missing one
        keeps its default."""
        defaults = cls()
        return cls(
            **{
                f.name: int(getattr(source, f.name.upper(), getattr(defaults, f.name)))
                for f in fields(cls)
            }
        )

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> DocumentLimits:
        """From environment variables of the same names (the framework-free command line)."""
        environ = os.environ if environ is None else environ
        defaults = cls()
        values = {}
        for f in fields(cls):
            raw = environ.get(f.name.upper(), "").replace(",", "").replace("_", "").strip()
            values[f.name] = int(raw) if raw else getattr(defaults, f.name)
        return cls(**values)


DEFAULT_LIMITS = DocumentLimits()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def _too_many_chars(name: str, count: int, limits: DocumentLimits, *, exact: bool) -> DocumentError:
    amount = f"{count:,}" if exact else f"more than {count:,}"
    return DocumentTooLarge(
        f"{name} has {amount} characters of text; the limit is "
        f"{limits.document_text_max_chars:,} (DOCUMENT_TEXT_MAX_CHARS). Split the report, or "
        "ask the administrator to raise the limit."
    )


@dataclass
class Extracted:
    text: str
    kind: str
    warnings: list[str] = field(default_factory=list)


def extract_text(path: str | Path, limits: DocumentLimits = DEFAULT_LIMITS) -> Extracted:
    """The document's text, or DocumentError saying why it cannot be used (including a limit
    passed: the message names the limit, its setting and the document's size)."""
    path = Path(path)
    if not path.is_file():
        raise DocumentError(f"Cannot read {path}: no such file.")
    suffix = path.suffix.casefold()
    if suffix == ".docx":
        return _docx(path, limits)
    if suffix == ".pdf":
        return _pdf(path, limits)
    if suffix in {".doc", ".rtf", ".odt", ".pages", ".xlsx", ".xls", ".pptx"}:
        raise DocumentError(
            f"{path.name}: {suffix} files are not supported. Save it as .docx, PDF or plain text."
        )
    return _plain(path, limits)


def check_limits(path: str | Path, limits: DocumentLimits = DEFAULT_LIMITS) -> None:
    """Raise DocumentTooLarge if the document passes a limit (DocumentError if it cannot be
    read at all); quicker than `extract_text` and
    reads no more than it must (for uploads: refuse before the file is stored).

    A .docx: the zip's part sizes, then its text counted while streaming the XML (nothing is
    kept); a PDF: its pages, then its text page by page until the limit is passed; anything
    else: its characters."""
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix == ".docx":
        _check_docx_sizes(path, limits)
        count = _docx_text_count(path)
        if count > limits.document_text_max_chars:
            raise _too_many_chars(path.name, count, limits, exact=True)
    elif suffix == ".pdf":
        _pdf(path, limits, count_only=True)
    elif path.is_file():
        _plain(path, limits)


def _plain(path: Path, limits: DocumentLimits) -> Extracted:
    try:
        size = path.stat().st_size
        with path.open("rb") as source:
            head = source.read(8)
            if head.startswith(b"%PDF"):
                return _pdf(path, limits)
            # UTF-8 needs at most four bytes a character: beyond that, it is too long unread.
            if size > 4 * limits.document_text_max_chars:
                raise _too_many_chars(path.name, size // 4, limits, exact=False)
            data = head + source.read()
    except OSError as exc:
        raise DocumentError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if data.startswith(b"PK\x03\x04"):
        raise DocumentError(f"{path.name} looks like a Word or zip file: name it .docx.")
    if b"\x00" in data:  # anywhere: PostgreSQL cannot store NUL in the text read from it
        raise DocumentError(f"{path.name} is not a text file (it contains binary data).")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding).replace("\r\n", "\n")
        except UnicodeDecodeError:
            continue
        if len(text) > limits.document_text_max_chars:
            raise _too_many_chars(path.name, len(text), limits, exact=True)
        return Extracted(text, "text")
    raise DocumentError(f"{path.name} is not readable text (unknown character encoding).")


def _check_docx_sizes(path: Path, limits: DocumentLimits) -> None:
    """Refuse a .docx whose parts would expand beyond the limits, from the zip's directory
    alone (zipfile then reads no more than the sizes it lists, so they cannot lie)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise DocumentError(f"{path.name} is not a readable Word document ({exc}).") from exc
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if xml > limits.document_docx_max_xml_bytes:
        raise DocumentTooLarge(
            f"{path.name} expands to {_megabytes(xml)} of Word XML; the limit is "
            f"{_megabytes(limits.document_docx_max_xml_bytes)} (DOCUMENT_DOCX_MAX_XML_BYTES). "
            "It is far larger than any report's text: save a copy without embedded objects, "
            "or split it."
        )
    total = sum(i.file_size for i in infos)
    if total > limits.document_docx_max_unzipped_bytes:
        raise DocumentTooLarge(
            f"{path.name} expands to {_megabytes(total)}; the limit is "
            f"{_megabytes(limits.document_docx_max_unzipped_bytes)} "
            "(DOCUMENT_DOCX_MAX_UNZIPPED_BYTES). Compress or remove its pictures, or split it."
        )


def _text_parts(names: list[str]) -> Iterator[str]:
    """The parts whose text is extracted: the body, headers and footers."""
    for name in names:
        if name == "word/document.xml" or re.fullmatch(r"word/(header|footer)\d*\.xml", name):
            yield name


def _docx_text_count(path: Path) -> int:
    """The characters of text in the body, headers and footers (and one a paragraph, tab or
    line break), counted while streaming the XML: no text is kept and each element is dropped
    once read, so memory stays small; the XML limit, checked first, bounds the time. Counted to
    the end so the refusal can say how long the document is."""
    count = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for name in _text_parts(archive.namelist()):
                with archive.open(name) as part:
                    count += _count_text(part)
    except (*_ZIP_ERRORS, expat.ExpatError, DocumentError) as exc:
        raise DocumentError(f"{path.name} is not a readable Word document ({exc}).") from exc
    return count


class _TextCounter:
    """Counts WordprocessingML text with expat, streaming; a DTD (never in a real .docx, and the
    way to an entity-expansion bomb) is refused."""

    def __init__(self) -> None:
        self.count = 0
        self._in_text = False
        self._parser = expat.ParserCreate(namespace_separator=" ")
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._chars
        self._parser.StartDoctypeDeclHandler = self._doctype

    def _start(self, name: str, _attrs: object) -> None:
        if name == _W_T:
            self._in_text = True
        elif name in _W_ONE_CHAR:
            self.count += 1

    def _end(self, name: str) -> None:
        if name == _W_T:
            self._in_text = False

    def _chars(self, data: str) -> None:
        if self._in_text:
            self.count += len(data)

    def _doctype(self, *_args: object) -> None:
        raise DocumentError("it declares a DTD, which a Word document never does")

    def feed(self, part: IO[bytes]) -> None:
        while chunk := part.read(_CHUNK):
            self._parser.Parse(chunk, False)
        self._parser.Parse(b"", True)


def _count_text(part: IO[bytes]) -> int:
    counter = _TextCounter()
    counter.feed(part)
    return counter.count


def _docx(path: Path, limits: DocumentLimits) -> Extracted:
    _check_docx_sizes(path, limits)
    counted = _docx_text_count(path)
    if counted > limits.document_text_max_chars:
        raise _too_many_chars(path.name, counted, limits, exact=True)
    refuse_tracked_changes(path)
    import docx  # python-docx; imported here so plain text needs no optional parser
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types on a bad file
        raise DocumentError(f"{path.name} is not a readable Word document ({exc}).") from exc
    try:
        blocks = _docx_blocks(document, Table)
    except Exception as exc:  # e.g. a header the body names but the package lacks (KeyError)
        raise DocumentError(f"{path.name} is not a readable Word document ({exc!r}).") from exc
    length = sum(len(b) for b in blocks) + len(blocks)
    if length > limits.document_text_max_chars:  # table separators the count left out
        raise _too_many_chars(path.name, length, limits, exact=True)
    warnings = []
    if _has_part(path, b"<w:txbxContent"):
        warnings.append("Text boxes are not extracted: check them by hand.")
    if _has_comments(path):
        warnings.append("Comments are not extracted (and not published).")
    return Extracted("\n".join(blocks), "docx", warnings)


def _docx_blocks(document: Any, table_type: type[Table]) -> list[str]:
    """The headers, the body's paragraphs and table rows, then the footers, in order."""
    blocks: list[str] = []
    for section in document.sections:
        blocks.extend(p.text for p in section.header.paragraphs if p.text.strip())
    for item in document.iter_inner_content():
        if isinstance(item, table_type):
            blocks.extend(_table_rows(item))
        else:
            blocks.append(item.text)
    for section in document.sections:
        blocks.extend(p.text for p in section.footer.paragraphs if p.text.strip())
    return blocks


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
    except _ZIP_ERRORS as exc:
        raise DocumentError(f"{path.name} is not a readable Word document ({exc}).") from exc
    return False


def _has_comments(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/comments.xml" in archive.namelist()
    except _ZIP_ERRORS as exc:
        raise DocumentError(f"{path.name} is not a readable Word document ({exc}).") from exc


def _pdf(path: Path, limits: DocumentLimits, *, count_only: bool = False) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{path.name} is password-protected: remove the password first.")
        page_count = len(reader.pages)
        if page_count > limits.document_pdf_max_pages:
            raise DocumentTooLarge(
                f"{path.name} has {page_count:,} pages; the limit is "
                f"{limits.document_pdf_max_pages:,} (DOCUMENT_PDF_MAX_PAGES). Split the report."
            )
        pages: list[str] = []
        count = 0
        for page in reader.pages:  # page by page: stop as soon as the text is too long
            # pypdf gives NUL for a glyph its font does not map; PostgreSQL cannot store it.
            pages.append((page.extract_text() or "").replace("\x00", ""))
            count += len(pages[-1]) + 2
            if count > limits.document_text_max_chars:
                raise DocumentTooLarge(
                    f"{path.name} has more than {limits.document_text_max_chars:,} characters "
                    f"of text in its first {len(pages):,} of {page_count:,} pages; the limit is "
                    f"{limits.document_text_max_chars:,} (DOCUMENT_TEXT_MAX_CHARS). Split the "
                    "report, or ask the administrator to raise the limit."
                )
    except DocumentError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise DocumentError(f"{path.name} is not a readable PDF ({exc}).") from exc
    except Exception as exc:  # pypdf raises many unrelated types on a damaged file
        raise DocumentError(f"{path.name} is not a readable PDF ({type(exc).__name__}).") from exc
    if count_only:
        return Extracted("", "pdf")
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
