"""Anonymisation runs, the reviewer's screen for them, two-person approval and the publication
gate. Runs show real names: only the business unit and the review's assigned reviewers see them,
and every view is audited. Only the business unit publishes."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from manx_learning.core.services import audit_log
from manx_learning.publishing import access, services
from manx_learning.publishing.forms.gate import DecisionsForm, MissedTextForm, PublishForm
from manx_learning.publishing.models import AnonymisationRun
from manx_learning.reviews import access as reviews_access


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@never_cache
def anonymise(request: HttpRequest, code: Any) -> HttpResponse:
    review = reviews_access.get_review_for(
        request.user, code, need=reviews_access.can_view_register
    )
    version = services.latest_final_version(review)
    if request.method == "POST" and version:
        try:
            run = services.anonymisation_start(version=version, by=request.user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, "The anonymiser has started: this page shows its progress")
            return redirect("publishing:run-progress", code=run.code)
    runs = AnonymisationRun.objects.filter(report_version__review=review).select_related(
        "report_version", "run_by", "approved_by"
    )
    context = {
        "review": review,
        "version": version,
        "runs": runs,
        "not_yet": services.not_anonymisable_because(review),
    }
    return render(request, "publishing/gate/anonymise.html", context)


# How often the page of a queued or running run asks for its progress again (milliseconds), by
# the poll in assets/js/app.mjs (`data-job-poll`); without JavaScript the page has a link.
POLL_MS = 3000


@login_required
@never_cache
def run_progress(request: HttpRequest, code: Any) -> HttpResponse:
    """A run's progress: queued or running, finished (with a link to the report), or failed
    with why and a way to start it again. Nothing of the report is shown (no names), so the
    visits, made every few seconds by the poll, are not audited."""
    run = access.get_run_for(request.user, code)
    if request.method == "POST" and request.POST.get("action") == "retry":
        try:
            services.anonymisation_retry(run=run, by=request.user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, "The anonymiser has started again")
        return redirect("publishing:run-progress", code=run.code)
    context = {
        "run": run,
        "review": run.report_version.review,
        "poll_ms": POLL_MS if run.is_pending else "",
    }
    return render(request, "publishing/gate/run_progress.html", context)


def _save_decisions(request: HttpRequest, run: AnonymisationRun, form: DecisionsForm) -> bool:
    try:
        services.span_decisions_save(run=run, decisions=form.decisions(), by=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
@never_cache
def run_detail(request: HttpRequest, code: Any) -> HttpResponse:
    run = access.get_run_for(request.user, code)
    if not run.is_done:
        return redirect("publishing:run-progress", code=run.code)
    audit_log(actor=request.user, verb="anonymisation.viewed", target=run)
    detected = [(i, s) for i, s in enumerate(run.spans) if s["source"] == "detected"]
    decided = dict(run.decisions.values_list("span_index", "decision"))
    action = request.POST.get("action") if request.method == "POST" else None
    initial = {f"span_{i}": decision for i, decision in decided.items()}
    form = DecisionsForm(
        request.POST if action == "decide" else None, spans=detected, initial=initial
    )
    missed_form = MissedTextForm(request.POST if action == "missed" else None)
    if action == "decide" and form.is_valid() and _save_decisions(request, run, form):
        messages.success(request, "Decisions saved")
        return redirect("publishing:run", code=run.code)
    if action == "missed" and missed_form.is_valid():
        try:
            services.missed_text_add(
                run=run,
                text=missed_form.cleaned_data["text"],
                replacement=missed_form.cleaned_data["replacement"],
                by=request.user,
            )
        except ValidationError as error:
            missed_form.add_error("text", error.messages)
        else:
            messages.success(request, "Missed text marked: every occurrence is replaced")
            return redirect("publishing:run", code=run.code)
    context = {
        "run": run,
        "review": run.report_version.review,
        "segments": services.anonymised_segments(run),
        # `form` is the one submitted, so the page's error summary and title show its errors.
        "form": missed_form if action == "missed" else form,
        "decisions_form": form,
        "missed_form": missed_form,
        "missed": run.missed.all(),
        "open_count": len(services.undecided_spans(run)),
        "can_approve": request.user.pk != run.run_by_id,
    }
    return render(request, "publishing/gate/run.html", context)


@login_required
@require_POST
def approve(request: HttpRequest, code: Any) -> HttpResponse:
    run = access.get_run_for(request.user, code)
    try:
        services.run_approve(run=run, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, "Anonymisation approved")
    return redirect("publishing:run", code=run.code)


@login_required
@never_cache
def publish(request: HttpRequest, code: Any) -> HttpResponse:
    run = access.get_run_for(request.user, code, write=True)
    review = run.report_version.review
    gaps = services.publication_gaps(run)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not gaps and form.is_valid():
        try:
            data = form.cleaned_data
            item = services.publish(
                run=run,
                by=request.user,
                title=data["title"],
                summary=data["summary"],
                audience=data["audience"],
                themes=data["themes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Published")
            return redirect(f"/learning/{item.slug}/")
    context = {"run": run, "review": review, "gaps": gaps, "form": form}
    if not gaps:
        context["body_html"] = services.published_body_html(run)
    return render(request, "publishing/gate/publish.html", context)
