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
# The WordprocessingML elements whose text python-docx returns (w:t), and the characters the
# structured text adds for others: a tab or line break is one; a paragraph ends with a blank
# line; a table cell and row add their "| " separators.
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "
_W_T = _W + "t"
_WNS = "{" + _W.strip() + "}"  # the same namespace as lxml (python-docx) writes it
_W_EXTRA_CHARS = {_W + "tab": 1, _W + "br": 1, _W + "p": 2, _W + "tc": 3, _W + "tr": 2}
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
    """The characters of text in the body, headers and footers, and what the structured text
    adds (`_W_EXTRA_CHARS`), counted while streaming the XML: no text is kept and each element
    is dropped once read, so memory stays small; the XML limit, checked first, bounds the
    time. Counted to the end so the refusal can say how long the document is."""
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
        else:
            self.count += _W_EXTRA_CHARS.get(name, 0)

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
    return Extracted("\n\n".join(blocks), "docx", warnings)


def _docx_blocks(document: Any, table_type: type[Table]) -> list[str]:
    """The headers, the body, then the footers, in order, as structured text
    (`lib/report_markup.py`): headings, paragraphs, lists and tables each one block; the items
    of one list one block, a line each."""
    blocks: list[str] = []
    for section in document.sections:
        blocks.extend(p.text.strip() for p in section.header.paragraphs if p.text.strip())
    blocks.extend(_DocxBody(document, table_type).blocks())
    for section in document.sections:
        blocks.extend(p.text.strip() for p in section.footer.paragraphs if p.text.strip())
    return blocks


_HEADING_STYLE = re.compile(r"(?i)^heading\s*(\d)$")
# Short, entirely bold paragraphs without a full stop are headings in reports written without
# heading styles (many are).
_BOLD_HEADING_MAX_CHARS = 120
_LIST_STYLE_LEVEL = re.compile(r"^list (?:bullet|number) ([2-9])$")
_LIST_INDENT = "    "  # a level deeper; four spaces nest under "- " and "10. " alike


@dataclass(frozen=True)
class _StyleFacts:
    """What a paragraph style (with its base styles) says about structure."""

    elements: tuple[Any, ...]  # the style's and its bases' XML, nearest first
    heading: int | None  # Title is 1, Heading n is n
    is_bullet: bool  # named "... Bullet ..."
    list_level: int | None  # "List Bullet 2" is level 1
    bold: bool


_NO_STYLE = _StyleFacts((), None, False, None, False)


class _Styles:
    """Paragraph and character styles by id, read once: python-docx's `paragraph.style` looks
    the default style up afresh on every call (measured: 16 of 17 s on a 500,000-character
    report)."""

    def __init__(self, document: Any) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self.by_id = {style.style_id: style for style in document.styles}
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default_id = default.style_id if default is not None else None
        self.facts: dict[str | None, _StyleFacts] = {}

    def of(self, paragraph: Any) -> _StyleFacts:
        p_pr = paragraph._p.pPr
        style_id = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else None
        style_id = style_id or self.default_id
        if style_id not in self.facts:
            self.facts[style_id] = self._read(self.by_id.get(style_id))
        return self.facts[style_id]

    def _read(self, style: Any) -> _StyleFacts:
        chain: list[Any] = []
        while style is not None and len(chain) < 10:  # a style cannot be its own base; be safe
            chain.append(style)
            style = style.base_style
        if not chain:
            return _NO_STYLE
        heading = None
        for each in chain:
            name = (each.name or "").strip()
            match = _HEADING_STYLE.match(name)
            if name.casefold() == "title" or match:
                heading = min(max(int(match[1]), 1), 6) if match else 1
                break
        names = " ".join((each.name or "").casefold() for each in chain)
        level = _LIST_STYLE_LEVEL.match((chain[0].name or "").casefold())
        return _StyleFacts(
            elements=tuple(each.element for each in chain),
            heading=heading,
            is_bullet="bullet" in names,
            list_level=min(int(level[1]) - 1, 8) if level else None,
            bold=any(each.font.bold for each in chain),
        )

    def run_bold(self, run: Any, paragraph_bold: bool) -> bool:
        """Whether a w:r element is bold: its own w:b, else its character style's, else the
        paragraph style's."""
        own = run.find(f"{_WNS}rPr/{_WNS}b")
        if own is not None:
            return own.get(f"{_WNS}val", "true").casefold() not in {"0", "false", "off"}
        style_ref = run.find(f"{_WNS}rPr/{_WNS}rStyle")
        style = self.by_id.get(style_ref.get(f"{_WNS}val")) if style_ref is not None else None
        return bool(style is not None and style.font.bold) or paragraph_bold


class _DocxBody:
    """The body of a python-docx Document as structured-text blocks."""

    def __init__(self, document: Any, table_type: type[Table]) -> None:
        self.document = document
        self.table_type = table_type
        self.formats = _numbering_formats(document)
        self.styles = _Styles(document)
        self.items = list(document.iter_inner_content())
        styled = [
            level
            for item in self.items
            if not isinstance(item, table_type) and (level := self._heading(item)) is not None
        ]
        # Bold headings sit below the document's styled headings, or are its top level.
        self.bold_level = min(max(styled, default=0) + 1, 6)

    def blocks(self) -> list[str]:
        blocks: list[str] = []
        items: list[str] = []  # the current list's lines
        kind = ""  # the current list's top-level kind: "bullet" or a number format
        numbers: dict[int, int] = {}  # per list level, the last number given
        for item in self.items:
            is_table = isinstance(item, self.table_type)
            text = "" if is_table else item.text  # python-docx builds it afresh on each call
            entry = None if is_table else self._list_entry(item, text)
            if entry is not None:
                level, fmt, text = entry
                if items and level == 0 and (fmt == "bullet") != (kind == "bullet"):
                    blocks.append("\n".join(items))  # a bulleted list, then a numbered one
                    items, numbers = [], {}
                if not items or level == 0:
                    kind = fmt
                items.append(_list_line(level, fmt, text, numbers))
                continue
            if items:
                blocks.append("\n".join(items))
                items, numbers = [], {}
            block = _table_markup(item) if is_table else self._paragraph(item, text)
            if block:
                blocks.append(block)
        if items:
            blocks.append("\n".join(items))
        return blocks

    def _paragraph(self, paragraph: Any, text: str) -> str:
        text = text.strip()
        if not text:
            return ""
        level = self._heading(paragraph)
        if level is None and _looks_like_heading(text) and self._all_bold(paragraph):
            level = self.bold_level
        if level is not None:
            return "#" * level + " " + " ".join(text.split())
        return text

    def _list_entry(self, paragraph: Any, text: str) -> tuple[int, str, str] | None:
        """(level, Word's number format, text) if the paragraph is a list item."""
        facts = self.styles.of(paragraph)
        found = _numbering([paragraph._p, *facts.elements])
        if found is None or not text.strip() or self._heading(paragraph) is not None:
            return None
        num_id, level = found
        if level == 0 and facts.list_level:  # "List Bullet 2" is a list of its own, at level 0
            level = facts.list_level
        fmt = self.formats.get((num_id, level)) or self.formats.get((num_id, 0))
        if fmt is None:
            fmt = "bullet" if facts.is_bullet else "decimal"
        if fmt == "none":
            return None
        return level, fmt, " ".join(text.split())

    def _heading(self, paragraph: Any) -> int | None:
        """The heading level (1-6) of a paragraph with an outline level or a Title or Heading n
        style, else None."""
        outline = paragraph._p.find(f"{_WNS}pPr/{_WNS}outlineLvl")
        if outline is not None:
            value = outline.get(f"{_WNS}val", "")
            if value.isdigit() and int(value) < 9:
                return min(int(value) + 1, 6)
        return self.styles.of(paragraph).heading

    def _all_bold(self, paragraph: Any) -> bool:
        """Every run with text is bold: by its own formatting, its character style or the
        paragraph's style. Read from the XML (python-docx's Run.text costs an XPath a run)."""
        style_bold = self.styles.of(paragraph).bold
        runs = 0
        for run in paragraph._p.iter(f"{_WNS}r"):
            if not "".join(t.text or "" for t in run.iter(f"{_WNS}t")).strip():
                continue
            runs += 1
            if not self.styles.run_bold(run, style_bold):
                return False
        return runs > 0


def _list_line(level: int, fmt: str, text: str, numbers: dict[int, int]) -> str:
    """`- text` or `3. text`, indented by level; `numbers` counts each level's items."""
    for deeper in [n for n in numbers if n > level]:
        del numbers[deeper]  # a new sub-list starts at 1
    if fmt == "bullet":
        marker = "-"
    else:
        numbers[level] = numbers.get(level, 0) + 1
        marker = f"{numbers[level]}."
    return f"{_LIST_INDENT * level}{marker} {text}"


def _looks_like_heading(text: str) -> bool:
    return len(text) <= _BOLD_HEADING_MAX_CHARS and "\n" not in text and text[-1] not in ".:;,"


def _numbering(elements: list[Any]) -> tuple[int, int] | None:
    """(numId, level) of a numbered or bulleted paragraph, from the first of its XML and its
    styles' XML to say."""
    for element in elements:
        num_pr = element.find(f"{_WNS}pPr/{_WNS}numPr")
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{_WNS}numId")
        level = num_pr.find(f"{_WNS}ilvl")
        number = num_id.get(f"{_WNS}val", "") if num_id is not None else ""
        if not number.isdigit() or number == "0":  # numId 0 switches numbering off
            return None
        depth = level.get(f"{_WNS}val", "0") if level is not None else "0"
        return int(number), min(int(depth) if depth.isdigit() else 0, 8)
    return None


def _numbering_formats(document: Any) -> dict[tuple[int, int], str]:
    """(numId, level) -> Word's number format ("bullet", "decimal", "none" …)."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):  # no numbering part
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for node in root.findall(f"{_WNS}abstractNum"):
        levels = {}
        for lvl in node.findall(f"{_WNS}lvl"):
            fmt = lvl.find(f"{_WNS}numFmt")
            depth = lvl.get(f"{_WNS}ilvl", "0")
            if fmt is not None and depth.isdigit():
                levels[int(depth)] = fmt.get(f"{_WNS}val", "decimal")
        abstract[node.get(f"{_WNS}abstractNumId", "")] = levels
    formats = {}
    for num in root.findall(f"{_WNS}num"):
        ref = num.find(f"{_WNS}abstractNumId")
        number = num.get(f"{_WNS}numId", "")
        if ref is None or not number.isdigit():
            continue
        for depth, fmt in abstract.get(ref.get(f"{_WNS}val", ""), {}).items():
            formats[(int(number), depth)] = fmt
    return formats


def _cell_text(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table_markup(table: Table) -> str:
    """A pipe table, first row the header. A merged cell's text is in its first grid cell only
    (python-docx repeats the cell across a merge): nothing is lost and nothing doubled."""
    rows: list[list[str]] = []
    above: list[Any] = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[Any] = []
        for column, cell in enumerate(row.cells):
            repeated = (seen and seen[-1] is cell._tc) or (
                column < len(above) and above[column] is cell._tc
            )
            cells.append("" if repeated else _cell_text(cell.text))
            seen.append(cell._tc)
        above = seen
        rows.append(cells)
    if not any(any(cells) for cells in rows):
        return ""
    width = max(len(cells) for cells in rows)
    lines = ["| " + " | ".join(cells + [""] * (width - len(cells))) + " |" for cells in rows]
    lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
    return "\n".join(lines)


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
    text, warning = _pdf_structure(path, "\n\n".join(pages), sum(letters))
    return Extracted(text, "pdf", warnings + warning)


# Below this share of the plain text's letters, the layout reading lost text: use the plain text.
_MIN_STRUCTURED_SHARE = 0.9
_NO_STRUCTURE = (
    "The PDF's layout could not be read, so its headings, lists and tables are not kept: "
    "check the published page's structure, or upload the Word document instead."
)


def _pdf_structure(path: Path, plain: str, plain_letters: int) -> tuple[str, list[str]]:
    """The PDF as structured text (`pdf_structure.py`), or its plain text and a warning if the
    layout cannot be read or the reading lost letters (running headers and page numbers apart,
    it should lose none)."""
    from .pdf_structure import pdf_structured_text

    try:
        text = pdf_structured_text(path).replace("\x00", "")
    except Exception:  # pdfminer raises many unrelated types on a damaged file
        return plain, [_NO_STRUCTURE]
    lost_letters = sum(c.isalpha() for c in text) < _MIN_STRUCTURED_SHARE * plain_letters
    # Words run together when a font's spaces are narrower than pdfplumber's tolerance.
    lost_spaces = len(text.split()) < _MIN_STRUCTURED_SHARE * len(plain.split())
    if lost_letters or lost_spaces:
        return plain, [_NO_STRUCTURE]
    return text, []
