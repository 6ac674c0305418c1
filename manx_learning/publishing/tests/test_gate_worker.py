"""Anonymisation in the task worker: the page queues a run and shows its progress; the worker
reads and anonymises the report; a run that fails shows why and can be started again."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.lib.tests.factories import make_expanding_docx
from manx_learning.publishing import services
from manx_learning.publishing.models import AnonymisationRun
from manx_learning.publishing.tests.factories import approve
from manx_learning.reviews import services as reviews_services

# The worker commits and closes its own connection, so these run outside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def _worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def _start(client, review, user):
    client.force_login(user)
    response = client.post(reverse("publishing:anonymise", args=[review.code]))
    run = AnonymisationRun.objects.get()
    assert response.url == reverse("publishing:run-progress", args=[run.code])
    return run


def _status(html):
    """The status region (role="status"), which the poll in app.mjs refreshes."""
    region = html.split('<div role="status"', 1)[1].split("All anonymisation runs", 1)[0]
    return region


def test_a_queued_run_shows_its_progress_and_the_worker_finishes_it(
    client, approved_review, reviewer
):
    run = _start(client, approved_review, reviewer)
    url = reverse("publishing:run", args=[run.code])
    progress = reverse("publishing:run-progress", args=[run.code])
    assert client.get(url).url == progress  # nothing to check yet
    html = client.get(progress).content.decode()
    status = _status(html)
    assert 'data-job-poll="3000"' in status  # app.mjs asks again every 3 seconds
    assert "Waiting to start" in status and "Waiting for the worker (0%)." in status
    assert "Jayden" not in html  # nothing of the report is shown yet
    assert not AuditEvent.objects.filter(verb="anonymisation.viewed").exists()

    _worker()

    run.refresh_from_db()
    assert (run.status, run.progress_percent, run.characters) == ("done", 100, len(run.source_text))
    assert run.finished_at and run.spans
    status = _status(client.get(progress).content.decode())
    assert 'data-job-poll=""' in status  # the poll stops
    assert f"Finished: {run.characters:,} characters read." in status
    assert f'href="{url}">Check the anonymised report</a>' in status
    html = client.get(url).content.decode()
    assert "Check the anonymised report" in html
    assert '<mark class="app-mark app-mark--register">' in html
    assert AuditEvent.objects.filter(verb="anonymisation.run", actor=reviewer).exists()
    assert AuditEvent.objects.filter(verb="anonymisation.viewed", actor=reviewer).exists()


def test_an_unfinished_run_cannot_be_approved_or_published(
    client, approved_review, reviewer, second_reviewer
):
    run = _start(client, approved_review, reviewer)
    with pytest.raises(ValidationError, match="has not finished"):
        services.run_approve(run, second_reviewer)
    assert "The anonymiser has not finished this run." in services.publication_gaps(run)


def test_a_failed_run_shows_its_error_and_can_be_started_again(
    client, gate_review, reviewer, panel_chair, board_member, settings, tmp_path
):
    # A long report stored before the limit was lowered (as the 190 MB one had been).
    made = make_expanding_docx(tmp_path / "final.docx", 1_500_000)
    upload = SimpleUploadedFile("final.docx", made.read_bytes())
    reviews_services.report_version_add(
        review=gate_review, by=reviewer, kind="final", document=upload
    )
    approve(gate_review, panel_chair, board_member)
    settings.DOCUMENT_DOCX_MAX_XML_BYTES = 1024 * 1024
    run = _start(client, gate_review, reviewer)
    _worker()

    run.refresh_from_db()
    assert run.status == "failed"
    assert run.progress_stage == "Reading the report"  # where it stopped
    assert not run.source_text
    url = reverse("publishing:run-progress", args=[run.code])
    status = _status(client.get(url).content.decode())
    assert 'data-job-poll=""' in status
    assert "Failed" in status
    assert "final.docx expands to" in status
    assert "the limit is 1.0 MB (DOCUMENT_DOCX_MAX_XML_BYTES)" in status
    assert "Start the anonymiser again" in status
    assert AuditEvent.objects.filter(verb="anonymisation.failed").exists()

    settings.DOCUMENT_DOCX_MAX_XML_BYTES = 20 * 1024 * 1024  # the administrator raises it
    response = client.post(url, {"action": "retry"})
    assert response.url == url
    run.refresh_from_db()
    assert (run.status, run.error) == ("queued", "")
    _worker()
    run.refresh_from_db()
    assert run.status == "done" and run.characters > 1_000_000


def test_only_a_failed_run_is_started_again(client, approved_review, reviewer):
    run = _start(client, approved_review, reviewer)
    _worker()
    run.refresh_from_db()
    with pytest.raises(ValidationError, match="Only a failed run"):
        services.anonymisation_retry(run=run, by=reviewer)
