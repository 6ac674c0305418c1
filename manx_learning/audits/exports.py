"""A programme's results as a spreadsheet-safe CSV, and its moderation record as a tagged PDF."""

from django.db.models import QuerySet

from manx_learning.audits.models import AuditProgramme, CaseAudit, SectionGrade
from manx_learning.audits.results import programme_results
from manx_learning.core.pdf import render_pdf
from manx_learning.core.spreadsheets import csv_text

HEADER = [
    "Agency",
    "Case reference",
    "Section",
    "Original grade",
    "Moderated grade",
    "Changed at moderation",
    "Narrative",
    "Moderation note",
]


def results_csv(programme: AuditProgramme, case_audits: QuerySet[CaseAudit]) -> str:
    """One row per graded section of the case audits given (those the reader may see, as on the
    case pages). Cells starting like a formula are neutralised (csv_text)."""
    grades = SectionGrade.objects.filter(
        case_audit__programme=programme, case_audit__in=case_audits
    ).select_related("case_audit__agency", "section", "grade", "moderated_grade")
    rows = (
        [
            g.case_audit.agency.name,
            g.case_audit.case_reference,
            g.section.title,
            g.grade.label,
            g.moderated_grade.label if g.moderated_grade else "",
            "yes" if g.was_changed_at_moderation else "no",
            g.narrative,
            g.moderation_note,
        ]
        for g in grades.order_by(
            "case_audit__agency__name", "case_audit__case_reference", "section__order"
        )
    )
    return csv_text(HEADER, rows)


def moderation_pdf(programme: AuditProgramme) -> bytes:
    context = {
        "programme": programme,
        "record": programme.moderation,
        "results": programme_results(programme),
        "recommendations": [link.recommendation for link in programme.recommendation_links.all()],
    }
    return render_pdf(
        "audits/pdf/moderation.html", context, title=f"Moderation record: {programme.title}"
    )
