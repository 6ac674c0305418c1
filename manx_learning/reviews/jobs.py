"""The chronology's background jobs (`core.jobs`): big imports and big exports.

Registered in `ReviewsConfig.ready()`. Each run checks again that the job's owner may still do
this on the review, and access to the job page and its download is re-checked the same way."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from manx_learning.accounts.models import Agency
from manx_learning.core.jobs import JobFailed, Work, register
from manx_learning.core.models import Job
from manx_learning.reviews import access, exports, services
from manx_learning.reviews.models import ChronologyEntry, Review
from manx_learning.reviews.selectors import chronology_for

EXPORT_ORDER = ("occurred_on", "same_event", "occurred_at", "source_file", "source_row")


def _review(job: Job) -> Review | None:
    return Review.objects.filter(code=job.params.get("review")).first()


def _may_import(user: Any, job: Job) -> bool:
    review = _review(job)
    return review is not None and access.can_work_on_review(user, review)


def _may_export(user: Any, job: Job) -> bool:
    review = _review(job)
    return review is not None and access.can_view_chronology(user, review)


def _run_import(job: Job, work: Work) -> None:
    review = _review(job)
    agency = Agency.objects.filter(pk=job.params.get("agency")).first()
    if review is None or agency is None:
        raise JobFailed("The review or the agency no longer exists. Nothing was imported.")
    work.progress(0, message="Reading the rows.")
    try:
        result = services.chronology_import_file(
            review=review,
            by=job.owner,
            agency=agency,
            name=job.params["file"],
            path=work.input_path,
            progress=lambda rows: work.progress(rows, message="Reading the rows."),
            agency_confirmed=bool(job.params.get("agency_confirmed")),
        )
    except (ValidationError, PermissionDenied) as refused:
        messages = getattr(refused, "messages", None) or [str(refused)]
        raise JobFailed(" ".join(messages) + " Nothing was imported.") from refused
    if result.agency_mismatch:
        raise JobFailed(result.errors[0] + " Import the file again to do so.")
    if result.errors:
        raise JobFailed(
            f"The file has {len(result.errors)} problem(s), listed below. Nothing was imported. "
            "Correct these rows and import the file again.",
            problems=result.errors,
        )
    note = f", replacing {result.replaced:,} from the earlier copy" if result.replaced else ""
    work.progress(job.total)
    work.finish(" ".join([f"Imported {result.created:,} entries{note}.", *result.warnings]))


def export_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """The chronology page's filters as JSON for a job (dates as ISO text)."""
    return {
        "agency_id": getattr(filters.get("agency"), "pk", None),
        "date_from": _iso(filters.get("date_from")),
        "date_to": _iso(filters.get("date_to")),
        "key_only": bool(filters.get("key_only")),
        "flagged_only": bool(filters.get("flagged_only")),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def export_entries(review: Review, filters: dict[str, Any]) -> QuerySet[ChronologyEntry]:
    """The entries an export holds, in the page's order, from `export_filters` JSON."""
    return chronology_for(
        review=review,
        agency_id=filters.get("agency_id"),
        date_from=date.fromisoformat(filters["date_from"]) if filters.get("date_from") else None,
        date_to=date.fromisoformat(filters["date_to"]) if filters.get("date_to") else None,
        key_only=bool(filters.get("key_only")),
        flagged_only=bool(filters.get("flagged_only")),
    ).order_by(*EXPORT_ORDER)


def _run_export(job: Job, work: Work) -> None:
    review = _review(job)
    if review is None or not access.can_view_chronology(job.owner, review):
        raise JobFailed("You can no longer read this chronology, so it was not exported.")
    fmt = job.params["format"]
    entries = export_entries(review, job.params.get("filters", {}))
    total = entries.count()
    if fmt == "pdf" and total > settings.PDF_MAX_ENTRIES:
        raise JobFailed(
            f"The chronology now has {total:,} entries with these filters; a PDF holds at most "
            f"{settings.PDF_MAX_ENTRIES:,} (PDF_MAX_ENTRIES). Filter it or download it as Excel."
        )
    work.progress(0, total=total, message="Writing the entries.")
    name = f"{review.reference}-chronology.{fmt}"
    with work.result_file(name, services.EXPORT_TYPES[fmt]) as handle:
        if fmt == "xlsx":
            exports.chronology_xlsx(
                review,
                entries,
                target=handle,
                progress=lambda rows: work.progress(rows, message="Writing the entries."),
            )
        else:
            handle.write(exports.chronology_pdf(review, entries))
    work.progress(total)
    work.finish(f"The export of {total:,} entries is ready.")


def register_jobs() -> None:
    register(services.CHRONOLOGY_IMPORT_JOB, run=_run_import, may_access=_may_import)
    register(services.CHRONOLOGY_EXPORT_JOB, run=_run_export, may_access=_may_export)
