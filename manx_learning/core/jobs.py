"""Background jobs someone waits for: start one, run it in the task worker, show its progress.

An app that has long work (a big import, a big export) registers a **kind** once, in its
`AppConfig.ready()` (see `reviews/jobs.py`):

    register("chronology.xlsx", run=_run_xlsx, may_access=_may_access)

- `run(job, work)` does the work in the worker. It reports progress with `work.progress(done)`
  (saved at once, outside any transaction, so the page shows it), writes a download with
  `work.result_file(name, content_type)`, and sets the closing message with `work.finish(text)`.
  It fails the job, with problems listed on the page, by raising `JobFailed`.
- `may_access(user, job)` says whether the owner may still see the job and its download (for
  instance that they still work on the review); it is re-checked on every view and download.

`job_start(...)` creates the `Job` and queues `run_job_task` once the surrounding transaction
commits. The page is `/jobs/<code>/` (`core.views.job_page`); only the owner may see it.
Results are deleted `JOB_RESULT_HOURS` after the job finishes (`jobs_expire`, run before each job).
"""

import logging
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from manx_learning.core.models import Job, JobStatus
from manx_learning.core.services import audit_log

logger = logging.getLogger(__name__)

JOBS_FOLDER = "jobs"
FAILED_UNEXPECTEDLY = (
    "Something went wrong while doing this, and nothing was changed. Try again; if it happens "
    "again, tell the business unit."
)


class JobFailed(Exception):
    """Raised by a kind's `run` to fail the job with a message and the problems to list."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Callable[[Job, "Work"], None]
    may_access: Callable[[Any, Job], bool]


_KINDS: dict[str, JobKind] = {}


def register(
    name: str, *, run: Callable[[Job, "Work"], None], may_access: Callable[[Any, Job], bool]
) -> JobKind:
    """Register a kind of job (once per process; registering a name again replaces it)."""
    kind = JobKind(name=name, run=run, may_access=may_access)
    _KINDS[name] = kind
    return kind


def kind_of(job: Job) -> JobKind | None:
    return _KINDS.get(job.kind)


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / JOBS_FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _new_name(suffix: str) -> str:
    return f"{JOBS_FOLDER}/{uuid.uuid4().hex}{suffix}"


def stored_path(name: str) -> Path:
    """The file behind a job's `input_file` or `result_file`, inside MEDIA_ROOT/jobs/."""
    path = (Path(settings.MEDIA_ROOT) / name).resolve()
    if path.parent != _folder().resolve():
        raise ValueError(f"{name} is not a job file")
    return path


def _remove(name: str) -> None:
    if name:
        stored_path(name).unlink(missing_ok=True)


def job_start(
    *,
    kind: str,
    owner: Any,
    title: str,
    params: dict[str, Any],
    total: int,
    unit: str = "rows",
    input_path: Path | None = None,
    back_url: str = "",
    back_text: str = "",
) -> Job:
    """Create a job and queue it for the worker once the current transaction commits.

    `input_path`, if given, is moved (not copied) into MEDIA_ROOT/jobs/ under a generated name;
    the job's run reads it from `work.input_path` and it is deleted when the job ends."""
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    input_file = ""
    if input_path is not None:
        input_file = _new_name(Path(input_path).suffix)
        target = stored_path(input_file)
        shutil.move(input_path, target)
        target.chmod(0o600)
    job = Job.objects.create(
        kind=kind,
        owner=owner,
        title=title[:200],
        params=params,
        total=total,
        unit=unit,
        input_file=input_file,
        back_url=back_url,
        back_text=back_text,
    )
    audit_log(actor=owner, verb="job.started", target=job, detail={"kind": kind, "total": total})
    transaction.on_commit(lambda: run_job_task.enqueue(job_code=str(job.code)))
    return job


class Work:
    """What a kind's `run` is given besides the job: progress, the input and the result file."""

    def __init__(self, job: Job) -> None:
        self.job = job

    @property
    def input_path(self) -> Path:
        return stored_path(self.job.input_file)

    def progress(self, done: int, *, total: int | None = None, message: str = "") -> None:
        """Save progress now. Call it outside a transaction, or the page cannot see it yet."""
        self.job.done = done
        if total is not None:
            self.job.total = total
        self.job.message = message
        Job.objects.filter(pk=self.job.pk).update(
            done=self.job.done, total=self.job.total, message=message, updated_at=timezone.now()
        )

    @contextmanager
    def result_file(self, download_name: str, content_type: str) -> Iterator[IO[bytes]]:
        """An open file to write the result into; kept only if the block finishes."""
        name = _new_name(Path(download_name).suffix)
        path = stored_path(name)
        try:
            with path.open("xb") as handle:
                path.chmod(0o600)
                yield handle
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        self.job.result_file, self.job.download_name = name, download_name
        self.job.content_type = content_type

    def finish(self, message: str) -> None:
        self.job.message = message


@task
def run_job_task(job_code: str) -> str:
    """Run one queued job (the worker calls this; `job_code` is the job's UUID as text)."""
    jobs_expire()
    job = Job.objects.filter(code=job_code, status=JobStatus.QUEUED).first()
    if job is None:
        return "not queued"
    kind = kind_of(job)
    job.status, job.started_at = JobStatus.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])
    work = Work(job)
    try:
        if kind is None:
            raise JobFailed(f"This kind of job ({job.kind}) no longer exists.")
        kind.run(job, work)
    except JobFailed as failure:
        _remove(job.result_file)
        job.status, job.message, job.problems = JobStatus.FAILED, failure.message, failure.problems
        job.result_file = ""
    except Exception:
        logger.exception("job %s (%s) failed", job.code, job.kind)
        _remove(job.result_file)
        job.status, job.message, job.result_file = JobStatus.FAILED, FAILED_UNEXPECTEDLY, ""
    else:
        job.status = JobStatus.DONE
    finally:
        _remove(job.input_file)
        job.input_file = ""
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + timedelta(hours=settings.JOB_RESULT_HOURS)
    job.save()
    return str(job.status)


def jobs_expire(now: Any = None) -> int:
    """Delete the files of jobs past `expires_at`, and give up on jobs that have waited longer than
    JOB_RESULT_HOURS for a worker. Returns how many jobs it tidied."""
    now = now or timezone.now()
    tidied = 0
    for job in Job.objects.filter(expires_at__lte=now).exclude(result_file=""):
        _remove(job.result_file)
        Job.objects.filter(pk=job.pk).update(result_file="")
        tidied += 1
    stale = now - timedelta(hours=settings.JOB_RESULT_HOURS)
    for job in Job.objects.filter(status=JobStatus.QUEUED, created_at__lte=stale):
        _remove(job.input_file)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            input_file="",
            message="The worker did not start this in time. Try again.",
            finished_at=now,
            expires_at=now,
        )
        tidied += 1
    return tidied


def job_downloaded(*, job: Job, by: Any) -> Path:
    """The result file of a finished job, with the download written to the audit trail."""
    audit_log(
        actor=by,
        verb="job.downloaded",
        target=job,
        # The kind's own arguments say what was downloaded (e.g. which review, which filters).
        detail={**job.params, "kind": job.kind, "file": job.download_name},
    )
    return stored_path(job.result_file)
