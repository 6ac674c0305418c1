"""A text PDF's headings, paragraphs, lists and tables, as structured text
(`lib/report_markup.py`), from the position, size and weight of its characters (pdfplumber).

A PDF holds lines of characters, not paragraphs. Reports exported from Word follow a few
conventions this relies on:

- body text is the size most of the characters are; a line in a larger size, or wholly bold and
  short, is a heading (the larger the size, the higher the level; lines of one heading that wraps
  are joined);
- lines of a paragraph follow each other closely; a gap of more than half a line starts a new
  paragraph; a paragraph that runs over a page break, not ending a sentence, carries on;
- a line beginning with a bullet (•, –, ▪ …) or a number ("1." "2)") is a list item, and
  following lines indented past its marker continue it;
- a table is drawn with ruling lines: pdfplumber finds its cells; the first row is the header;
- running headers and footers (the same words in the top or bottom margin of at least half the
  pages) and bare page numbers are page furniture, not the report, and are left out.

Everything else is kept, in reading order, as paragraphs: a layout this misreads loses structure,
never text (except furniture)."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_BULLET = re.compile(r"^[•●▪◦‣∙·○■□➢►✓\-–—*]\s*")
_NUMBER = re.compile(r"^\(?(\d{1,2})[.)]\s+")
_PAGE_NUMBER = re.compile(r"(?i)^(page\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?(\s*(of|/)\s*\d{1,4})?$")
# pdfminer's name for a glyph its font does not map to a character (pypdf leaves it out).
_UNMAPPED = re.compile(r"\(cid:\d+\)")
_BOLD_FONT = re.compile(r"(?i)bold|black|heavy|semibold|demi")
_SENTENCE_END = tuple('.!?:;"”’)')
# The top and bottom of a page where running headers and footers sit (fractions of its height).
_MARGIN = 0.08
_HEADING_MIN_RATIO = 1.15  # a heading's characters are at least this much larger than body text
_BOLD_HEADING_MAX_CHARS = 120
# Characters further apart than this (points) are separate words: pdfplumber's default, 3,
# runs words together in tightly set fonts.
_X_TOLERANCE = 1.5


@dataclass
class Line:
    text: str
    page: int
    top: float
    bottom: float
    x0: float
    size: float
    bold: bool
    in_margin: bool

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass
class Table:
    page: int
    top: float
    rows: list[list[str]]


def _line(raw: dict[str, Any], page: int, height: float) -> Line | None:
    chars = [c for c in raw.get("chars", []) if c.get("text", "").strip()]
    text = " ".join(_UNMAPPED.sub("", str(raw.get("text", ""))).split())
    if not chars or not text:
        return None
    size = statistics.median(round(float(c["size"]), 1) for c in chars)
    bold = sum(bool(_BOLD_FONT.search(str(c.get("fontname", "")))) for c in chars) >= 0.9 * len(
        chars
    )
    top, bottom = float(raw["top"]), float(raw["bottom"])
    in_margin = bottom < _MARGIN * height or top > (1 - _MARGIN) * height
    return Line(text, page, top, bottom, float(raw["x0"]), size, bold, in_margin)


def _inside(line_top: float, line_bottom: float, box: tuple[float, ...]) -> bool:
    middle = (line_top + line_bottom) / 2
    return box[1] <= middle <= box[3]


def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def _read_page(page: Any, number: int) -> tuple[list[Line], list[Table]]:
    tables, boxes = [], []
    for found in page.find_tables():
        rows = [[_cell(cell) for cell in row] for row in found.extract()]
        if len(rows) < 2 or max(len(row) for row in rows) < 2:
            continue  # a box drawn round a paragraph, not a table: read its lines
        if not any(any(row) for row in rows):
            continue
        tables.append(Table(number, float(found.bbox[1]), rows))
        boxes.append(found.bbox)
    lines = []
    for raw in page.extract_text_lines(return_chars=True, strip=True, x_tolerance=_X_TOLERANCE):
        if any(_inside(float(raw["top"]), float(raw["bottom"]), box) for box in boxes):
            continue
        line = _line(raw, number, float(page.height))
        if line is not None:
            lines.append(line)
    return lines, tables


def _furniture(lines: list[Line], pages: int) -> set[str]:
    """Texts (numbers ignored) in the margins of at least half the pages: running headers."""
    if pages < 2:
        return set()
    pages_with: dict[str, set[int]] = {}
    for line in lines:
        if line.in_margin:
            pages_with.setdefault(_digitless(line.text), set()).add(line.page)
    return {text for text, on in pages_with.items() if len(on) >= max(2, pages / 2)}


def _digitless(text: str) -> str:
    return re.sub(r"\d+", "#", text)


class _Builder:
    """Lines and tables in reading order to structured-text blocks."""

    def __init__(self, lines: list[Line]) -> None:
        weights: Counter[float] = Counter()
        for line in lines:
            weights[line.size] += len(line.text)
        self.body_size = weights.most_common(1)[0][0] if weights else 0.0
        self.body_bold = sum(len(ln.text) for ln in lines if ln.bold) > 0.5 * sum(weights.values())
        larger = sorted(
            {ln.size for ln in lines if ln.size >= self.body_size * _HEADING_MIN_RATIO},
            reverse=True,
        )
        self.levels = {size: min(i + 1, 6) for i, size in enumerate(larger)}
        self.bold_level = min(len(larger) + 1, 6)
        self.blocks: list[str] = []
        self.kind = ""  # of the last block: "h", "p", "li" or "table"
        self.last: Line | None = None
        self.item_x0 = 0.0  # where the last list item's marker stands, and its kind
        self.item_bullet = False

    def heading_level(self, line: Line) -> int | None:
        if line.size in self.levels:
            return self.levels[line.size]
        if (
            line.bold
            and not self.body_bold
            and len(line.text) <= _BOLD_HEADING_MAX_CHARS
            and not line.text.endswith((".", ",", ";"))
            and not _BULLET.match(line.text)
        ):
            return self.bold_level
        return None

    def _close_to_last(self, line: Line) -> bool:
        last = self.last
        if last is None:
            return False
        if last.page != line.page:  # over a page break: carry on an unfinished sentence
            return self.kind == "p" and not self.blocks[-1].endswith(_SENTENCE_END)
        return line.top - last.bottom <= 0.5 * min(line.height, last.height)

    def add_table(self, table: Table) -> None:
        width = max(len(row) for row in table.rows)
        rows = [row + [""] * (width - len(row)) for row in table.rows]
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
        self.blocks.append("\n".join(lines))
        self.kind, self.last = "table", None

    def add_line(self, line: Line) -> None:
        level = self.heading_level(line)
        if level is not None:
            self._heading(line, level)
        elif ((bullet := _BULLET.match(line.text)) or _NUMBER.match(line.text)) and not (
            self._carries_on_paragraph(line)
        ):
            self._item(line, bool(bullet))
        elif self._continues(line):
            self.blocks[-1] = _join(self.blocks[-1], line.text)
        else:
            self.blocks.append(line.text)
            self.kind = "p"
        self.last = line

    def _continues(self, line: Line) -> bool:
        """The line carries on the last paragraph, or the last list item (indented past its
        marker)."""
        if self.kind == "p":
            return self._close_to_last(line)
        return self.kind == "li" and self._close_to_last(line) and line.x0 > self.item_x0 + 1

    def _carries_on_paragraph(self, line: Line) -> bool:
        """A dash or number that starts a wrapped line of a paragraph, at the paragraph's margin,
        is part of its sentence, not a list."""
        last = self.last
        return (
            self.kind == "p"
            and last is not None
            and last.page == line.page
            and self._close_to_last(line)
            and abs(line.x0 - last.x0) < 1
        )

    def _heading(self, line: Line, level: int) -> None:
        last = self.last
        if (
            self.kind == "h"
            and last is not None
            and last.page == line.page
            and last.size == line.size
            and self._close_to_last(line)
        ):
            self.blocks[-1] = _join(self.blocks[-1], line.text)  # a heading that wraps
            return
        self.blocks.append("#" * level + " " + line.text)
        self.kind = "h"

    def _item(self, line: Line, bullet: bool) -> None:
        number = _NUMBER.match(line.text)
        if bullet:
            text = "- " + _BULLET.sub("", line.text, count=1)
        else:
            assert number is not None
            text = f"{int(number[1])}. " + line.text[number.end() :]
        same_kind = self.kind == "li" and self.item_bullet == bullet
        over_page = self.last is not None and self.last.page != line.page
        aligned = abs(line.x0 - self.item_x0) < 1  # items spaced apart, markers in line
        if same_kind and (self._close_to_last(line) or over_page or aligned):
            self.blocks[-1] += "\n" + text  # the same list, perhaps over a page break
        else:
            self.blocks.append(text)
        self.item_x0, self.item_bullet = line.x0, bullet
        self.kind = "li"


def _join(text: str, more: str) -> str:
    """One line onto the last: a word broken with a hyphen is mended, keeping the hyphen."""
    if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and more[:1].islower():
        return text + more
    return text + " " + more


def pdf_structured_text(path: str | Path) -> str:
    """The PDF's text as structured text. Raises whatever pdfplumber raises on a file it cannot
    lay out; the caller falls back to plain text."""
    import pdfplumber  # imported here so the anonymiser's other formats need no PDF layout

    lines: list[Line] = []
    tables: list[Table] = []
    with pdfplumber.open(str(path)) as pdf:
        pages = len(pdf.pages)
        for number, page in enumerate(pdf.pages, 1):
            page_lines, page_tables = _read_page(page, number)
            lines.extend(page_lines)
            tables.extend(page_tables)
            page.close()  # pdfplumber caches each page's objects until closed
    furniture = _furniture(lines, pages)
    kept = [
        ln
        for ln in lines
        if not (ln.in_margin and (_PAGE_NUMBER.match(ln.text) or _digitless(ln.text) in furniture))
    ]
    builder = _Builder(kept)
    flow: list[tuple[int, float, int, Line | Table]] = [(ln.page, ln.top, 1, ln) for ln in kept]
    flow += [(t.page, t.top, 0, t) for t in tables]
    for _page, _top, _order, item in sorted(flow, key=lambda f: f[:3]):
        if isinstance(item, Table):
            builder.add_table(item)
        else:
            builder.add_line(item)
    return "\n\n".join(builder.blocks)
