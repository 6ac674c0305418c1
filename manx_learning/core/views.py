from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from manx_learning.core import access, jobs


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers; 503 otherwise. Used by load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# Background jobs -------------------------------------------------------------------------------

# How often (milliseconds) assets/js/app.mjs asks the page again while a job is unfinished.
JOB_POLL_MILLISECONDS = 3000


@login_required
@require_safe
@never_cache
def job_page(request: HttpRequest, code: str) -> HttpResponse:
    """Progress of one background job, for its owner; the result's download link when done."""
    job = access.get_job_for(request.user, code)
    context = {
        "job": job,
        "can_download": job.can_download(),
        "expired": job.download_expired(),
        "poll": None if job.is_finished else JOB_POLL_MILLISECONDS,
        "hours": settings.JOB_RESULT_HOURS,
    }
    return render(request, "core/job.html", context)


@login_required
@require_safe
@never_cache
def job_download(request: HttpRequest, code: str) -> FileResponse:
    job = access.get_job_for(request.user, code)
    if not job.can_download():
        raise Http404("This download has expired or is not ready.")
    path = jobs.job_downloaded(job=job, by=request.user)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.download_name,
        content_type=job.content_type or "application/octet-stream",
    )
