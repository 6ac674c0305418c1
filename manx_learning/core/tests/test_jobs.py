"""The background-job machinery any app can reuse: a kind registers its run and its access
check; the worker runs it, a failure is shown without detail, and nothing half-written stays."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from manx_learning.core.jobs import (
    FAILED_UNEXPECTEDLY,
    JobFailed,
    job_start,
    jobs_expire,
    register,
)
from manx_learning.core.models import Job, JobStatus

WRITTEN: list[str] = []


def _run_report(job, work):
    if job.params.get("no_file"):  # like an import: the work is the result, there is no download
        work.finish("Imported 3 entries.")
        return
    with work.result_file("report.txt", "text/plain") as handle:
        WRITTEN.append(handle.name)
        handle.write(b"half a report")
        if job.params.get("crash"):
            raise RuntimeError("secret detail from deep inside")
        if job.params.get("refuse"):
            raise JobFailed("Row 3 is wrong.", problems=["row 3: date is missing"])
    work.progress(job.total)
    work.finish("The report is ready.")


@pytest.fixture(autouse=True)
def report_kind(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    register("test.report", run=_run_report, may_access=lambda user, job: job.params.get("open"))
    WRITTEN.clear()


def _start(owner, **params):
    return job_start(
        kind="test.report", owner=owner, title="A report", params={"open": True, **params}, total=1
    )


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_kind_registered_by_any_app_runs_in_the_worker_and_its_owner_downloads_it(
    client, business_unit_officer
):
    job = _start(business_unit_officer)
    _run_worker()
    job.refresh_from_db()
    assert (job.status, job.message, job.done) == (JobStatus.DONE, "The report is ready.", 1)
    assert job.expires_at == job.finished_at + timedelta(hours=24)
    client.force_login(business_unit_officer)
    response = client.get(f"/jobs/{job.code}/download")
    assert b"".join(response.streaming_content) == b"half a report"
    assert response["Content-Type"] == "text/plain"


@pytest.mark.django_db(transaction=True)
def test_an_unexpected_error_fails_the_job_without_detail_and_leaves_no_file(
    client, business_unit_officer
):
    job = _start(business_unit_officer, crash=True)
    _run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == FAILED_UNEXPECTEDLY
    assert WRITTEN and not any(map(_exists, WRITTEN))
    client.force_login(business_unit_officer)
    html = client.get(f"/jobs/{job.code}/").content.decode()
    assert "Something went wrong" in html and "secret detail" not in html
    assert client.get(f"/jobs/{job.code}/download").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_refusal_lists_its_problems_on_the_page(client, business_unit_officer):
    job = _start(business_unit_officer, refuse=True)
    _run_worker()
    client.force_login(business_unit_officer)
    html = client.get(f"/jobs/{job.code}/").content.decode()
    assert "Row 3 is wrong." in html and "row 3: date is missing" in html
    assert not any(map(_exists, WRITTEN))


@pytest.mark.django_db(transaction=True)
def test_a_job_without_a_download_does_not_say_its_download_has_expired(
    client, business_unit_officer
):
    job = _start(business_unit_officer, no_file=True)
    _run_worker()
    client.force_login(business_unit_officer)
    html = client.get(f"/jobs/{job.code}/").content.decode()
    assert "Imported 3 entries." in html
    assert "expired" not in html and "Download" not in html


@pytest.mark.django_db(transaction=True)
def test_an_expired_download_says_so_and_how_to_get_a_new_copy(client, business_unit_officer):
    job = _start(business_unit_officer)
    _run_worker()
    jobs_expire(now=timezone.now() + timedelta(hours=25))
    client.force_login(business_unit_officer)
    html = client.get(f"/jobs/{job.code}/").content.decode()
    assert "The download has expired." in html
    assert client.get(f"/jobs/{job.code}/download").status_code == 404


def test_the_kind_decides_whether_even_the_owner_may_still_see_it(client, business_unit_officer):
    job = _start(business_unit_officer, open=False)
    client.force_login(business_unit_officer)
    assert client.get(f"/jobs/{job.code}/").status_code == 404


def test_a_job_no_worker_started_in_time_is_given_up(business_unit_officer):
    job = _start(business_unit_officer)
    assert jobs_expire(now=timezone.now() + timedelta(hours=25)) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "did not start this in time" in job.message


def test_an_unknown_kind_cannot_be_started(business_unit_officer):
    with pytest.raises(ValueError, match="unknown job kind"):
        job_start(kind="nope", owner=business_unit_officer, title="x", params={}, total=0)
    assert not Job.objects.exists()


def _exists(name: str) -> bool:
    return Path(name).exists()
