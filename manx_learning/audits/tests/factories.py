"""Grades given in case audits for tests, through the services."""

from manx_learning.audits import services
from manx_learning.audits.models import CaseAudit, Grade


def grade(tool, label: str) -> Grade:
    return Grade.objects.get(scale=tool.scale, label=label)


def grade_all(case: CaseAudit, by, labels: list[str], submit: bool = True) -> CaseAudit:
    """Grade a case's sections with the labels given (the last label repeats)."""
    tool = case.programme.tool
    sections = list(tool.sections.all())
    answers = {
        s.pk: services.Answer(
            grade(tool, labels[min(i, len(labels) - 1)]), f"Records show {s.title.lower()}."
        )
        for i, s in enumerate(sections)
    }
    return services.case_audit_save(case_audit=case, by=by, answers=answers, submit=submit)
