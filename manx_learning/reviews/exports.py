"""The integrated chronology as a spreadsheet and as a PDF."""

import io
from collections.abc import Iterable
from datetime import date

from openpyxl import Workbook
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


def chronology_xlsx(review: Review, entries: Iterable[ChronologyEntry]) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in entries:
        sheet.append([safe_cell(value) for value in _row(entry)])
    for column, width in zip(
        "ABCDEFGHIJKL", (12, 7, 28, 18, 70, 22, 10, 10, 8, 40, 24, 8), strict=True
    ):
        sheet.column_dimensions[column].width = width
    for cell in sheet["A"][1:]:
        cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A2"
    workbook.properties.title = f"{review.reference} integrated chronology"
    workbook.properties.creator = "Manx Learning"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def chronology_pdf(review: Review, entries: Iterable[ChronologyEntry]) -> bytes:
    title = f"{review.reference} {review.title}: integrated chronology"
    context = {"review": review, "entries": list(entries), "printed": date.today()}
    return render_pdf("reviews/chronology/pdf.html", context, title=title)
