"""The SCMR Panel's meeting pack as a web page, a tagged PDF and a Word document.

All three are built from the same sections (`pack_sections`), so they always list the same
actions in the same order."""

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from manx_learning.actions.models import Action
from manx_learning.actions.services import MeetingPack
from manx_learning.core.pdf import render_pdf


@dataclass
class PackRow:
    action: Action
    url: str
    days_overdue: int = 0
    evidence: list[str] = field(default_factory=list)


@dataclass
class PackSection:
    key: str
    title: str
    empty: str
    rows: list[PackRow]

    @property
    def shows_completion(self) -> bool:
        """Completed actions show when they were completed and their evidence, not a due date."""
        return self.key == "completed"

    @property
    def shows_days_overdue(self) -> bool:
        return self.key == "overdue"


def _day(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def pack_title(pack: MeetingPack) -> str:
    return f"SCMR Panel meeting pack, {_day(pack.today)}"


def pack_intro(pack: MeetingPack) -> str:
    if pack.since:
        return f"Actions completed since the last Panel meeting on {_day(pack.since)}."
    return "No Panel meeting has been recorded yet, so every completed action is listed."


def _row(action: Action, pack: MeetingPack) -> PackRow:
    return PackRow(
        action=action,
        url=settings.SITE_URL + reverse("actions:action", args=[action.code]),
        days_overdue=action.days_overdue(pack.today),
        evidence=[
            f"{item.get_kind_display()}: {item.description} ({item.original_name})"
            for item in action.evidence.all()
        ],
    )


def pack_sections(pack: MeetingPack) -> list[PackSection]:
    return [
        PackSection(
            "completed",
            "Completed, awaiting assurance",
            "No actions have been completed since the last meeting.",
            [_row(a, pack) for a in pack.completed],
        ),
        PackSection(
            "overdue", "Overdue", "No actions are overdue.", [_row(a, pack) for a in pack.overdue]
        ),
        PackSection(
            "due_next",
            "Due in the next 90 days",
            "No actions are due in the next 90 days.",
            [_row(a, pack) for a in pack.due_next],
        ),
    ]


# PDF ------------------------------------------------------------------------------------------


def pack_pdf(pack: MeetingPack) -> bytes:
    context = {"pack": pack, "sections": pack_sections(pack), "intro": pack_intro(pack)}
    return render_pdf("actions/pdf/pack.html", context, title=pack_title(pack))


# Word -----------------------------------------------------------------------------------------


def _columns(section: PackSection) -> list[tuple[str, Any]]:
    """The table's columns for one section: a header and how to fill each cell from a row."""
    columns: list[tuple[str, Any]] = [
        ("Recommendation", lambda row: str(row.action.recommendation)),
        ("Action", lambda row: row.action.description),
        ("Agency", lambda row: row.action.owner_agency.name),
        ("Lead", lambda row: row.action.lead_name),
    ]
    if section.shows_completion:
        columns.append(("Completed on", lambda row: _day(row.action.completed_on)))
        columns.append(("Evidence", lambda row: "\n".join(row.evidence) or "None attached"))
        return columns
    columns.append(("Due date", lambda row: _day(row.action.due_date)))
    if section.shows_days_overdue:
        columns.append(("Days overdue", lambda row: str(row.days_overdue)))
    return columns


def _repeat_header(row: Any) -> None:
    """Mark a table's first row as its header, so screen readers announce it and it repeats on
    each page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document: Any, section: PackSection) -> None:
    columns = _columns(section)
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, (header, _) in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    _repeat_header(table.rows[0])
    for row in section.rows:
        cells = table.add_row().cells
        for cell, (_, value) in zip(cells, columns, strict=True):
            cell.text = value(row)


def pack_docx(pack: MeetingPack) -> bytes:
    """A plain Word document: a title, a heading and a table per section, no tracked changes."""
    document = Document()
    title = pack_title(pack)
    document.core_properties.title = title
    document.core_properties.author = "Manx Learning"
    document.add_heading(title, level=0)
    document.add_paragraph(pack_intro(pack))
    for section in pack_sections(pack):
        document.add_heading(f"{section.title} ({len(section.rows)})", level=1)
        if section.rows:
            _table(document, section)
        else:
            document.add_paragraph(section.empty)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
