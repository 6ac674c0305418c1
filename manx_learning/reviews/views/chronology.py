"""The integrated multi-agency chronology of a review: import, read, annotate, export."""

from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from manx_learning.core.services import audit_log
from manx_learning.reviews import access, exports, jobs, services
from manx_learning.reviews.forms.chronology import (
    ChronologyFilterForm,
    ChronologyImportForm,
    EntryAnnotationForm,
)
from manx_learning.reviews.models import ChronologyEntry, Review, Stage
from manx_learning.reviews.selectors import chronology_for

PAGE_SIZE = 100
DEFAULT_GAP_DAYS = 28


def _filters(request: HttpRequest, review: Review) -> tuple[ChronologyFilterForm, dict]:
    form = ChronologyFilterForm(request.GET or None, review=review)
    return form, (form.cleaned_data if form.is_valid() else {})


def _filtered(request: HttpRequest, review: Review) -> tuple[ChronologyFilterForm, object]:
    form, filters = _filters(request, review)
    entries = chronology_for(
        review=review,
        agency_id=getattr(filters.get("agency"), "pk", None),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        key_only=bool(filters.get("key_only")),
        flagged_only=bool(filters.get("flagged_only")),
    )
    return form, entries


@dataclass(frozen=True)
class Episode:
    """Consecutive rows of one shared event (or a single row), shown together."""

    entries: list[ChronologyEntry]

    @property
    def same_event(self) -> str:
        return self.entries[0].same_event

    @property
    def is_shared(self) -> bool:
        """A shared event recorded by more than one row gets its own heading row."""
        return bool(self.same_event) and len(self.entries) > 1


def _episodes(entries: list[ChronologyEntry]) -> list[Episode]:
    """Consecutive rows of one shared event are shown together, side by side."""
    return [
        Episode(list(group))
        for _, group in groupby(entries, key=lambda e: e.same_event or f"row-{e.pk}")
    ]


@login_required
def chronology_view(request: HttpRequest, code: str) -> HttpResponse:
    review = access.get_review_for(request.user, code, need=access.can_view_chronology)
    form, entries = _filtered(request, review)
    # Shared events sort together: by date, then shared-event label, then time.
    entries = entries.order_by(
        "occurred_on", "same_event", "occurred_at", "source_file", "source_row"
    )
    audit_log(actor=request.user, verb="chronology.viewed", target=review)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    gap_days = form.cleaned_data.get("gap_days") if form.is_bound and form.is_valid() else None
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "review": review,
        "form": form,
        "page": page,
        "episodes": _episodes(list(page.object_list)),
        "gaps": services.chronology_gaps(review=review, days=gap_days or DEFAULT_GAP_DAYS),
        "gap_days": gap_days or DEFAULT_GAP_DAYS,
        "query": query.urlencode(),
        "total": review.chronology.count(),
        "can_edit": access.can_work_on_review(request.user, review)
        and review.stage in {Stage.GATHERING, Stage.ANALYSIS},
        "files": review.chronology.values("agency__name", "source_file")
        .distinct()
        .order_by("source_file"),
    }
    return render(request, "reviews/chronology/view.html", context)


@login_required
def chronology_import(request: HttpRequest, code: str) -> HttpResponse:
    review = access.get_review_for(request.user, code, write=True)
    form = ChronologyImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        review=review,
    )
    problems: list[str] = []
    mismatch = False
    if request.method == "POST" and form.is_valid():
        try:
            result = services.chronology_import(
                review=review,
                by=request.user,
                agency=form.cleaned_data["agency"],
                upload=form.cleaned_data["file"],
                agency_confirmed=form.cleaned_data["agency_confirmed"],
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            if result.job is not None:
                return redirect("core:job", code=result.job.code)
            if result.agency_mismatch:
                mismatch = True
                form.add_error("agency", result.errors[0])
            elif result.errors:
                problems = result.errors
                form.add_error(
                    "file",
                    f"The file has {len(problems)} problem(s), listed below. Nothing was imported.",
                )
            else:
                note = (
                    f", replacing {result.replaced} from the earlier copy"
                    if result.replaced
                    else ""
                )
                messages.success(request, f"Imported {result.created} entries{note}")
                for warning in result.warnings:
                    messages.warning(request, warning)
                return redirect("reviews:chronology", code=review.code)
    return render(
        request,
        "reviews/chronology/import.html",
        {
            "review": review,
            "form": form,
            "problems": problems,
            "mismatch": mismatch,
            "max_rows": f"{settings.CHRONOLOGY_MAX_ROWS:,}",
            "inline_rows": f"{settings.CHRONOLOGY_INLINE_IMPORT_ROWS:,}",
        },
    )


@login_required
def chronology_entry(request: HttpRequest, code: str, entry_code: str) -> HttpResponse:
    review = access.get_review_for(request.user, code, write=True)
    entry = get_object_or_404(review.chronology, code=entry_code)
    form = EntryAnnotationForm(
        request.POST if request.method == "POST" else None,
        initial={
            "is_key_episode": entry.is_key_episode,
            "flagged": entry.flagged,
            "analysis": entry.analysis,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.chronology_entry_annotate(
            entry=entry,
            by=request.user,
            is_key_episode=form.cleaned_data["is_key_episode"],
            flagged=form.cleaned_data["flagged"],
            analysis=form.cleaned_data["analysis"],
        )
        messages.success(request, "Entry updated")
        return redirect("reviews:chronology", code=review.code)
    same = (
        review.chronology.filter(same_event=entry.same_event).exclude(pk=entry.pk)
        if entry.same_event
        else []
    )
    context = {"review": review, "entry": entry, "form": form, "same": same}
    return render(request, "reviews/chronology/entry.html", context)


@login_required
def chronology_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """Small exports are made in the request; big ones go to the task worker (a job page with
    progress and the download); a PDF beyond PDF_MAX_ENTRIES is refused with the limit."""
    review = access.get_review_for(request.user, code, need=access.can_view_chronology)
    _, filters = _filters(request, review)
    json_filters = jobs.export_filters(filters)
    entries = jobs.export_entries(review, json_filters)
    count = entries.count()
    try:
        background = services.chronology_export_in_background(fmt=fmt, count=count)
        if background:
            job = services.chronology_export_start(
                review=review, by=request.user, fmt=fmt, filters=json_filters, count=count
            )
            return redirect("core:job", code=job.code)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        query = request.GET.urlencode()
        return redirect(
            reverse("reviews:chronology", kwargs={"code": review.code})
            + (f"?{query}" if query else "")
        )
    audit_log(
        actor=request.user,
        verb="chronology.exported",
        target=review,
        detail={"format": fmt, "entries": count},
    )
    if fmt == "xlsx":
        content = exports.chronology_xlsx(review, entries)
    else:
        content = exports.chronology_pdf(review, entries)
    response = HttpResponse(content, content_type=services.EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{review.reference}-chronology.{fmt}"'
    return response
