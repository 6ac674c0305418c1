"""The integrated chronology as a spreadsheet and as a PDF."""

import io
from collections.abc import Callable, Iterable
from datetime import date
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from manx_learning.core.pdf import render_pdf
from manx_learning.core.spreadsheets import safe_cell
from manx_learning.reviews.models import ChronologyEntry, Review

HEADER = [
    "Date",
    "Time",
    "Agency",
    "Source",
    "Event",
    "Practitioner",
    "Same event",
    "Key practice episode",
    "Flagged",
    "Analysis",
    "Source file",
    "Source row",
]


def _row(entry: ChronologyEntry) -> list[object]:
    return [
        entry.occurred_on,
        entry.occurred_at.strftime("%H:%M") if entry.occurred_at else "",
        entry.agency.name,
        entry.source,
        entry.event,
        entry.practitioner,
        entry.same_event,
        "Yes" if entry.is_key_episode else "",
        "Yes" if entry.flagged else "",
        entry.analysis,
        entry.source_file,
        entry.source_row,
    ]


COLUMN_WIDTHS = (12, 7, 28, 18, 70, 22, 10, 10, 8, 40, 24, 8)
PROGRESS_EVERY = 1_000


def chronology_xlsx(
    review: Review,
    entries: Iterable[ChronologyEntry],
    *,
    target: IO[bytes] | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The chronology as a workbook, written row by row (openpyxl's write-only mode), so memory
    stays flat however many entries there are. A queryset is read in chunks. With `target` the
    workbook is written there (and b"" returned); `progress(rows)` is called every 1,000 rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Chronology")
    for letter, width in zip("ABCDEFGHIJKL", COLUMN_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, name, font=bold) for name in HEADER])
    rows = entries.iterator(chunk_size=2000) if isinstance(entries, QuerySet) else entries
    for number, entry in enumerate(rows, start=1):
        values = [safe_cell(value) for value in _row(entry)]
        values[0] = _cell(sheet, values[0], number_format="dd/mm/yyyy")
        sheet.append(values)
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
    workbook.properties.title = f"{review.reference} integrated chronology"
    workbook.properties.creator = "Manx Learning"
    if target is not None:
        workbook.save(target)
        return b""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: object, *, font: Font | None = None, number_format: str = "") -> Any:
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    return cell


def chronology_pdf(review: Review, entries: Iterable[ChronologyEntry]) -> bytes:
    title = f"{review.reference} {review.title}: integrated chronology"
    context = {"review": review, "entries": list(entries), "printed": date.today()}
    return render_pdf("reviews/chronology/pdf.html", context, title=title)
